import fs from 'node:fs';
import { ChangedOnDiskError, CHANGED } from './changedOnDisk';
import { describeError } from './errors';
import { digest, NO_FOLLOW, randomSuffix, readWhole, sibling, writeNewFile } from './fileContent';

/**
 * Rewrites a file through its own inode, as rustfmt and cargo fix do. Used where a rename would do
 * harm: a file with several hard links (a rename would split them) or whose owner the new file
 * cannot be given. Not atomic, so the original is first copied to a backup beside it, removed once
 * the new content is on disk: a crash halfway leaves that backup, never a loss. `want` is the
 * digest of the content that was read and fixed.
 */
export function writeInPlace(file: string | Buffer, data: Buffer, want: string): void {
  const fd = fs.openSync(file, fs.constants.O_RDWR | NO_FOLLOW);
  try {
    const seen = fs.fstatSync(fd, { bigint: true });
    const original = readWhole(fd);
    if (digest(original) !== want) throw new ChangedOnDiskError(CHANGED);
    const backup = sibling(file, `${randomSuffix()}.bak`);
    writeNewFile(backup, original, 0o600);
    // Checked again just before writing: an edit made while the backup was written must not be lost.
    const now = fs.fstatSync(fd, { bigint: true });
    if (now.size !== seen.size || now.mtimeNs !== seen.mtimeNs || now.ctimeNs !== seen.ctimeNs) {
      fs.rmSync(backup, { force: true });
      throw new ChangedOnDiskError(CHANGED);
    }
    try {
      put(fd, data);
    } catch (error) {
      // Half written: put the original back; if even that fails, the backup is all there is.
      try {
        put(fd, original);
      } catch {
        throw new Error(`${describeError(error)}; the original is kept in ${String(backup)}`);
      }
      fs.rmSync(backup, { force: true });
      throw error;
    }
    fs.rmSync(backup, { force: true });
  } finally {
    fs.closeSync(fd);
  }
}

function put(fd: number, data: Buffer): void {
  let written = 0;
  while (written < data.length) written += fs.writeSync(fd, data, written, data.length - written, written);
  fs.ftruncateSync(fd, data.length);
  fs.fsyncSync(fd);
}
