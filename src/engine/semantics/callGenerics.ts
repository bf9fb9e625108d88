import { fromStrError } from './conversions';
import type { CrateView, Located } from './crateIndex';
import type { FnItem } from './fileItems';
import { resolveTypeText } from './resolveType';
import { bindGenerics, isKnown, type RustType, typeText, UNKNOWN, mapComponents } from './rustType';

/**
 * A crate fn's return type at one call. Its generics are its own, not the caller's: its type
 * parameters take what the call determines, a turbofish (`parse_row::<u8>(..)`) or the exact
 * type the context demands of the success value (`let v: Vec<u8> = parse_row(..).unwrap()`), and
 * `T::Err` of a `T: FromStr` becomes that type's `FromStr` error. Everything else of its generics
 * (its impl's, those the call leaves open) is unknown.
 */
export function instantiatedReturn(
  declared: RustType,
  fn: Located<FnItem>,
  turbofish: readonly RustType[] | null,
  expected: RustType,
  crate: CrateView,
): RustType {
  const own = fn.item.typeParams ?? [];
  const args = new Map<string, RustType>();
  if (turbofish) {
    if (turbofish.length === own.length) own.forEach((p, i) => args.set(p, turbofish[i] ?? UNKNOWN));
  } else if (own.length > 0 && isOwnedData(expected)) {
    const success = successOf(declared);
    if (!success || !unify(success, expected, own, args)) args.clear();
  }
  return bindGenerics(bindFromStrErrors(declared, fn, args, crate), fn.item.generics, args);
}

/** `Result<T, _>` / `Option<T>` → `T`. */
function successOf(t: RustType): RustType | null {
  return t.kind === 'path' && (t.path === 'Result' || t.path === 'Option') ? (t.args[0] ?? null) : null;
}

/**
 * A type with no reference or trait object anywhere: a `let` annotation of it is the value's exact
 * type (a `&[T]` or `&dyn Trait` annotation may be a coercion of another type).
 */
function isOwnedData(t: RustType): boolean {
  if (!isKnown(t)) return false;
  switch (t.kind) {
    case 'path':
      return t.args.every(isOwnedData);
    case 'tuple':
      return t.items.every(isOwnedData);
    case 'array':
      return t.len !== null && isOwnedData(t.elem);
    default:
      return false;
  }
}

/** Matches a declared type against a known one, binding the type parameters `names`. */
function unify(
  pattern: RustType,
  t: RustType,
  names: readonly string[],
  args: Map<string, RustType>,
): boolean {
  switch (pattern.kind) {
    case 'path': {
      if (names.includes(pattern.path) && pattern.args.length === 0) {
        const bound = args.get(pattern.path);
        if (bound) return typeText(bound) === typeText(t);
        args.set(pattern.path, t);
        return true;
      }
      if (names.includes(pattern.path.split('::')[0] ?? '')) return false;
      return (
        t.kind === 'path' &&
        t.path === pattern.path &&
        t.args.length === pattern.args.length &&
        pattern.args.every((a, i) => unify(a, t.args[i] as RustType, names, args))
      );
    }
    case 'tuple':
      return (
        t.kind === 'tuple' &&
        t.items.length === pattern.items.length &&
        pattern.items.every((p, i) => unify(p, t.items[i] as RustType, names, args))
      );
    case 'array':
      return t.kind === 'array' && t.len === pattern.len && unify(pattern.elem, t.elem, names, args);
    default:
      return false;
  }
}

/** `T::Err` where `T: FromStr` (a bound of the fn) and the call binds `T`: that type's error. */
function bindFromStrErrors(
  t: RustType,
  fn: Located<FnItem>,
  args: ReadonlyMap<string, RustType>,
  crate: CrateView,
): RustType {
  const again = (u: RustType) => bindFromStrErrors(u, fn, args, crate);
  switch (t.kind) {
    case 'path': {
      const [param, assoc, ...rest] = t.path.split('::');
      const bound = param !== undefined ? args.get(param) : undefined;
      if (bound && assoc === 'Err' && rest.length === 0 && t.args.length === 0)
        return boundByFromStr(param as string, fn, crate) ? (fromStrError(bound, crate) ?? UNKNOWN) : UNKNOWN;
      return { kind: 'path', path: t.path, args: t.args.map(again) };
    }
    default:
      return mapComponents(t, again);
  }
}

/**
 * Whether the fn bounds its parameter by std's `FromStr`: then `T::Err` is `FromStr::Err` (another
 * bound with an `Err` would make the name ambiguous, which rustc rejects).
 */
function boundByFromStr(param: string, fn: Located<FnItem>, crate: CrateView): boolean {
  const scope = {
    file: fn.file,
    crate,
    generics: new Set(fn.item.generics),
    selfType: null,
    assoc: {},
    module: fn.item.module,
  };
  return (fn.item.bounds?.[param] ?? []).some((text) => {
    const trait = resolveTypeText(text, scope);
    return trait.kind === 'path' && trait.path === 'std::str::FromStr';
  });
}
