import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Where the scan cache and the server's compiled code live: `$RUST_SAFETY_COACH_CACHE_DIR`, else
 * `$XDG_CACHE_HOME/rust-safety-coach`, else `~/.cache/rust-safety-coach`. One place per user,
 * whatever the working folder.
 */
export function cacheDir(): string {
  const env = process.env;
  if (env.RUST_SAFETY_COACH_CACHE_DIR) return env.RUST_SAFETY_COACH_CACHE_DIR;
  const base = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'rust-safety-coach');
}

/** Not defined on Windows, which has no FIFOs to block on. */
const NONBLOCK = fs.constants.O_NONBLOCK ?? 0;

/**
 * A cache file's bytes, or undefined when it is absent, unreadable or not a regular file. Opened
 * without blocking and checked with fstat before reading: a FIFO (or a device) put at a cache's
 * path would otherwise hang the reader until something writes to it, i.e. forever.
 */
export function readCacheFile(file: string): Buffer | undefined {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    return fs.fstatSync(fd).isFile() ? fs.readFileSync(fd) : undefined;
  } catch {
    return undefined;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Writes `data` to a fresh temp file beside `file` and renames it over `file`, so a reader never
 * sees half a file, and a FIFO at either path is never opened: the temp file is created
 * exclusively, and a rename replaces whatever is at `file`. False when it could not.
 */
export function writeCacheFile(file: string, data: string | Uint8Array): boolean {
  // Unique enough for a temp name; node:crypto would cost every start its loading time.
  const temp = `${file}.${process.pid}-${Math.random().toString(36).slice(2, 10)}.tmp`;
  let created = false;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const fd = fs.openSync(temp, 'wx');
    created = true;
    try {
      fs.writeFileSync(fd, data);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, file);
    return true;
  } catch {
    try {
      if (created) fs.rmSync(temp, { force: true });
    } catch {
      // The folder itself became unusable: nothing more to do.
    }
    return false;
  }
}
