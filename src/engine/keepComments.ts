import type { Fix } from '../shared/types';
import type { FileContext } from './context';

interface Span {
  start: number;
  end: number;
  text: string;
}

/** The file's comments as file offsets, in order; read once per file (one wasm call). */
function commentSpans(ctx: FileContext): Span[] {
  return ctx.memo('comment-spans', () =>
    ctx.root
      .descendantsOfType(['line_comment', 'block_comment'])
      .filter((c) => c !== null)
      .map((c) => ({ start: ctx.start(c), end: ctx.end(c), text: c.text.trimEnd() }))
      .sort((a, b) => a.start - b.start),
  );
}

/** The first comment starting at or after `offset`. */
function firstFrom(spans: Span[], offset: number): number {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((spans[mid] as Span).start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Whether a fix deletes a comment: one lies inside a replaced range and its text does not come
 * back in the fix's new text. Such a fix is withheld: a comment is the author's, never ours to drop.
 */
export function dropsComment(fix: Fix, ctx: FileContext): boolean {
  // Most replaced text holds no comment marker at all: no need to read the file's comments.
  const replaced = fix.edits.map((e) =>
    ctx.text.slice(ctx.lines.offsetAt(e.range.start), ctx.lines.offsetAt(e.range.end)),
  );
  if (!replaced.some((t) => t.includes('//') || t.includes('/*'))) return false;
  const spans = commentSpans(ctx);
  if (spans.length === 0) return false;
  const inserted = fix.edits.map((e) => e.newText).join('\n');
  for (const edit of fix.edits) {
    const start = ctx.lines.offsetAt(edit.range.start);
    const end = ctx.lines.offsetAt(edit.range.end);
    for (let i = firstFrom(spans, start); i < spans.length; i++) {
      const span = spans[i] as Span;
      if (span.start >= end) break;
      if (span.end <= end && !inserted.includes(span.text)) return true;
    }
  }
  return false;
}
