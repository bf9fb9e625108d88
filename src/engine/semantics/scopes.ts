import type { ScopedUse } from '../imports';
import type { CrateView } from './crateIndex';
import type { FileItems } from './fileItems';
import { childModule, parentModule } from './modulePath';

/**
 * Where a name is looked up: the file, its module (`''` the crate root, `a::b`), and the offset it
 * is written at, when inside a block of that file (a `use` in a fn body is seen in that body only).
 */
export interface NameScope {
  file: FileItems;
  crate: CrateView;
  module: string;
  at?: number;
}

/** The namespace a name is looked up in: types and modules, or fns. */
export type Namespace = 'type' | 'value';

/** A name that two imports or an import and an item both claim, or that cannot be followed. */
export const AMBIGUOUS = null;

const MAX_HOPS = 6;

/** std's globs that bring a `Result` of their own (`use std::io::*`). */
const STD_GLOBS_WITH_RESULT = new Set(['std::io', 'std::fmt', 'std::thread']);

/**
 * The full path a path written in a scope stands for, as Rust scopes names: the items and `use`s of
 * its block and module, then the module's globs. `std::…`, `crate::<module>::<name>` for the crate's
 * own items (the package's own library by its name is the crate too), another crate's path as
 * imported. `undefined` when its first segment names nothing in scope (the prelude may), null when
 * it is ambiguous or cannot be followed. A `use` path whose first segment names nothing is another
 * crate's.
 */
export function resolveScoped(
  written: string,
  scope: NameScope,
  ns: Namespace,
  asUse = false,
  hops = 0,
): string | null | undefined {
  if (hops > MAX_HOPS) return AMBIGUOUS;
  const path = normalize(written);
  const segments = path.split('::');
  const [first = '', ...rest] = segments;
  if (first === 'std' || first === 'crate') return path;
  if (scope.crate.packageName && first === scope.crate.packageName) return ['crate', ...rest].join('::');
  if (first === 'self' || first === 'super') {
    let module: string | null = scope.module;
    let i = first === 'self' ? 1 : 0;
    for (; segments[i] === 'super'; i++) {
      module = module === null ? null : parentModule(module);
    }
    if (module === null) return AMBIGUOUS;
    return ['crate', ...(module ? module.split('::') : []), ...segments.slice(i)].join('::');
  }
  // The first segment of a longer path is a module or a type; the last is in the asked namespace.
  const found = lookupName(first, scope, rest.length > 0 ? 'type' : ns, hops);
  if (found === AMBIGUOUS) return AMBIGUOUS;
  if (found !== undefined) return [found, ...rest].join('::');
  return asUse ? path : undefined;
}

/** The name's meaning in the scope, innermost first; see `resolveScoped`. */
function lookupName(name: string, scope: NameScope, ns: Namespace, hops: number): string | null | undefined {
  const { file, module, at } = scope;
  const follow = (u: ScopedUse, from: FileItems) =>
    resolveScoped(u.path, { file: from, crate: scope.crate, module: u.module }, ns, true, hops + 1);
  // A `use` in a block around the name, the innermost block first.
  if (at !== undefined) {
    const around = usesNamed(file, name).filter(
      (u) => u.name === name && u.module === module && u.block && u.block[0] <= at && at < u.block[1],
    );
    const innermost = Math.max(...around.map((u) => u.block?.[0] ?? -1));
    const inner = around.filter((u) => u.block?.[0] === innermost);
    if (inner.length > 0) return agreed(inner.map((u) => follow(u, file)));
  }
  const declared = declares(file, module, name, ns);
  const imported = usesNamed(file, name).filter((u) => u.module === module && !u.block);
  if (declared && imported.length > 0) return AMBIGUOUS;
  if (declared) return ['crate', ...(module ? module.split('::') : []), name].join('::');
  if (imported.length > 0) return agreed(imported.map((u) => follow(u, file)));
  // Globs: `use super::*` brings the parent's items and imports; std's may bring a `Result`.
  const globs = usesNamed(file, null).filter(
    (u) =>
      u.name === null &&
      u.module === module &&
      (!u.block || (at !== undefined && u.block[0] <= at && at < u.block[1])),
  );
  const hits: Array<string | null> = [];
  for (const glob of globs) {
    const target = follow(glob, file);
    if (target === AMBIGUOUS || target === undefined) return AMBIGUOUS;
    if (target === 'crate' || target.startsWith('crate::')) {
      const from = target === 'crate' ? '' : target.slice('crate::'.length);
      // `use Shape::*` brings an enum's variants: values, not types or fns of that name.
      const last = from.split('::').at(-1) ?? '';
      if (scope.crate.types(last).some((t) => t.item.kind === 'enum')) continue;
      const hit = inModule(name, from, scope.crate, ns, hops);
      if (hit !== undefined) hits.push(hit);
      // A module whose file is not indexed (a report-only scan) may bring its own `Result`.
      else if (name === 'Result' && !scope.crate.knowsModule(from)) return AMBIGUOUS;
    } else if (target.startsWith('std::')) {
      if (name === 'Result' && STD_GLOBS_WITH_RESULT.has(target)) hits.push(`${target}::Result`);
    } else if (name === 'Result') {
      // Another crate's glob may bring its own `Result` (the prelude's other names are left alone).
      return AMBIGUOUS;
    }
  }
  return hits.length > 0 ? agreed(hits) : undefined;
}

