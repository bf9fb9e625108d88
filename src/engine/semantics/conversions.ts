import type { CrateView, Located } from './crateIndex';
import type { ImplItem } from './fileItems';
import { resolveTypeText, type TypeScope } from './resolveType';
import { pathType, type RustType, sameType, typeText } from './rustType';
import { INTEGER_TYPES, stdFromStrError } from './stdLookup';
import {
  STD_ERROR_FROM,
  STD_ERROR_TYPES,
  STD_GENERIC_ERROR_TYPES,
  STD_SEND_SYNC_TYPES,
} from './stdSignatures';

/**
 * Whether `?` converts an error of type `from` into `to`, the error the enclosing fn returns.
 * True only when that is certain: the same type, a std error into `Box<dyn Error>` (with `Send +
 * Sync` only for types known to have them), a `&str`/`String` into a boxed error or a `String`, a
 * `From` impl the crate declares, or a std error into anyhow's or eyre's error.
 */
export function errorConverts(from: RustType, to: RustType, crate: CrateView): boolean {
  if (from.kind === 'unknown' || to.kind === 'unknown') return false;
  // Lifetimes are not kept: a borrowed error (`&str` tied to an argument, `ParseError<'a>`) may not
  // live as long as the fn's error type needs (`&'static str`, `Box<dyn Error>`). Only copying
  // conversions are sure: `&str` into `String` or a boxed error.
  // A `&'static str` the code declares (`Result<u8, &'static str>`) goes wherever a literal goes.
  if (isStaticStr(from)) return literalConverts(to, crate);
  if (borrows(from, crate))
    return isStr(from) && (isBoxedError(to) || (to.kind === 'path' && to.path === 'String'));
  if (sameType(from, to)) return true;
  if (from.kind === 'path' && to.kind === 'path' && STD_ERROR_FROM[to.path]?.includes(from.path)) return true;
  if (isBoxedError(to)) {
    if (isStdError(from, crate) || isStringLike(from)) return true;
    // The crate's own error types: into a `Send + Sync` box only when every field is known to be.
    const inner = to.kind === 'path' ? to.args[0] : undefined;
    const traits = inner?.kind === 'dyn' ? inner.traits : [];
    const sendSync = traits.includes('Send') || traits.includes('Sync');
    return (
      from.kind === 'path' &&
      from.path.startsWith('crate::') &&
      implementsError(from, crate) &&
      (!sendSync || isSendSync(from, crate, new Set()))
    );
  }
  if (to.kind === 'path' && (to.path === 'anyhow::Error' || to.path === 'eyre::Report'))
    return isStdError(from, crate);
  if (to.kind === 'path' && to.path === 'String') return isStr(from);
  if (to.kind === 'path' && to.path.startsWith('crate::')) return hasFromImpl(from, to, crate);
  return false;
}

/**
 * Whether a string literal (the message of `.ok_or("…")`) converts into the fn's error type: it is
 * `&'static str`, so wherever a `&str` goes, into `String` or a boxed error, or a crate type
 * that is `From<&str>`.
 */
export function literalConverts(to: RustType, crate: CrateView): boolean {
  if (isStr(to) || isBoxedError(to) || (to.kind === 'path' && to.path === 'String')) return true;
  return to.kind === 'path' && to.path.startsWith('crate::') && hasFromImpl(STR, to, crate);
}

const STR: RustType = { kind: 'ref', mutable: false, inner: { kind: 'path', path: 'str', args: [] } };

/**
 * `Box<dyn Error>` or `Box<dyn Error + Send + Sync>`: the two boxes std converts errors and strings
 * into. `Box<dyn Error + Send>` (or `+ Sync` alone) has no such `From` impls.
 */
export function isBoxedError(t: RustType): boolean {
  if (t.kind !== 'path' || t.path !== 'Box' || t.args.length !== 1) return false;
  const inner = t.args[0] as RustType;
  if (inner.kind !== 'dyn') return false;
  const [first, ...rest] = inner.traits;
  if (first !== 'std::error::Error') return false;
  const markers = new Set(rest);
  return (
    rest.length === markers.size &&
    (markers.size === 0 || (markers.size === 2 && markers.has('Send') && markers.has('Sync')))
  );
}

