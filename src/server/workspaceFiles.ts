import fs from 'node:fs';
import path from 'node:path';
import { FileExclude } from './fileExclude';
import { yieldTurn } from './yieldTurn';

/**
 * Folders never worth reporting or indexing: build output (`target`), hidden folders (`.git`,
 * `.cargo`), `node_modules`, and `vendor` beside a `Cargo.toml` or at the top of the walk (what
 * `cargo vendor` writes: other people's code the user cannot act on). A `vendor` module folder
 * under `src/` is still walked.
 */
export function isSkippedFolder(name: string, parentIsCrateOrTop: boolean): boolean {
  if (name === 'target' || name === 'node_modules' || name.startsWith('.')) return true;
  return name === 'vendor' && parentIsCrateOrTop;
}

export interface RustFileList {
  /** Absolute paths, in walk order (a crate's files together). */
  files: string[];
  /** The walk stopped at `limit` files. */
  truncated: boolean;
}

export interface WalkOptions {
  /** `files.exclude`, relative to `root`. */
  exclude?: FileExclude;
  limit?: number;
}

/** Folders read between two turns of the event loop: a walk of thousands never holds up an edit. */
const FOLDERS_PER_TURN = 16;

/**
 * Every `.rs` file under `root`, skipping the folders above and what `exclude` names. Links are
 * not followed (a link back up the tree would loop); unreadable folders are skipped.
 */
export async function listRustFiles(root: string, options: WalkOptions = {}): Promise<RustFileList> {
  const exclude = options.exclude ?? new FileExclude(undefined);
  const limit = options.limit ?? Infinity;
  const files: string[] = [];
  const pending = [root];
  let read = 0;
  while (pending.length > 0) {
    const dir = pending.shift() as string;
    if (++read % FOLDERS_PER_TURN === 0) await yieldTurn();
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const names = new Set(entries.map((e) => e.name));
    const crateOrTop = dir === root || names.has('Cargo.toml');
    const relativeDir = toSlashes(path.relative(root, dir));
    const subfolders: string[] = [];
    for (const e of entries) {
      const isDir = e.isDirectory();
      if (!isDir && !(e.isFile() && e.name.endsWith('.rs'))) continue;
      if (isDir && isSkippedFolder(e.name, crateOrTop)) continue;
      const full = path.join(dir, e.name);
      if (!exclude.empty) {
        const relative = relativeDir === '' ? e.name : `${relativeDir}/${e.name}`;
        if (exclude.excludes(relative, toSlashes(full), (name) => names.has(name))) continue;
      }
      if (isDir) subfolders.push(full);
      else if (files.length >= limit) return { files, truncated: true };
      else files.push(full);
    }
    // Depth first, so that a crate's files come together (the scan indexes one crate at a time).
    pending.unshift(...subfolders);
  }
  return { files, truncated: false };
}

function toSlashes(p: string): string {
  return path.sep === '/' ? p : p.split(path.sep).join('/');
}
