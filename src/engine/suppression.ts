import type { Range } from '../shared/types';
import type { LineIndex } from './text';

/**
 * Our own suppression comment, for code clippy's attributes cannot reach:
 * `// safety-coach: allow(unwrap-used, expect-used)` on the line of a finding or in the
 * comment lines directly above it, or `// safety-coach: allow-file(unwrap-used)` anywhere.
 */
export const SUPPRESSION_MARKER = 'safety-coach:';

const LINE_FORM = /safety-coach:\s*allow\(([^)]*)\)/;
const FILE_FORM = /safety-coach:\s*allow-file\(([^)]*)\)/g;

function ids(list: string): string[] {
  return list.split(',').map((s) => s.trim());
}

export function fileSuppressions(text: string): Set<string> {
  const found = new Set<string>();
  if (!text.includes(SUPPRESSION_MARKER)) return found;
  for (const m of text.matchAll(FILE_FORM)) for (const id of ids(m[1] ?? '')) found.add(id);
  return found;
}

export function isSuppressedAt(lines: LineIndex, range: Range, rule: string): boolean {
  const matches = (line: number) => {
    const m = LINE_FORM.exec(lines.lineText(line));
    return !!m && ids(m[1] ?? '').some((id) => id === rule || id === 'all');
  };
  if (matches(range.start.line)) return true;
  for (let line = range.start.line - 1; line >= 0; line--) {
    const text = lines.lineText(line).trim();
    if (!text.startsWith('//') && !text.startsWith('#[')) return false;
    if (matches(line)) return true;
  }
  return false;
}
