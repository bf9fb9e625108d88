import type { Finding } from '../shared/types';
import { parseFinding } from './findingJson';

export interface FileFindings {
  /** As shown to the user: relative to the working folder or as given, with forward slashes. */
  display: string;
  /** Lossy (U+FFFD) where a name is not valid UTF-8; `absoluteBytes` then has the exact bytes. */
  absolute: string;
  /** The exact bytes of `absolute` as a byte string (exactPath.ts), when they are not UTF-8. */
  absoluteBytes?: string;
  /** Each finding as `findingJson()` gives it: the form the cache keeps and the JSON report prints. */
  findingsJson: readonly string[];
}

export interface ScanResult {
  /** Every file that was read and analysed, with or without findings, sorted by path. */
  files: FileFindings[];
}

export function findingsOf(file: FileFindings): Finding[] {
  return file.findingsJson.map(parseFinding);
}

export function findingCount(result: ScanResult): number {
  return result.files.reduce((n, f) => n + f.findingsJson.length, 0);
}

export function plural(n: number, word: string, words = `${word}s`): string {
  return `${n} ${n === 1 ? word : words}`;
}
