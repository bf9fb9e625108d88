import type { CrateView } from './crateIndex';
import type { FileItems } from './fileItems';
import { bindGenerics, mapComponents, parseType, pathType, type RustType, UNIT, UNKNOWN } from './rustType';
import { AMBIGUOUS, resolveScoped } from './scopes';
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
  /** The module the type is written in (`''` the crate root, `a::b`): its items and imports apply. */
  module: string;
  /** The offset it is written at in `file`, inside a body: the `use`s of the blocks around it apply. */
  at?: number;
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
    case 'tuple':
    case 'array':
      return mapComponents(t, again);
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
  if (full === 'crate') return UNKNOWN;
  return expandKnownAlias(full, args);
}

/**
 * The full path a written path stands for: `std::…` (core/alloc folded in), `crate::<module>::Name`
 * for the crate's own types, another crate's path as imported, or a prelude name; null when unknown.
 * Names are looked up in the scope's block and module only (see `resolveScoped`).
 */
function fullPath(written: string, scope: TypeScope): string | null {
  const path = written.replace(/^::/, '').replace(/^(core|alloc)::/, 'std::');
  const segments = path.split('::');
  const first = segments[0] ?? '';
  const last = segments[segments.length - 1] ?? '';
  const found = resolveScoped(path, scope, 'type');
  if (found === AMBIGUOUS) return null;
  if (found !== undefined) {
    // `Shape::Circle` is a variant of the enum `Shape`, not a struct `Circle`.
    if (found.startsWith('crate::') && !throughModules(found.split('::').slice(1, -1), scope)) return null;
    return found.replace(/^(core|alloc)::/, 'std::');
  }
  if (segments.length === 1 && PRELUDE_TYPES.has(first)) return first;
  if (segments.length === 1 && PRELUDE_STD_TRAITS[first]) return PRELUDE_STD_TRAITS[first];
  // A crate's own module path written without `crate::` (`errors::AppError` after `mod errors;`
  // in another file than the one that declares the module).
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

/** A crate type by its path in the crate (`a::Name`), in canonical form `crate::Name`. */
function crateType(path: string, args: RustType[], scope: TypeScope, depth: number): RustType {
  const at = path.lastIndexOf('::');
  const name = at < 0 ? path : path.slice(at + 2);
  const module = at < 0 ? '' : path.slice(0, at);
  // A name declared once in the crate is `crate::Name`; one that two modules declare is named with
  // the module the path leads to (`crate::config::Error`), where the crate's lookups by base name
  // (methods, fields) find nothing: only conversions (`From` impls, matched by resolved type) see it.
  const found = scope.crate.types(name);
  const exact = found.filter((t) => t.item.module === module && t.item.kind === 'alias');
  // Two modules' `Error`s: the one the path leads to, named with its module (`crate::config::Error`).
  const inModule = found.length > 1 ? found.filter((t) => t.item.module === module) : [];
  const chosen =
    exact.length === 1
      ? exact[0]
      : found.length === 1
        ? found[0]
        : inModule.length === 1
          ? inModule[0]
          : undefined;
  if (!chosen) return UNKNOWN;
  const { item, file } = chosen;
  if (item.kind !== 'alias')
    return pathType(found.length > 1 && module ? `crate::${module}::${name}` : `crate::${name}`, args);
  if (!item.target) return UNKNOWN;
  // An alias's generics bind to the arguments it was written with, or to their defaults (resolved
  // where the alias is declared); a missing one is unknown.
  const declared: TypeScope = {
    file,
    crate: scope.crate,
    generics: new Set(),
    selfType: null,
    assoc: {},
    module: item.module,
  };
  const bound = new Map<string, RustType>();
  item.generics.forEach((g, i) => {
    const fallback = item.defaults?.[g];
    const arg = args[i] ?? (fallback ? resolveType(parseType(fallback), declared, depth + 1) : UNKNOWN);
    bound.set(g, arg);
  });
  const target = resolveType(
    parseType(item.target),
    {
      file,
      crate: scope.crate,
      generics: new Set(item.generics),
      selfType: null,
      assoc: {},
      module: item.module,
    },
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
