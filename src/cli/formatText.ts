import { escapeControls } from './escapeControls';
import { findingCount, findingsOf, plural, type ScanResult } from './scanResult';

/**
 * `path:line:col: severity[rule] message`, 1-based like rustc, so terminals and editors can jump to
 * it, then `  = help: advice` on its own line as rustc prints its notes. Control characters in the path and the message are escaped (escapeControls.ts): a file
 * named `x.rs\na:1:2: error[fake] y` must not print a line of its own.
 */
export function formatText(result: ScanResult): string {
  const lines: string[] = [];
  for (const file of result.files) {
    const shown = escapeControls(file.display);
    for (const f of findingsOf(file)) {
      const { line, character } = f.range.start;
      lines.push(
        `${shown}:${line + 1}:${character + 1}: ${f.severity}[${f.rule}] ${escapeControls(f.message)}`,
        `  = help: ${escapeControls(f.advice)}`,
      );
    }
  }
  lines.push(`${plural(findingCount(result), 'finding')} in ${plural(result.files.length, 'file')}`);
  return `${lines.join('\n')}\n`;
}
