/**
 * Module paths inside a crate, as plain text: `''` is the crate root, `a::b` the module `b` inside
 * `a`. A file's own path says which module it is (`src/net/mod.rs` is `net`); inline `mod x { .. }`
 * adds to it. Names are scoped by them: an item or a `use` is seen in its own module only.
 */

/**
 * The module a file is, from its crate-relative path: a crate root (`src/main.rs`, `src/lib.rs`,
 * `src/bin/*.rs`, `tests/*.rs`, `examples/*.rs`, a file outside a crate) is `''`.
 */
export function fileModule(path: string): string {
  const normalized = path.replace(/\\/g, '/');
  const bin = /(?:^|\/)src\/bin\/(?:[^/]+\.rs|[^/]+\/(.+)\.rs)$/.exec(normalized);
  if (bin) return bin[1] ? moduleOfStem(bin[1]) : '';
  const inSrc = /(?:^|\/)src\/(.+)\.rs$/.exec(normalized);
  if (!inSrc?.[1]) return '';
  return moduleOfStem(inSrc[1]);
}

/** `net/mod` → `net`, `net/tcp` → `net::tcp`, `main`/`lib` → `''`. */
function moduleOfStem(stem: string): string {
  if (stem === 'main' || stem === 'lib') return '';
  return stem
    .replace(/\/mod$/, '')
    .split('/')
    .join('::');
}

/** `a` + `b` → `a::b`; the root joins to the other. */
export function childModule(parent: string, name: string): string {
  return parent ? `${parent}::${name}` : name;
}

/** The module `super` names; null above the crate root. */
export function parentModule(module: string): string | null {
  if (module === '') return null;
  const at = module.lastIndexOf('::');
  return at < 0 ? '' : module.slice(0, at);
}
