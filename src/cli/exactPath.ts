import { isUtf8 } from 'node:buffer';
import fs from 'node:fs';

/**
 * A file name need not be valid UTF-8 (`lat\xe9.rs`), and Node turns a JS string path into UTF-8
 * bytes, so such a path cannot be held in an ordinary string. It is kept as a *byte string*: one
 * latin1 character per byte, which round-trips exactly. Separators and dots are ASCII, so the
 * `path` functions work on byte strings unchanged. Everywhere else, paths stay ordinary strings,
 * and a byte string is kept only beside its lossy (U+FFFD) text, for fs calls and exact reports.
 */

/** What fs calls take: the exact bytes when there are any, else the ordinary path. */
export function fsPath(text: string, bytes: string | undefined): string | Buffer {
  return bytes === undefined ? text : Buffer.from(bytes, 'latin1');
}

/** The byte string of an ordinary path. */
export function bytesOf(text: string): string {
  return Buffer.from(text, 'utf8').toString('latin1');
}

/** A byte string as text: bytes that are not UTF-8 become U+FFFD. */
export function lossy(bytes: string): string {
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

/** A path as it comes from fs: its text, and its bytes only when the text cannot hold them. */
export interface ExactPath {
  text: string;
  bytes?: string;
}

export function exactOf(buffer: Buffer): ExactPath {
  const text = buffer.toString('utf8');
  return isUtf8(buffer) ? { text } : { text, bytes: buffer.toString('latin1') };
}

/**
 * The real path (symlinks resolved). fs.realpathSync turns a Buffer into a lossy string first, so
 * a path that is not UTF-8 goes to realpath(3) itself.
 */
export function realPath(p: string | Buffer): ExactPath {
  if (typeof p === 'string') {
    const real = fs.realpathSync(p);
    // Text with U+FFFD may stand for bytes that are not UTF-8 (a link to `lat\xe9.rs`): look again.
    if (!real.includes('\uFFFD')) return { text: real };
  }
  return exactOf(fs.realpathSync.native(p, { encoding: 'buffer' }));
}

/** One key per exact path, whichever form it is held in: NUL cannot occur in a path. */
export function pathKey(text: string, bytes: string | undefined): string {
  return bytes === undefined ? text : `\0${bytes}`;
}
