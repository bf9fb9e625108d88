// Which of the coach's findings a panic's location falls on. Plain functions (no `vscode`
// import), so the tests run them on real engine findings.
import type { Finding } from '../../shared/types';

/** The UTF-16 offset of rustc's 1-based character column in `lineText`, as editors count. */
export function utf16Character(lineText: string, column: number): number {
  return Array.from(lineText)
    .slice(0, Math.max(column - 1, 0))
    .join('').length;
}

/**
 * The finding at the panic: its range holds the position, and it teaches the panic's lesson when
 * that is known. The narrowest wins (an unwrap inside a longer finding's range).
 */
export function findingAt(
  findings: readonly Finding[],
  line: number,
  character: number,
  lesson: string | null,
): Finding | undefined {
  const holding = findings.filter((f) => {
    const { start, end } = f.range;
    const afterStart = line > start.line || (line === start.line && character >= start.character);
    const beforeEnd = line < end.line || (line === end.line && character <= end.character);
    return afterStart && beforeEnd && (lesson === null || f.lesson === lesson);
  });
  const size = (f: Finding) =>
    (f.range.end.line - f.range.start.line) * 1e6 + f.range.end.character - f.range.start.character;
  return holding.sort((a, b) => size(a) - size(b))[0];
}
