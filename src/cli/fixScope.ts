import fs from 'node:fs';
import path from 'node:path';
import { bytesOf, fsPath, lossy, realPath } from './exactPath';
import type { SourceFile } from './walk';

/**
 * Which files `--fix` may write. `scan` reads through symlinks wherever they lead, but a fix is
 * written only to a file whose real path lies under the real path of one of the paths given on
 * the command line: a link in the tree to `../../outside/victim.rs`, an absolute link, or a linked
 * folder leading into a home folder is reported, not rewritten. A link inside the tree is written
 * through, as rustfmt does: the target gets the fixed text, the link stays a link.
 */
export class FixScope {
  /** Real paths of the command-line paths, as byte strings (exactPath.ts). */
  private readonly roots: string[] = [];

  constructor(paths: readonly (string | Buffer)[]) {
    for (const p of paths) {
      try {
        const real = realPath(typeof p === 'string' ? path.resolve(p) : p);
        this.roots.push(real.bytes ?? bytesOf(real.text));
      } catch {
        // A missing path was reported by the walk, and no file comes from it.
      }
    }
  }

  /** Why `file`'s fixes must not be written, or undefined when they may be. */
  refusal(file: SourceFile): string | undefined {
    let real: string;
    let stat: fs.Stats;
    try {
      // Resolved again now, not trusted from the walk: a folder on the way may have become a link.
      const now = realPath(fsPath(file.real, file.realBytes));
      real = now.bytes ?? bytesOf(now.text);
      stat = fs.statSync(Buffer.from(real, 'latin1'));
    } catch {
      return undefined; // Gone or unreadable: the write fails and says why.
    }
    if (
      !this.roots.some(
        (root) => real === root || real.startsWith(root.endsWith(path.sep) ? root : `${root}${path.sep}`),
      )
    )
      return `its real path ${lossy(real)} is outside the paths given; not fixed`;
    if (stat.nlink > file.names) {
      const elsewhere = stat.nlink - file.names;
      return `it has ${stat.nlink} hard links and ${elsewhere === 1 ? 'one is' : `${elsewhere} are`} not among the files scanned; not fixed`;
    }
    if (!writable(Buffer.from(real, 'latin1'), stat)) return 'read-only (no write permission); not fixed';
    return undefined;
  }
}

/**
 * Write permission as the kernel grants it, and, for root (whom the kernel lets write anything),
 * the file's own write bits: a file with none (`chmod a-w`) is meant to stay as it is, as vim
 * also treats it.
 */
function writable(file: Buffer, stat: fs.Stats): boolean {
  if ((stat.mode & 0o222) === 0) return false;
  try {
    fs.accessSync(file, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
