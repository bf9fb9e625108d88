import path from 'node:path';
import type { Parser } from 'web-tree-sitter';
import type { CrateIndex } from '../engine';
import { fsPath } from './exactPath';
import { loadAnalysis } from './loadAnalysis';
import { readSource } from './readSource';
import { collectSourceFiles } from './walk';
import { crateRelativePath, crateRootFinder, packageNameAt } from '../shared/crateRoot';

/**
 * The crate index of each file's crate (the nearest folder with a `Cargo.toml`), built once per
 * crate from every `.rs` file under it, so that fixes see the types and `From` impls other files
 * declare. A file outside any crate gets none: its own items are always used.
 */
export function crateIndexes(parser: Parser): (absolute: string) => CrateIndex | undefined {
  const byRoot = new Map<string, CrateIndex>();
  const findRoot = crateRootFinder();
  return (absolute) => {
    const root = findRoot(path.dirname(absolute));
    if (!root) return undefined;
    let index = byRoot.get(root);
    if (!index) {
      const { CrateIndex: Index, indexText } = loadAnalysis();
      index = new Index([], packageNameAt(root));
      // Unreadable files are reported by the scan itself; here they only go unindexed.
      const ignore = () => undefined;
      for (const file of collectSourceFiles([root], ignore, ignore)) {
        const read = readSource(fsPath(file.absolute, file.absoluteBytes));
        if (read.ok)
          index.update(indexText(parser, read.source.text, crateRelativePath(root, file.absolute)));
      }
      byRoot.set(root, index);
    }
    return index;
  };
}
