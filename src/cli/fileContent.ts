import fs from 'node:fs';
import path from 'node:path';
import { crypto } from '../shared/lazyCrypto';

/** O_NOFOLLOW where the platform has it: the real path was checked, so a link there now is a swap. */
export const NO_FOLLOW = fs.constants.O_NOFOLLOW ?? 0;

/** The whole content of an open file, read from its start whatever the descriptor's position. */
export function readWhole(fd: number): Buffer {
  let buffer = Buffer.allocUnsafe(64 * 1024);
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      const bigger = Buffer.allocUnsafe(buffer.length * 2);
      buffer.copy(bigger);
      buffer = bigger;
    }
    const n = fs.readSync(fd, buffer, length, buffer.length - length, length);
    if (n === 0) return buffer.subarray(0, length);
    length += n;
  }
}

export function digest(content: Uint8Array): string {
  return crypto().createHash('sha256').update(content).digest('hex');
}

/** `.name.suffix` in the file's folder; a Buffer path (not UTF-8, see exactPath.ts) stays one. */
export function sibling(file: string | Buffer, suffix: string): string | Buffer {
  const name = (p: string) => path.join(path.dirname(p), `.${path.basename(p)}.${suffix}`);
  return typeof file === 'string' ? name(file) : Buffer.from(name(file.toString('latin1')), 'latin1');
}

export function randomSuffix(): string {
  return crypto().randomBytes(6).toString('hex');
}

/** Creates a file that must not exist yet (never following a planted link), with data on disk. */
export function writeNewFile(file: string | Buffer, data: Uint8Array, mode: number): void {
  const fd = fs.openSync(file, 'wx', mode);
  try {
    fs.writeFileSync(fd, data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Makes a rename in the file's folder durable; best effort (Windows cannot open folders). */
export function syncFolder(file: string | Buffer): void {
  const dir =
    typeof file === 'string'
      ? path.dirname(file)
      : Buffer.from(path.dirname(file.toString('latin1')), 'latin1');
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // The rename is done; only its durability across a power cut is not promised.
  }
}
