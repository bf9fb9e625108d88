// Syntax highlighting with tree-sitter-rust's own highlights query, for the lesson panel. The query's
// capture names map onto the few token kinds the panel colours (src/shared/highlightTokens.ts).
import { Parser, Query, type Language, type Node, type QueryCapture } from 'web-tree-sitter';
import type { HighlightedLine, TokenKind, TokenSpan } from '../shared/highlightTokens';
import { TOKEN_KINDS } from '../shared/highlightTokens';
import { loadRustLanguage, type GrammarSource } from './grammar';
import { readGrammarWasm } from './grammarDir';

/** Texts longer than this are left plain: highlighting is a nicety, not worth a stalled server. */
export const MAX_HIGHLIGHT_LENGTH = 1_000_000;

/** The query's capture names the panel colours; the others (names, punctuation) stay plain. */
const KIND_OF_CAPTURE: ReadonlyMap<string, TokenKind> = new Map<string, TokenKind>([
  ['keyword', 'keyword'],
  ['variable.builtin', 'keyword'],
  ['string', 'string'],
  ['constant', 'constant'],
  ['constant.builtin', 'constant'],
  ['escape', 'constant'],
  ['function', 'function'],
  ['function.method', 'function'],
  ['function.macro', 'macro'],
  ['type', 'type'],
  ['type.builtin', 'type'],
  ['constructor', 'type'],
  ['label', 'lifetime'],
  ['comment', 'comment'],
  ['comment.documentation', 'comment'],
  ['attribute', 'attribute'],
]);

/** 1-based, inclusive line windows. */
export interface LineWindow {
  first: number;
  last: number;
}

export class Highlighter {
  private readonly parser: Parser;

  constructor(
    language: Language,
    private readonly query: Query,
  ) {
    this.parser = new Parser();
    this.parser.setLanguage(language);
  }

  /**
   * The tokens of `text`, per line, for the lines in `windows` (all lines without). Code inside a
   * parse error stays plain: what the grammar could not read, it cannot colour right either.
   */
  highlight(text: string, windows?: readonly LineWindow[]): HighlightedLine[] {
    if (text.length === 0 || text.length > MAX_HIGHLIGHT_LENGTH) return [];
    const tree = this.parser.parse(text);
    if (!tree) return [];
    try {
      const starts = lineStarts(text);
      const ranges = (windows ?? [{ first: 1, last: starts.length }])
        .map((w) => ({ first: Math.max(1, w.first), last: Math.min(starts.length, w.last) }))
        .filter((w) => w.first <= w.last);
      const kinds = new Uint8Array(text.length);
      const lines: HighlightedLine[] = [];
      for (const { first, last } of ranges) {
        const startIndex = starts[first - 1] ?? 0;
        const endIndex = starts[last] ?? text.length;
        paint(kinds, this.query.captures(tree.rootNode, { startIndex, endIndex }));
        if (tree.rootNode.hasError) clearErrors(kinds, tree.rootNode, startIndex, endIndex);
      }
      const seen = new Set<number>();
      for (const { first, last } of ranges) {
        for (let line = first; line <= last; line++) {
          if (seen.has(line)) continue;
          seen.add(line);
          const tokens = lineTokens(kinds, text, starts[line - 1] ?? 0, lineEnd(text, starts, line));
          if (tokens.length > 0) lines.push({ line, tokens });
        }
      }
      return lines.sort((a, b) => a.line - b.line);
    } finally {
      tree.delete();
    }
  }
}

/**
 * Colours each capture's characters with its kind. Outer nodes go first so that inner ones (an
 * escape in a string, a type in an attribute) win; of several captures of one node, the first the
 * panel colours wins, as tree-sitter's own highlighter lets a query's earlier patterns win.
 */
function paint(kinds: Uint8Array, captures: readonly QueryCapture[]): void {
  const ordered = captures
    .map((capture, order) => ({ capture, order }))
    .sort(
      (a, b) =>
        a.capture.node.startIndex - b.capture.node.startIndex ||
        b.capture.node.endIndex - a.capture.node.endIndex ||
        a.order - b.order,
    );
  const painted = new Set<number>();
  for (const { capture } of ordered) {
    const kind = KIND_OF_CAPTURE.get(capture.name);
    if (kind === undefined || painted.has(capture.node.id)) continue;
    painted.add(capture.node.id);
    // The query captures a lifetime's name; its `'` belongs to it too.
    const node = kind === 'lifetime' ? lifetimeOf(capture.node) : capture.node;
    if (!node) continue;
    kinds.fill(TOKEN_KINDS.indexOf(kind) + 1, node.startIndex, node.endIndex);
  }
}

function lifetimeOf(label: Node): Node | undefined {
  const parent = label.parent;
  return parent?.type === 'lifetime' ? parent : undefined;
}

/** Unpaints every ERROR node that overlaps [start, end), looking only where the tree has errors. */
function clearErrors(kinds: Uint8Array, node: Node, start: number, end: number): void {
  if (node.endIndex <= start || node.startIndex >= end) return;
  if (node.isError) {
    kinds.fill(0, node.startIndex, node.endIndex);
    return;
  }
  if (!node.hasError) return;
  for (const child of node.children) if (child) clearErrors(kinds, child, start, end);
}

function lineStarts(text: string): number[] {
  const starts = [0];
  const lineBreak = /\r\n|\r|\n/g;
  for (let match = lineBreak.exec(text); match; match = lineBreak.exec(text)) {
    starts.push(match.index + match[0].length);
  }
  return starts;
}

/** Where line `line` (1-based) ends, before its line break. */
function lineEnd(text: string, starts: readonly number[], line: number): number {
  const next = starts[line];
  if (next === undefined) return text.length;
  return text[next - 2] === '\r' && text[next - 1] === '\n' ? next - 2 : next - 1;
}

function lineTokens(kinds: Uint8Array, text: string, start: number, end: number): TokenSpan[] {
  const tokens: TokenSpan[] = [];
  let i = start;
  while (i < end) {
    const k = kinds[i] ?? 0;
    let j = i + 1;
    while (j < end && kinds[j] === k) j++;
    const kind = TOKEN_KINDS[k - 1];
    // Spaces inside a token (a comment's words) stay in it; a token of only spaces is dropped.
    if (kind !== undefined && text.slice(i, j).trim() !== '') tokens.push([i - start, j - start, kind]);
    i = j;
  }
  return tokens;
}

/** Compiles the highlights query (`highlights.scm`); a bad query throws the compiler's error. */
export function createHighlighter(language: Language, querySource: string): Highlighter {
  return new Highlighter(language, new Query(language, querySource));
}

let loaded: Promise<Highlighter> | undefined;

/** The highlighter, built once per process from the grammar's folder or bytes (as the parser is). */
export function loadHighlighter(source: GrammarSource): Promise<Highlighter> {
  loaded ??= (async () => {
    const language = await loadRustLanguage(source);
    const query = (typeof source === 'string' ? readGrammarWasm(source) : source).highlightsQuery;
    if (query === undefined) throw new Error('The host passed no highlights query (highlights.scm)');
    return createHighlighter(language, query);
  })();
  return loaded;
}
