import { isUtf8 } from 'node:buffer';
import fs from 'node:fs';
import { describeError } from './errors';

/** Larger files are almost always generated code; parsing them would stall the scan. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

const BOM = '\uFEFF';
const BOM_BYTES = 3;

export interface Source {
  /** The text without a leading BOM: editors hide it, so positions must not count it. */
  text: string;
  hadBom: boolean;
  /** The exact bytes read, to notice if the file changes before `--fix` writes it. */
  bytes: Buffer;
  mode: number;
}

/** A file checked to be UTF-8 text, not yet decoded: the scan hashes and ships bytes. */
export interface SourceBytes {
  /** The exact bytes read, BOM included. */
  bytes: Buffer;
  hadBom: boolean;
  mode: number;
}

export type Failure = { ok: false; reason: string };
export type ReadResult = { ok: true; source: Source } | Failure;
export type ReadBytesResult = ({ ok: true } & SourceBytes) | Failure;

/** Reads a Rust source file, refusing what is not text rather than reporting nonsense about it. */
export function readSource(file: string | Buffer): ReadResult {
  const read = readSourceBytes(file);
  if (!read.ok) return read;
  const { bytes, hadBom, mode } = read;
  return { ok: true, source: { text: decodeSource(bytes, hadBom), hadBom, bytes, mode } };
}

/** As readSource, without decoding. */
export function readSourceBytes(file: string | Buffer): ReadBytesResult {
  return readChecked(file, () => fs.readFileSync(file));
}

/**
 * Reads file after file into one reused buffer: a scan reads every file once and keeps none of
 * the bytes, and fresh memory for each (page faults) costs more than the read itself.
 */
export class SourceReader {
  private scratch = Buffer.allocUnsafe(64 * 1024);

  /** As readSourceBytes, but `bytes` is only valid until the next read. */
  read(file: string | Buffer): ReadBytesResult {
    return readChecked(file, (size) => this.readAll(file, size));
  }

  private readAll(file: string | Buffer, size: number): Buffer {
    // One byte more than the stat said, to see the end of the file without growing the buffer.
    this.ensure(size + 1);
    const fd = fs.openSync(file, 'r');
    try {
      let length = 0;
      for (;;) {
        if (length === this.scratch.length) {
          if (length > MAX_FILE_BYTES) break; // it grew past the limit; the caller says so
          this.ensure(Math.min(length * 2, MAX_FILE_BYTES + 1));
        }
        const n = fs.readSync(fd, this.scratch, length, this.scratch.length - length, null);
        if (n === 0) break;
        length += n;
      }
      return this.scratch.subarray(0, length);
    } finally {
      fs.closeSync(fd);
    }
  }

  private ensure(capacity: number): void {
    if (this.scratch.length >= capacity) return;
    const bigger = Buffer.allocUnsafe(Math.max(capacity, this.scratch.length * 2));
    this.scratch.copy(bigger);
    this.scratch = bigger;
  }
}

/** Stats, reads (`read` is given the size), then refuses what is not text. */
function readChecked(file: string | Buffer, read: (size: number) => Buffer): ReadBytesResult {
  let bytes: Buffer;
  let mode: number;
  try {
    // stat first: opening a FIFO would block.
    const st = fs.statSync(file);
    if (!st.isFile()) return { ok: false, reason: 'not a regular file; skipped' };
    if (st.size > MAX_FILE_BYTES) return tooLarge();
    mode = st.mode;
    bytes = read(st.size);
  } catch (error) {
    return { ok: false, reason: `cannot read: ${describeError(error)}` };
  }
  // The stat above may predate a file that grew while we read it.
  if (bytes.length > MAX_FILE_BYTES) return tooLarge();
  if (bytes.includes(0)) return { ok: false, reason: 'contains NUL bytes (binary?); skipped' };
  if (!isUtf8(bytes)) return { ok: false, reason: 'not valid UTF-8; skipped' };
  const hadBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  return { ok: true, bytes, hadBom, mode };
}

/**
 * The text of bytes that readSourceBytes() accepted, without the BOM. They are checked to be
 * valid UTF-8, so Buffer's decoder gives the same text as a TextDecoder, in about 60% of the time.
 */
export function decodeSource(bytes: Uint8Array, hadBom: boolean): string {
  const content = contentBytes(bytes, hadBom);
  return Buffer.from(content.buffer, content.byteOffset, content.byteLength).toString('utf8');
}

/** The bytes decodeSource() turns into text: the content, without the BOM. */
export function contentBytes(bytes: Uint8Array, hadBom: boolean): Uint8Array {
  return hadBom ? bytes.subarray(BOM_BYTES) : bytes;
}

export function withBom(text: string, hadBom: boolean): string {
  return hadBom ? BOM + text : text;
}

function tooLarge(): Failure {
  return { ok: false, reason: `larger than ${MAX_FILE_BYTES / 1024 / 1024} MB; skipped` };
}