/**
 * Where a crate path (`crate::a::name`) leads: to the item its module declares, through the
 * module's re-exports (`pub use`); std's or another crate's path when it re-exports one. undefined
 * when the module declares no such name (or is not indexed), null when ambiguous.
 */
export function declaredAt(
  path: string,
  crate: CrateView,
  ns: Namespace,
  hops = 0,
): string | null | undefined {
  if (hops > MAX_HOPS) return AMBIGUOUS;
  if (!path.startsWith('crate::')) return path;
  const at = path.lastIndexOf('::');
  const name = path.slice(at + 2);
  const module = at === 'crate'.length ? '' : path.slice('crate::'.length, at);
  const found = inModule(name, module, crate, ns, hops);
  if (found === path || found === AMBIGUOUS || found === undefined) return found;
  return declaredAt(found, crate, ns, hops + 1);
}

/** A name in another module of the crate (the target of a glob): its items, then its imports. */
function inModule(
  name: string,
  module: string,
  crate: CrateView,
  ns: Namespace,
  hops: number,
): string | null | undefined {
  const files = crate.filesOfModule(module);
  const declared = files.some((f) => declares(f, module, name, ns));
  const imported = files.flatMap((f) =>
    usesNamed(f, name)
      .filter((u) => u.module === module && !u.block)
      .map((u) => ({ u, f })),
  );
  if (declared && imported.length > 0) return AMBIGUOUS;
  if (declared) return ['crate', ...(module ? module.split('::') : []), name].join('::');
  if (imported.length > 0)
    return agreed(
      imported.map(({ u, f }) => resolveScoped(u.path, { file: f, crate, module }, ns, true, hops + 1)),
    );
  return undefined;
}

/** Whether a file declares the name in that module: a type or module, or a free fn. */
function declares(file: FileItems, module: string, name: string, ns: Namespace): boolean {
  if (ns === 'value') return file.fns.some((f) => f.module === module && f.name === name && f.owner === null);
  return (
    file.types.some((t) => t.module === module && t.name === name) ||
    file.modulePaths.includes(childModule(module, name))
  );
}

/** A file's `use`s by the name they bring (null: globs), grouped once per file's items. */
const USES_BY_NAME = new WeakMap<FileItems, Map<string | null, ScopedUse[]>>();

function usesNamed(file: FileItems, name: string | null): readonly ScopedUse[] {
  let byName = USES_BY_NAME.get(file);
  if (!byName) {
    byName = new Map();
    for (const u of file.uses) {
      const list = byName.get(u.name);
      if (list) list.push(u);
      else byName.set(u.name, [u]);
    }
    USES_BY_NAME.set(file, byName);
  }
  return byName.get(name) ?? [];
}

/** One meaning all candidates agree on, else ambiguous. */
function agreed(candidates: ReadonlyArray<string | null | undefined>): string | null {
  const first = candidates[0];
  if (first === undefined || first === null) return AMBIGUOUS;
  return candidates.every((c) => c === first) ? first : AMBIGUOUS;
}

function normalize(path: string): string {
  return path
    .replace(/\s+/g, '')
    .replace(/^::/, '')
    .replace(/^(core|alloc)::/, 'std::');
}
