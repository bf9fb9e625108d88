import type { Finding, TextEdit } from '../shared/types';
import { LineIndex } from './text';

/**
 * The preferred fixes of every finding, as one set of edits that do not overlap.
 * Edits shared by several fixes (main's new signature) are kept once; a fix whose
 * edits would overlap an earlier fix's is left for the next round.
 */
export function fixAllEdits(text: string, findings: readonly Finding[]): TextEdit[] {
  const lines = new LineIndex(text);
  const taken: Array<{ start: number; end: number; key: string }> = [];
  const out: TextEdit[] = [];
  for (const finding of findings) {
    const fix = finding.fixes.find((f) => f.applicability === 'safe');
    if (!fix) continue;
    const spans = fix.edits.map((e) => ({
      start: lines.offsetAt(e.range.start),
      end: lines.offsetAt(e.range.end),
      key: editKey(e),
      edit: e,
    }));
    const fresh = spans.filter((s) => !taken.some((t) => t.key === s.key));
    const clashes = fresh.some((s) => taken.some((t) => overlaps(s, t)));
    if (clashes) continue;
    for (const s of fresh) {
      taken.push(s);
      out.push(s.edit);
    }
  }
  return out;
}

function editKey(e: TextEdit): string {
  return `${e.range.start.line}:${e.range.start.character}-${e.range.end.line}:${e.range.end.character}=${e.newText}`;
}

/** Two spans overlap when they share a character; an insertion only clashes strictly inside another span. */
function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  if (a.start === a.end && b.start === b.end) return a.start === b.start;
  if (a.start === a.end) return a.start > b.start && a.start < b.end;
  if (b.start === b.end) return b.start > a.start && b.start < a.end;
  return a.start < b.end && b.start < a.end;
}
