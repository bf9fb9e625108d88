// Syntax-highlight tokens, as the language server computes them (src/engine/highlight.ts) and the
// lesson panel draws them (webview/highlight.ts). Plain data: the webview turns each kind into a
// `tok-<kind>` class from this fixed list, never into markup.

/** The token kinds the panel colours; everything else (names, punctuation, operators) stays plain. */
export const TOKEN_KINDS = [
  'keyword',
  'string',
  'constant',
  'function',
  'macro',
  'type',
  'lifetime',
  'comment',
  'attribute',
] as const;

export type TokenKind = (typeof TOKEN_KINDS)[number];

const KINDS: ReadonlySet<string> = new Set(TOKEN_KINDS);

export function isTokenKind(value: unknown): value is TokenKind {
  return typeof value === 'string' && KINDS.has(value);
}

/** `[start, end, kind]`: UTF-16 columns within one line, end exclusive. Tuples keep whole files small. */
export type TokenSpan = [start: number, end: number, kind: TokenKind];

/** The tokens of one line of a highlighted text; lines without tokens are left out. */
export interface HighlightedLine {
  /** 1-based. */
  line: number;
  tokens: TokenSpan[];
}
