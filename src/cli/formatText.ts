import { findingCount, findingsOf, plural, type ScanResult } from './scanResult';

/** `path:line:col: severity[rule] message`, 1-based like rustc, so terminals and editors can jump to it. */
export function formatText(result: ScanResult): string {
  const lines: string[] = [];
  for (const file of result.files) {
    for (const f of findingsOf(file)) {
      const { line, character } = f.range.start;
      lines.push(`${file.display}:${line + 1}:${character + 1}: ${f.severity}[${f.rule}] ${f.message}`);
    }
  }
  lines.push(`${plural(findingCount(result), 'finding')} in ${plural(result.files.length, 'file')}`);
  return `${lines.join('\n')}\n`;
}
