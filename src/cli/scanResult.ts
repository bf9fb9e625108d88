import type { Finding } from '../shared/types';

export interface FileFindings {
  /** As shown to the user: relative to the working folder or as given, with forward slashes. */
  display: string;
  absolute: string;
  findings: Finding[];
}

export interface ScanResult {
  /** Every file that was read and analysed, with or without findings, sorted by path. */
  files: FileFindings[];
}

export function findingCount(result: ScanResult): number {
  return result.files.reduce((n, f) => n + f.findings.length, 0);
}

export function plural(n: number, word: string, words = `${word}s`): string {
  return `${n} ${n === 1 ? word : words}`;
}
