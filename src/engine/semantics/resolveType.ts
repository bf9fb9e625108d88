import type { CrateView } from './crateIndex';
import type { FileItems } from './fileItems';
import { bindGenerics, parseType, pathType, type RustType, UNIT, UNKNOWN } from './rustType';
import { INTEGER_TYPES } from './stdLookup';

/**
 * Where a type was written: the file whose imports apply, the generic parameters in scope, and
 * what `Self` means there. Resolving a type in its scope gives its canonical form: prelude types
 * bare (`Option`, `Result`, `String`), other std types by full path (`std::io::Error`), the crate's
 * own as `crate::Name`, generics as written (`T`, `T::Err`), aliases expanded. Unresolvable names
 * are `unknown`: a name alone is never a type.
 */
export interface TypeScope {
  file: FileItems;
  crate: CrateView;
  generics: ReadonlySet<string>;
  /** The impl's self type as written, for `Self`. */
  selfType: string | null;
  /** The impl's associated types, for `Self::Err`. */
  assoc: Readonly<Record<string, string>>;
}

const PRELUDE_TYPES = new Set([
  // Our name for "some iterator of T" (`impl Iterator<Item = T>`, and the std table's iterators).
  'Iterator',
  'Option',
  'Result',
  'Box',
  'String',
  'Vec',
  'bool',
  'char',
  'str',
  'f32',
  'f64',
  ...INTEGER_TYPES,
]);

/** Traits of the 2021 prelude that impls name (`impl From<X> for E`), by their std paths. */
const PRELUDE_STD_TRAITS: Record<string, string> = {
  From: 'std::convert::From',
  Into: 'std::convert::Into',
  TryFrom: 'std::convert::TryFrom',
  TryInto: 'std::convert::TryInto',
  Default: 'std::default::Default',
};

const PRELUDE_TRAITS = new Set([
  'Send',
  'Sync',
  'Sized',
  'Copy',
  'Clone',
  'Fn',
  'FnMut',
  'FnOnce',
  'Iterator',
]);

/** std paths that name a prelude type. */
const PRELUDE_PATHS: Record<string, string> = {
  'std::result::Result': 'Result',
  'std::option::Option': 'Option',
  'std::boxed::Box': 'Box',
  'std::string::String': 'String',
  'std::vec::Vec': 'Vec',
};

const MAX_DEPTH = 8;

export function resolveTypeText(text: string, scope: TypeScope): RustType {
  return resolveType(parseType(text), scope);
}

export function resolveType(t: RustType, scope: TypeScope, depth = 0): RustType {
  if (depth > MAX_DEPTH) return UNKNOWN;
  const again = (u: RustType) => resolveType(u, scope, depth + 1);
  switch (t.kind) {
    case 'ref':
      return { ...t, inner: again(t.inner) };
    case 'tuple':
      return { kind: 'tuple', items: t.items.map(again) };
    case 'array':
      return { kind: 'array', elem: again(t.elem), len: t.len };
    case 'dyn': {
      const traits = t.traits.map((name) => resolveTraitName(name, scope));
      return traits.some((x) => x === null) ? UNKNOWN : { kind: 'dyn', traits: traits as string[] };
    }
    case 'path':
      return resolvePathType(t, scope, depth);
    default:
      return t;
  }
}

function resolvePathType(t: Extract<RustType, { kind: 'path' }>, scope: TypeScope, depth: number): RustType {
  const args = t.args.map((a) => resolveType(a, scope, depth + 1));
  const segments = t.path.split('::');
  const first = segments[0] ?? '';
  if (scope.generics.has(first)) return { kind: 'path', path: t.path, args };
  if (first === 'Self') {
    if (segments.length === 1)
      return scope.selfType ? resolveTypeText(scope.selfType, { ...scope, selfType: null }) : UNKNOWN;
    const assoc = segments.length === 2 ? scope.assoc[segments[1] ?? ''] : undefined;
    return assoc ? resolveTypeText(assoc, scope) : UNKNOWN;
  }
  const full = fullPath(t.path, scope);
  if (full === null) return UNKNOWN;
  if (full.startsWith('crate::')) return crateType(full.slice('crate::'.length), args, scope, depth);
  return expandKnownAlias(full, args);
}

/**
 * The full path a written path stands for: `std::…` (core/alloc folded in), `crate::Name` for the
 * crate's own types, another crate's path as imported, or a prelude name; null when unknown.
 */
