import fs from 'node:fs';
import path from 'node:path';
import { crypto } from '../shared/lazyCrypto';

/** The file on disk is no longer what was read: someone edited it while we were fixing it. */
export class ChangedOnDiskError extends Error {
  override readonly name = 'ChangedOnDiskError';
}

/**
 * Replaces a file's content so that a reader never sees it half written and a crash
 * leaves the old file whole: write a temp file beside it, then rename it over the original.
 * `file` should be the real path, so that a symlink stays a symlink.
 */
export function writeFileAtomically(file: string, content: string, expected: Buffer, mode: number): void {
  const dir = path.dirname(file);
  const temp = path.join(dir, `.${path.basename(file)}.${crypto().randomBytes(6).toString('hex')}.tmp`);
  const fd = fs.openSync(temp, 'wx', mode & 0o7777);
  try {
    try {
      fs.writeFileSync(fd, content, 'utf8');
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    // openSync's mode is masked by the umask; the fixed file must keep the original's mode.
    fs.chmodSync(temp, mode & 0o7777);
    // Checked as late as possible: an edit made while we analysed must not be overwritten.
    if (!fs.readFileSync(file).equals(expected)) {
      throw new ChangedOnDiskError('changed on disk since it was read; not written');
    }
    fs.renameSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
}
