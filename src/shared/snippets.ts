// A fix's edit as an LSP snippet (`${1:placeholder}`), for clients that select the placeholders
// after applying it. Plain data: the server sends it, and tests check it.
import type { Fix, Placeholder } from './types';

/** `$`, `}` and `\` are the snippet syntax's own characters: escaped, they are text. */
function escapeSnippet(text: string): string {
  return text.replace(/[$}\\]/g, '\\$&');
}

/**
 * Each edit's text as a snippet whose tab stops are the fix's placeholders in that edit, in order;
 * null for an edit with none (it stays a plain edit).
 */
export function snippetTexts(fix: Fix): Array<string | null> {
  let stop = 0;
  return fix.edits.map((edit, index) => {
    const mine = (fix.placeholders ?? [])
      .filter((p) => p.edit === index && p.start >= 0 && p.start + p.length <= edit.newText.length)
      .sort((a, b) => a.start - b.start);
    if (mine.length === 0) return null;
    let out = '';
    let at = 0;
    for (const p of nonOverlapping(mine)) {
      out += escapeSnippet(edit.newText.slice(at, p.start));
      out += `\${${++stop}:${escapeSnippet(edit.newText.slice(p.start, p.start + p.length))}}`;
      at = p.start + p.length;
    }
    return out + escapeSnippet(edit.newText.slice(at));
  });
}

function nonOverlapping(sorted: Placeholder[]): Placeholder[] {
  const out: Placeholder[] = [];
  for (const p of sorted) {
    const last = out[out.length - 1];
    if (!last || p.start >= last.start + last.length) out.push(p);
  }
  return out;
}