function fullPath(written: string, scope: TypeScope): string | null {
  const path = written.replace(/^::/, '').replace(/^(core|alloc)::/, 'std::');
  const segments = path.split('::');
  const first = segments[0] ?? '';
  const last = segments[segments.length - 1] ?? '';
  if (first === 'std') return path;
  if (first === 'crate' || first === 'super' || first === 'self')
    return throughModules(segments.slice(1, -1), scope) ? `crate::${last}` : null;
  const imported = new Map(scope.file.imports.names).get(first);
  if (segments.length === 1 && scope.file.types.some((t) => t.name === first)) {
    // Declared in one module and imported into another: which one a use means needs module scopes.
    return imported ? null : `crate::${first}`;
  }
  if (imported && imported.length === 1) {
    const target = (imported[0] ?? '').replace(/^::/, '');
    const rest = segments.slice(1).join('::');
    const joined = rest ? `${target}::${rest}` : target;
    if (/^(crate|super|self)::/.test(joined))
      return throughModules(joined.split('::').slice(1, -1), scope) ? `crate::${last}` : null;
    return joined.replace(/^(core|alloc)::/, 'std::');
  }
  if (imported && imported.length > 1) return null;
  if (segments.length === 1 && PRELUDE_TYPES.has(first)) return first;
  if (segments.length === 1 && PRELUDE_STD_TRAITS[first]) return PRELUDE_STD_TRAITS[first];
  // `use super::*` and friends bring the crate's types in by name.
  const cratesGlob = scope.file.imports.globs.some((g) => /^(crate|super|self)\b/.test(g));
  if (segments.length === 1 && cratesGlob && scope.crate.types(first).length > 0) return `crate::${first}`;
  // A crate's own module path written without `crate::` (`errors::AppError` after `mod errors;`).
  if (
    segments.length > 1 &&
    scope.crate.types(last).length > 0 &&
    !isExternal(first, scope) &&
    throughModules(segments.slice(0, -1), scope)
  )
    return `crate::${last}`;
  return null;
}

/**
 * Whether the segments before a path's last name are the crate's modules: `Shape::Circle` is a
 * variant of the enum `Shape`, not the struct `Circle`, whatever else the crate declares.
 */
function throughModules(segments: readonly string[], scope: TypeScope): boolean {
  return segments.every(
    (s) => s === 'super' || s === 'self' || (scope.crate.modules(s) && scope.crate.types(s).length === 0),
  );
}

function isExternal(first: string, scope: TypeScope): boolean {
  return (
    new Map(scope.file.imports.names).has(first) ||
    ['anyhow', 'eyre', 'color_eyre', 'thiserror'].includes(first)
  );
}

function crateType(name: string, args: RustType[], scope: TypeScope, depth: number): RustType {
  // Two modules (in one file or two) declaring the same name: which one is meant, and whose impls
  // apply to it, needs module paths, which types here do not carry. Unknown.
  const found = scope.crate.types(name);
  const chosen = found.length === 1 ? found[0] : undefined;
  if (!chosen) return UNKNOWN;
  const { item, file } = chosen;
  if (item.kind !== 'alias') return pathType(`crate::${name}`, args);
  if (!item.target) return UNKNOWN;
  // An alias's generics bind to the arguments it was written with, or to their defaults (resolved
  // where the alias is declared); a missing one is unknown.
  const declared: TypeScope = { file, crate: scope.crate, generics: new Set(), selfType: null, assoc: {} };
  const bound = new Map<string, RustType>();
  item.generics.forEach((g, i) => {
    const fallback = item.defaults?.[g];
    const arg = args[i] ?? (fallback ? resolveType(parseType(fallback), declared, depth + 1) : UNKNOWN);
    bound.set(g, arg);
  });
  const target = resolveType(
    parseType(item.target),
    { ...declared, generics: new Set(item.generics) },
    depth + 1,
  );
  return bindGenerics(target, item.generics, bound);
}

const IO_ERROR = pathType('std::io::Error');
const ANYHOW = pathType('anyhow::Error');
const EYRE = pathType('eyre::Report');

/** std's and the error crates' aliases, expanded to what they stand for. */
function expandKnownAlias(full: string, args: RustType[]): RustType {
  const prelude = PRELUDE_PATHS[full];
  if (prelude) return pathType(prelude, args);
  const result = (ok: RustType | undefined, err: RustType) => pathType('Result', [ok ?? UNKNOWN, err]);
  switch (full) {
    case 'std::io::Result':
      return result(args[0], IO_ERROR);
    case 'std::fmt::Result':
      return result(UNIT, pathType('std::fmt::Error'));
    case 'std::thread::Result':
      return result(args[0], pathType('Box', [{ kind: 'dyn', traits: ['std::any::Any', 'Send'] }]));
    case 'std::sync::LockResult':
      return result(args[0], pathType('std::sync::PoisonError', [args[0] ?? UNKNOWN]));
    case 'anyhow::Result':
      return result(args[0], args[1] ?? ANYHOW);
    case 'eyre::Result':
    case 'color_eyre::Result':
    case 'color_eyre::eyre::Result':
      return result(args[0], args[1] ?? EYRE);
    case 'color_eyre::Report':
    case 'color_eyre::eyre::Report':
      return EYRE;
    case 'anyhow::Error':
    case 'eyre::Report':
      return pathType(full);
  }
  return pathType(full, args);
}

function resolveTraitName(name: string, scope: TypeScope): string | null {
  if (PRELUDE_TRAITS.has(name)) return name;
  const full = fullPath(name, scope);
  if (full === null || full === 'Send' || full === 'Sync') return full;
  return full;
}
