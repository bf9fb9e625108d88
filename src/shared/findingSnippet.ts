// A finding's line of code, trimmed for a one-line list entry. Shared: the client trims the lines
// of open documents, the server those of files on disk that the client never read.

/** Longest code snippet shown for a finding, in characters. */
export const SNIPPET_LENGTH = 60;

/**
 * The code of a finding's first line, whitespace collapsed, cut to about `SNIPPET_LENGTH` characters
 * around the finding's start so that the flagged code stays in view: with a hundred `unsafe` blocks
 * in one file, this is what tells them apart.
 */
export function findingSnippet(lineText: string, character: number, max = SNIPPET_LENGTH): string {
  const lead = lineText.length - lineText.trimStart().length;
  const text = lineText.trim().replace(/\s+/g, ' ');
  if (text.length <= max) return text;
  // Where the finding starts in the collapsed text (near enough: only runs of spaces were collapsed).
  const at = Math.min(Math.max(character - lead, 0), text.length);
  let start = Math.max(0, Math.min(at - Math.floor(max / 3), text.length - max));
  let end = start + max;
  const head = start > 0 ? '…' : '';
  const tail = end < text.length ? '…' : '';
  if (head) start += 1;
  if (tail) end -= 1;
  return `${head}${text.slice(start, end).trim()}${tail}`;
}

/** The snippet of each finding's first line in `text`, in the findings' order. */
export function findingSnippets(
  text: string,
  findings: readonly { range: { start: { line: number; character: number } } }[],
): string[] {
  // LSP's line breaks: \r\n, \n and a lone \r.
  const lines = text.split(/\r\n|\r|\n/);
  return findings.map(({ range: { start } }) => findingSnippet(lines[start.line] ?? '', start.character));
}