function isStaticStr(t: RustType): boolean {
  return isStr(t) && t.kind === 'ref' && t.lifetime === "'static";
}

/** std types without arguments that are `Send + Sync`. */
const SEND_SYNC_LEAVES = new Set([
  ...INTEGER_TYPES,
  'bool',
  'char',
  'f32',
  'f64',
  'String',
  'str',
  ...STD_SEND_SYNC_TYPES,
]);
/** std containers that are `Send + Sync` when their arguments are. */
const SEND_SYNC_CONTAINERS = new Set([
  'Vec',
  'Option',
  'Result',
  'Box',
  'std::collections::HashMap',
  'std::collections::BTreeMap',
  'std::collections::HashSet',
  'std::collections::BTreeSet',
  'std::collections::VecDeque',
  'std::sync::Arc',
]);

/**
 * Whether a type is known to be `Send + Sync`: plain std data, std errors, std containers of such,
 * `'static` strings, and the crate's non-generic types whose every field is (a cycle counts as
 * yes: it adds no field of another kind). Anything unknown is not.
 */
function isSendSync(t: RustType, crate: CrateView, seen: Set<string>): boolean {
  switch (t.kind) {
    case 'ref':
      return isStaticStr(t);
    case 'tuple':
      return t.items.every((i) => isSendSync(i, crate, seen));
    case 'array':
      return isSendSync(t.elem, crate, seen);
    case 'dyn':
      return t.traits.includes('Send') && t.traits.includes('Sync');
    case 'path': {
      if (isStdError(t, crate) || (t.args.length === 0 && SEND_SYNC_LEAVES.has(t.path))) return true;
      if (SEND_SYNC_CONTAINERS.has(t.path)) return t.args.every((a) => isSendSync(a, crate, seen));
      if (!t.path.startsWith('crate::') || t.args.length > 0) return false;
      if (seen.has(t.path)) return true;
      seen.add(t.path);
      const found = crate.typesAt(t.path.slice('crate::'.length));
      const only = found.length === 1 ? found[0] : undefined;
      if (!only || only.item.generics.length > 0 || only.item.lifetimes || !only.item.fieldTypes)
        return false;
      if (only.item.kind !== 'struct' && only.item.kind !== 'enum') return false;
      const scope: TypeScope = {
        file: only.file,
        crate,
        generics: new Set(),
        selfType: null,
        assoc: {},
        module: only.item.module,
      };
      return only.item.fieldTypes.every((text) => isSendSync(resolveTypeText(text, scope), crate, seen));
    }
    default:
      return false;
  }
}

/** A std type that is `Error + Send + Sync + 'static`; a generic one (`SendError<T>`) when its payload is. */
function isStdError(t: RustType, crate: CrateView): boolean {
  if (t.kind !== 'path') return false;
  if (t.args.length === 0) return STD_ERROR_TYPES.includes(t.path);
  const [payload, ...rest] = t.args;
  return (
    rest.length === 0 &&
    !!payload &&
    STD_GENERIC_ERROR_TYPES.includes(t.path) &&
    isSendSync(payload, crate, new Set())
  );
}

function isStr(t: RustType): boolean {
  return t.kind === 'ref' && t.inner.kind === 'path' && t.inner.path === 'str';
}

function isStringLike(t: RustType): boolean {
  return isStr(t) || (t.kind === 'path' && t.path === 'String');
}

function scopeOf(impl: Located<ImplItem>, crate: CrateView): TypeScope {
  return {
    file: impl.file,
    crate,
    generics: new Set(impl.item.generics),
    selfType: impl.item.selfType,
    assoc: impl.item.assoc,
    module: impl.item.module,
  };
}

/** Impls of a std trait (`From`, `FromStr`, `Error`) the crate declares for a type, resolved. */
function implsOf(
  traitName: string,
  self: RustType,
  crate: CrateView,
): Array<{ impl: Located<ImplItem>; traitType: RustType }> {
  const found: Array<{ impl: Located<ImplItem>; traitType: RustType }> = [];
  for (const impl of crate.traitImpls(traitName.slice(traitName.lastIndexOf('::') + 2))) {
    if (impl.item.generics.length > 0) continue;
    const scope = scopeOf(impl, crate);
    const traitType = resolveTypeText(impl.item.trait ?? '', scope);
    if (traitType.kind !== 'path' || traitType.path !== traitName) continue;
    if (!sameType(resolveTypeText(impl.item.selfType, scope), self)) continue;
    found.push({ impl, traitType });
  }
  return found;
}

