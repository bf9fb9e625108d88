import fs from 'node:fs';
import { describeError } from './errors';

/** Larger files are almost always generated code; parsing them would stall the scan. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

const BOM = '\uFEFF';
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export interface Source {
  /** The text without a leading BOM: editors hide it, so positions must not count it. */
  text: string;
  hadBom: boolean;
  /** The exact bytes read, to notice if the file changes before `--fix` writes it. */
  bytes: Buffer;
  mode: number;
}

export type ReadResult = { ok: true; source: Source } | { ok: false; reason: string };

/** Reads a Rust source file, refusing what is not text rather than reporting nonsense about it. */
export function readSource(file: string): ReadResult {
  let bytes: Buffer;
  let mode: number;
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) return { ok: false, reason: 'not a regular file; skipped' };
    if (stat.size > MAX_FILE_BYTES) {
      return { ok: false, reason: `larger than ${MAX_FILE_BYTES / 1024 / 1024} MB; skipped` };
    }
    mode = stat.mode;
    bytes = fs.readFileSync(file);
  } catch (error) {
    return { ok: false, reason: `cannot read: ${describeError(error)}` };
  }
  // The stat above may predate a file that grew while we read it.
  if (bytes.length > MAX_FILE_BYTES) {
    return { ok: false, reason: `larger than ${MAX_FILE_BYTES / 1024 / 1024} MB; skipped` };
  }
  if (bytes.includes(0)) return { ok: false, reason: 'contains NUL bytes (binary?); skipped' };
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    return { ok: false, reason: 'not valid UTF-8; skipped' };
  }
  const hadBom = text.startsWith(BOM);
  return { ok: true, source: { text: hadBom ? text.slice(1) : text, hadBom, bytes, mode } };
}

export function withBom(text: string, hadBom: boolean): string {
  return hadBom ? BOM + text : text;
}
