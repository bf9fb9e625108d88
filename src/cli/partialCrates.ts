import path from 'node:path';
import { crateRootFinder } from '../shared/crateRoot';
import { collectSourceFiles, type SourceFile } from './walk';

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
      const ignore = () => undefined;
      const count = walked.has(root)
        ? (listed.get(root) ?? 0)
        : collectSourceFiles([root], ignore, ignore).filter((f) => rootOf(f.absolute) === root).length;
      known = count > 1;
      partial.set(root, known);
    }
    return known;
  };
}

/** What a partial crate adds to a file's cache key: its typed fixes are suggestions then. */
export function partialCrateKey(partial: boolean): string {
  return partial ? '\0partial-crate' : '';
}