/** Whether a type holds a reference, or is a crate type with lifetime parameters. */
function borrows(t: RustType, crate: CrateView): boolean {
  switch (t.kind) {
    case 'ref':
      return true;
    case 'path': {
      if (t.args.some((a) => borrows(a, crate))) return true;
      if (!t.path.startsWith('crate::')) return false;
      return crate.typesAt(t.path.slice('crate::'.length)).some((found) => found.item.lifetimes);
    }
    case 'tuple':
      return t.items.some((i) => borrows(i, crate));
    case 'array':
      return borrows(t.elem, crate);
    default:
      return false;
  }
}

function implementsError(t: RustType, crate: CrateView): boolean {
  return implsOf('std::error::Error', t, crate).length > 0;
}

function hasFromImpl(from: RustType, to: RustType, crate: CrateView): boolean {
  const exact = implsOf('std::convert::From', to, crate).some(({ traitType }) => {
    const source = traitType.kind === 'path' ? traitType.args[0] : undefined;
    // Lifetimes are not kept, so `&'static str` and `&str` compare equal.
    return source !== undefined && sameType(source, from);
  });
  return exact || blanketFromConverts(from, to, crate);
}

/** Bounds an error type meets whenever it is an `Error + Send + Sync + 'static` (lifetimes are not read). */
const ERROR_BOUNDS = new Set(['std::error::Error', 'std::fmt::Debug', 'std::fmt::Display']);
const THREAD_BOUNDS = new Set(['Send', 'Sync', 'std::marker::Send', 'std::marker::Sync']);

/**
 * `impl<E: Error> From<E> for AppError` (or `E: std::error::Error + Send + Sync + 'static`): every
 * error type converts, when it meets the bounds. A bound of another kind is not judged.
 */
function blanketFromConverts(from: RustType, to: RustType, crate: CrateView): boolean {
  const isError =
    isStdError(from, crate) ||
    (from.kind === 'path' && from.path.startsWith('crate::') && implementsError(from, crate));
  if (!isError || borrows(from, crate)) return false;
  for (const impl of crate.traitImpls('From')) {
    const { item } = impl;
    const param = item.generics.length === 1 ? item.generics[0] : undefined;
    if (!param) continue;
    const scope = scopeOf(impl, crate);
    const trait = resolveTypeText(item.trait ?? '', scope);
    const source = trait.kind === 'path' && trait.path === 'std::convert::From' ? trait.args[0] : undefined;
    if (source?.kind !== 'path' || source.path !== param || source.args.length > 0) continue;
    if (!sameType(resolveTypeText(item.selfType, scope), to)) continue;
    // `Send` and `Sync` come from the prelude, which type resolution does not read: by their text.
    const written = (item.bounds?.[param] ?? []).map((b) => b.replace(/\s+/g, ''));
    const named = written.map((b) => {
      if (THREAD_BOUNDS.has(b)) return b;
      const t = resolveTypeText(b, scope);
      return t.kind === 'path' && t.args.length === 0 ? t.path : '';
    });
    if (!named.includes('std::error::Error')) continue;
    if (!named.every((b) => ERROR_BOUNDS.has(b) || THREAD_BOUNDS.has(b))) continue;
    const needsThreads = named.some((b) => THREAD_BOUNDS.has(b));
    if (!needsThreads || isSendSync(from, crate, new Set())) return true;
  }
  return false;
}

