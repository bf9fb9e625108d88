import fs from 'node:fs';
import path from 'node:path';

/**
 * The path handed to the engine, which treats files under a `tests/` or `benches/` folder as
 * test code. Relative to the nearest crate root (the folder with `Cargo.toml`), so that a
 * crate that happens to live in, say, `~/tests/` is not all test code, and so that scanning
 * from inside `tests/` still knows those files are tests.
 */
export function createEnginePathResolver(
  /** Folders already listed (a scan's walk), and whether each holds a `Cargo.toml`. */
  listed?: ReadonlyMap<string, boolean>,
): (absolute: string, fallback: string) => string {
  const rootOf = new Map<string, string | null>();
  const crateRoot = (dir: string): string | null => {
    const cached = rootOf.get(dir);
    if (cached !== undefined) return cached;
    const parent = path.dirname(dir);
    const root =
      (listed?.get(dir) ?? fs.existsSync(path.join(dir, 'Cargo.toml')))
        ? dir
        : parent === dir
          ? null
          : crateRoot(parent);
    rootOf.set(dir, root);
    return root;
  };
  return (absolute, fallback) => {
    const root = crateRoot(path.dirname(absolute));
    if (!root) return fallback;
    // A file below its root, as the walk names them: no need for path.relative's normalising.
    const relative =
      absolute.startsWith(root) && absolute[root.length] === path.sep
        ? absolute.slice(root.length + 1)
        : path.relative(root, absolute);
    return path.sep === '/' ? relative : relative.split(path.sep).join('/');
  };
}
