import fs from 'node:fs';
import path from 'node:path';
import { crateRootFinder } from '../shared/crateRoot';
import { isSkippedFolder, type SourceFile } from './walk';

/**
 * For a report-only scan, which builds no crate index: whether a file's crate (the nearest
 * folder with a `Cargo.toml`) has other `.rs` files, whose items could change its typed fixes.
 * A crate the scan walked whole is counted from the scan's own file list; another (a file or a
 * subfolder named on its own) is walked here, once.
 */
export function partialCrates(
  files: readonly SourceFile[],
  /** The folders the scan walked (see `collectSourceFiles`). */
  walked: ReadonlyMap<string, boolean>,
): (absolute: string) => boolean {
  const findRoot = crateRootFinder();
  const rootOf = (absolute: string) => findRoot(path.dirname(absolute));
  const listed = new Map<string, number>();
  for (const file of files) {
    const root = rootOf(file.absolute);
    if (root) listed.set(root, (listed.get(root) ?? 0) + 1);
  }
  const partial = new Map<string, boolean>();
  return (absolute) => {
    const root = rootOf(absolute);
    if (!root) return false;
    let known = partial.get(root);
    if (known === undefined) {
      known = walked.has(root) ? (listed.get(root) ?? 0) > 1 : holdsTwoSources(root);
      partial.set(root, known);
    }
    return known;
  };
}

/**
 * Whether a crate root holds at least two `.rs` files of its own (not under a nested crate, a
 * `target` or a hidden folder). It stops at the second: a root above the scan (a workspace's
 * `Cargo.toml` over `library/`) may hold thousands.
 */
function holdsTwoSources(root: string): boolean {
  let found = 0;
  const folders = [root];
  for (let dir = folders.pop(); dir !== undefined; dir = folders.pop()) {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    if (dir !== root && entries.some((e) => e.name === 'Cargo.toml')) continue;
    for (const e of entries) {
      if (e.isFile() && e.name.endsWith('.rs') && ++found > 1) return true;
      if (e.isDirectory() && !isSkippedFolder(e.name)) folders.push(path.join(dir, e.name));
    }
  }
  return false;
}

/** What a partial crate adds to a file's cache key: its typed fixes are suggestions then. */
export function partialCrateKey(partial: boolean): string {
  return partial ? '\0partial-crate' : '';
}
