// Syntax colours in the lesson panel: text ranges wrapped in `<span class="tok-…">`, built as DOM
// nodes from the server's token data. The text itself is unchanged (screen readers read the same
// words), and nothing in the data becomes markup: a kind outside the fixed list, or a range outside
// its line, is skipped.
import { isTokenKind, type HighlightedLine, type TokenSpan } from '../src/shared/highlightTokens';
import type { HighlightedBlock } from '../src/shared/webviewProtocol';

/** Tokens by 1-based line number. */
export function tokensByLine(highlights: readonly HighlightedLine[] | undefined): Map<number, TokenSpan[]> {
  const byLine = new Map<number, TokenSpan[]>();
  for (const { line, tokens } of Array.isArray(highlights) ? highlights : []) {
    if (Array.isArray(tokens)) byLine.set(line, tokens);
  }
  return byLine;
}

/** `text` as text nodes and coloured spans; without (valid) tokens, one text node. */
export function highlightedText(text: string, tokens: readonly TokenSpan[] | undefined): Node[] {
  const nodes: Node[] = [];
  let at = 0;
  for (const token of tokens ?? []) {
    if (!Array.isArray(token)) continue;
    const [start, end, kind] = token;
    const valid =
      Number.isInteger(start) && Number.isInteger(end) && start >= at && start < end && end <= text.length;
    if (!valid || !isTokenKind(kind)) continue;
    if (start > at) nodes.push(document.createTextNode(text.slice(at, start)));
    const span = document.createElement('span');
    span.className = `tok tok-${kind}`;
    span.textContent = text.slice(start, end);
    nodes.push(span);
    at = end;
  }
  if (at < text.length || nodes.length === 0) nodes.push(document.createTextNode(text.slice(at)));
  return nodes;
}

/** Whether a `<code>` holds a Rust block: markdown-it names it `language-<info string>`. */
function isRustCode(code: Element): boolean {
  return [...code.classList].some((name) => /^language-rust(?:,|$)/.test(name));
}

/** Colours the Rust code blocks of a rendered lesson, each found by its text. */
export function highlightLessonCode(
  body: HTMLElement,
  blocks: readonly HighlightedBlock[] | undefined,
): void {
  if (!Array.isArray(blocks) || blocks.length === 0) return;
  const byCode = new Map(blocks.map((block) => [block.code, block.lines]));
  for (const code of body.querySelectorAll('pre > code')) {
    const lines = isRustCode(code) ? byCode.get(code.textContent ?? '') : undefined;
    if (!lines) continue;
    const tokens = tokensByLine(lines);
    const nodes = (code.textContent ?? '')
      .split('\n')
      .flatMap((line, i) => [
        ...(i > 0 ? [document.createTextNode('\n')] : []),
        ...(line === '' ? [] : highlightedText(line, tokens.get(i + 1))),
      ]);
    code.replaceChildren(...nodes);
  }
}
