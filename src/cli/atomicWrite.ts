import fs from 'node:fs';
import { CHANGED, ChangedOnDiskError } from './changedOnDisk';
import { digest, NO_FOLLOW, randomSuffix, readWhole, sibling, syncFolder, writeNewFile } from './fileContent';
import { writeInPlace } from './inPlaceWrite';
import { writeTemp } from './tempFile';

export { ChangedOnDiskError } from './changedOnDisk';

/**
 * Replaces a file's content so that a reader never sees it half written and a crash leaves the
 * old file whole: write a temp file beside it, then rename it over the original. `file` should be
 * the real path, so that a symlink stays a symlink; a Buffer is a path that is not UTF-8. `expected`
 * is the content that was read: if the file no longer holds it, ChangedOnDiskError, and nothing is
 * written. The temp file gets `mode` and the original's owner and group.
 *
 * Another program's write is looked for by content hash once the temp file is written, by size,
 * times and inode just before the rename, and through a descriptor on the replaced copy after it.
 * A write that reached that copy (it landed in the instant of the rename, from a program that had
 * the file open) is put back, with whatever was appended to ours since, and reported as a change.
 * With `keep`, the replaced copy is handed over still open, to be looked at once more later
 * (ReplacedCopy.settle): a writer slower than this call is seen too.
 *
 * A file with several hard links, or whose owner and group the temp file cannot be given (not
 * root), is written in place instead (inPlaceWrite.ts): a rename would split it from its other
 * names, or hand it to us.
 */
export function writeFileAtomically(
  file: string | Buffer,
  content: string,
  expected: Buffer,
  mode: number,
  keep?: (copy: ReplacedCopy) => void,
): void {
  const copy = replaceContent(file, Buffer.from(content, 'utf8'), digest(expected), mode);
  if (!copy) return;
  if (keep && copy.landed() === undefined) keep(copy);
  else copy.settle();
}

/** The file a rename replaced, still open: a write that reaches it is lost to every name. */
export class ReplacedCopy {
  constructor(
    private readonly file: string | Buffer,
    private readonly fd: number,
    private readonly seen: fs.BigIntStats,
    /** The digest of the content it held when it was replaced. */
    private readonly want: string,
    /** What replaced it. */
    private readonly data: Buffer,
    private readonly mode: number,
  ) {}

  /** Its content if something was written to it since it was replaced, else undefined. */
  landed(): Buffer | undefined {
    const now = fs.fstatSync(this.fd, { bigint: true });
    const content = readWhole(this.fd);
    const same =
      now.size === this.seen.size && now.mtimeNs === this.seen.mtimeNs && digest(content) === this.want;
    return same ? undefined : content;
  }

  close(): void {
    fs.closeSync(this.fd);
  }

  /** Closes it; if a write reached it, puts that back and throws ChangedOnDiskError. */
  settle(): void {
    try {
      const content = this.landed();
      if (content === undefined) return;
      const saved = putBack(this.file, content, this.data, this.mode);
      throw new ChangedOnDiskError(
        saved === undefined
          ? 'changed on disk while it was being written; that edit was kept and the fixes were not'
          : `changed on disk while it was being written, and again since; that version is saved as ${String(saved)}`,
      );
    } finally {
      this.close();
    }
  }
}

/**
 * Writes `data` by rename if the file still hashes to `want`, and returns the replaced copy, still
 * open (undefined when it was written in place).
 */
function replaceContent(
  file: string | Buffer,
  data: Buffer,
  want: string,
  mode: number,
): ReplacedCopy | undefined {
  // Held open across the rename: a write that lands on the old file meanwhile shows up through it.
  const current = fs.openSync(file, fs.constants.O_RDONLY | NO_FOLLOW);
  let handedOver = false;
  try {
    const found = fs.fstatSync(current, { bigint: true });
    if (!found.isFile()) throw new ChangedOnDiskError(CHANGED);
    const temp = sibling(file, `${randomSuffix()}.tmp`);
    if (found.nlink > 1n || !writeTemp(temp, data, mode, found)) {
      writeInPlace(file, data, want);
      return undefined;
    }
    let before: fs.BigIntStats;
    try {
      // Checked as late as possible: an edit made while we analysed must not be overwritten.
      before = fs.fstatSync(current, { bigint: true });
      if (digest(readWhole(current)) !== want) throw new ChangedOnDiskError(CHANGED);
      // And once more, by its stat, just before the rename: the window left is a few microseconds.
      const now = fs.lstatSync(file, { bigint: true });
      if (!sameVersion(now, before) || !now.isFile()) throw new ChangedOnDiskError(CHANGED);
    } catch (error) {
      fs.rmSync(temp, { force: true });
      throw error;
    }
    fs.renameSync(temp, file);
    syncFolder(file);
    handedOver = true;
    return new ReplacedCopy(file, current, before, want, data, mode);
  } finally {
    if (!handedOver) fs.closeSync(current);
  }
}

/**
 * After a write reached the replaced copy: puts its content (`orphan`) back, with whatever has
 * been appended to ours (`data`) since, retrying while writes keep coming. If ours was rewritten
 * rather than appended to, that rewrite stays and the orphan is saved beside it. Returns where it
 * was saved, or undefined when it was put back.
 */
function putBack(
  file: string | Buffer,
  orphan: Buffer,
  data: Buffer,
  mode: number,
): string | Buffer | undefined {
  let wanted = orphan;
  let holds = data;
  for (let attempt = 0; attempt < 8; attempt++) {
    const now = readNoFollow(file);
    if (!startsWith(now, holds)) break;
    const merged = Buffer.concat([wanted, now.subarray(holds.length)]);
    let copy: ReplacedCopy | undefined;
    try {
      copy = replaceContent(file, merged, digest(now), mode);
    } catch (error) {
      if (error instanceof ChangedOnDiskError) continue;
      throw error;
    }
    let lost: Buffer | undefined;
    try {
      lost = copy?.landed();
    } finally {
      copy?.close();
    }
    if (lost === undefined) return undefined;
    // Raced again: `lost` is `now` and what reached it; the file holds `merged` and what came after.
    if (!startsWith(lost, now)) break;
    wanted = Buffer.concat([merged, lost.subarray(now.length)]);
    holds = merged;
  }
  const saved = sibling(file, `${randomSuffix()}.orig`);
  writeNewFile(saved, wanted, mode & 0o777);
  return saved;
}

function readNoFollow(file: string | Buffer): Buffer {
  const fd = fs.openSync(file, fs.constants.O_RDONLY | NO_FOLLOW);
  try {
    return readWhole(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function startsWith(content: Buffer, prefix: Buffer): boolean {
  return content.length >= prefix.length && content.subarray(0, prefix.length).equals(prefix);
}

/** Same file, same content as far as its stat tells: inode, size, modification and change times. */
function sameVersion(a: fs.BigIntStats, b: fs.BigIntStats): boolean {
  return (
    a.dev === b.dev &&
    a.ino === b.ino &&
    a.size === b.size &&
    a.mtimeNs === b.mtimeNs &&
    a.ctimeNs === b.ctimeNs
  );
}