/** `<T as FromStr>::Err`: from the std table, the crate's impl, or `T::Err` for a generic `T`. */
export function fromStrError(t: RustType, crate: CrateView): RustType | null {
  if (t.kind !== 'path') return null;
  const std = stdFromStrError(t);
  if (std) return std;
  if (t.path.startsWith('crate::')) {
    const impls = implsOf('std::str::FromStr', t, crate);
    const err = impls.length === 1 ? impls[0]?.impl.item.assoc.Err : undefined;
    return err && impls[0] ? resolveTypeText(err, scopeOf(impls[0].impl, crate)) : null;
  }
  // A generic parameter: its `Err` is written the same way in the signature.
  if (/^[A-Z]\w*$/.test(t.path) && t.args.length === 0 && !t.path.includes('::'))
    return pathType(`${t.path}::Err`);
  return null;
}

/** `<Target as TryFrom<Source>>::Error`, for integer conversions and the crate's own impls. */
export function tryFromError(target: RustType, source: RustType, crate: CrateView): RustType | null {
  const int = (t: RustType) => t.kind === 'path' && INTEGER_TYPES.has(t.path);
  if (int(target) && int(source)) {
    // Widening conversions are infallible: their error is `Infallible`.
    const [s, t] = [source, target].map((x) => (x.kind === 'path' ? x.path : ''));
    return widens(s ?? '', t ?? '')
      ? pathType('std::convert::Infallible')
      : pathType('std::num::TryFromIntError');
  }
  const std = stdTryFromError(target, source);
  if (std) return std;
  if (target.kind === 'path' && target.path.startsWith('crate::') && source.kind !== 'unknown') {
    const impls = implsOf('std::convert::TryFrom', target, crate).filter(({ traitType }) => {
      const arg = traitType.kind === 'path' ? traitType.args[0] : undefined;
      return arg !== undefined && typeText(arg) === typeText(source);
    });
    const err = impls.length === 1 ? impls[0]?.impl.item.assoc.Error : undefined;
    return err && impls[0] ? resolveTypeText(err, scopeOf(impls[0].impl, crate)) : null;
  }
  return null;
}

/** Types `[T; N]: TryFrom<&[T]>` is sure to hold for: `T: Copy`. */
const COPY_PRIMITIVES = new Set([...INTEGER_TYPES, 'bool', 'char', 'f32', 'f64']);

/**
 * std's other `TryFrom` impls that learners call: `char` from `u32` (or `u8`, lossless), the
 * small integers from `char`, and a slice into an array of `Copy` items (`b[..4].try_into()`,
 * the slice auto-referenced). Null when std has no such impl or it is not listed here.
 */
function stdTryFromError(target: RustType, source: RustType): RustType | null {
  const path = (t: RustType) => (t.kind === 'path' && t.args.length === 0 ? t.path : null);
  const [to, from] = [path(target), path(source)];
  if (to === 'char' && from === 'u32') return pathType('std::char::CharTryFromError');
  if (to === 'char' && from === 'u8') return pathType('std::convert::Infallible');
  if (from === 'char' && (to === 'u8' || to === 'u16')) return pathType('std::char::TryFromCharError');
  if (from === 'char' && (to === 'u32' || to === 'u64' || to === 'u128'))
    return pathType('std::convert::Infallible');
  const slice = source.kind === 'ref' ? source.inner : source;
  if (
    target.kind === 'array' &&
    target.len !== null &&
    slice.kind === 'array' &&
    slice.len === null &&
    COPY_PRIMITIVES.has(path(slice.elem) ?? '') &&
    sameType(slice.elem, target.elem)
  )
    return pathType('std::array::TryFromSliceError');
  return null;
}

/** Integer conversions std implements with `From` (lossless): their `TryFrom` error is `Infallible`. */
const WIDENING: Record<string, string[]> = {
  u8: ['u16', 'u32', 'u64', 'u128', 'usize', 'i16', 'i32', 'i64', 'i128', 'isize'],
  u16: ['u32', 'u64', 'u128', 'usize', 'i32', 'i64', 'i128'],
  u32: ['u64', 'u128', 'i64', 'i128'],
  u64: ['u128', 'i128'],
  i8: ['i16', 'i32', 'i64', 'i128', 'isize'],
  i16: ['i32', 'i64', 'i128', 'isize'],
  i32: ['i64', 'i128'],
  i64: ['i128'],
};

function widens(source: string, target: string): boolean {
  return source === target || (WIDENING[source]?.includes(target) ?? false);
}
