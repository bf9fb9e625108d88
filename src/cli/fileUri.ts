import path from 'node:path';

/** What encodeURIComponent leaves as it is; every other byte is written %XX. */
const UNRESERVED = /[A-Za-z0-9\-_.!~*'()]/;

/**
 * A relative URI for a path given as a byte string (exactPath.ts), each byte percent-encoded:
 * for UTF-8 names this is encodeURIComponent per segment; other bytes come out exactly (`%E9`).
 */
export function relativeUriOfBytes(bytes: string): string {
  return bytes.split(path.sep).map(encodeSegment).join('/');
}

/** A `file:` URI for an absolute path given as a byte string. */
export function fileUriOfBytes(absolute: string): string {
  return `file://${absolute.split(path.sep).map(encodeSegment).join('/')}`;
}

function encodeSegment(bytes: string): string {
  let out = '';
  for (const c of bytes) {
    out += UNRESERVED.test(c) ? c : `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}
