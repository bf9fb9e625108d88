// The lesson panel asks the server, which has the grammar, to colour Rust code. Bad params get
// InvalidParams; a text too long to be worth it comes back plain.
import { ErrorCodes, ResponseError, type Connection } from 'vscode-languageserver';
import type { Highlighter } from '../engine';
import {
  HIGHLIGHT_REQUEST,
  type HighlightParams,
  type HighlightResult,
  type HighlightSource,
} from '../shared/protocol';

/** More texts than a lesson and a finding ever send at once. */
const MAX_SOURCES = 200;
const MAX_WINDOWS = 50;

export function registerHighlightRequest(
  connection: Connection,
  highlighter: () => Promise<Highlighter>,
  guard: () => void,
): void {
  connection.onRequest(HIGHLIGHT_REQUEST, async (params: unknown): Promise<HighlightResult> => {
    guard();
    const parsed = parseParams(params);
    if (!parsed) {
      throw new ResponseError(
        ErrorCodes.InvalidParams,
        `highlight needs { sources: Array<{ text: string, lines?: Array<{ first, last }> }> } ` +
          `(at most ${MAX_SOURCES} sources, ${MAX_WINDOWS} windows each, 1-based lines)`,
      );
    }
    const active = await highlighter();
    return { highlights: parsed.sources.map((s) => active.highlight(s.text, s.lines)) };
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isLine(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1;
}

function parseSource(value: unknown): HighlightSource | undefined {
  if (!isRecord(value) || typeof value.text !== 'string') return undefined;
  if (value.lines === undefined) return { text: value.text };
  if (!Array.isArray(value.lines) || value.lines.length > MAX_WINDOWS) return undefined;
  const lines: Array<{ first: number; last: number }> = [];
  for (const window of value.lines as unknown[]) {
    if (!isRecord(window) || !isLine(window.first) || !isLine(window.last)) return undefined;
    lines.push({ first: window.first, last: window.last });
  }
  return { text: value.text, lines };
}

function parseParams(params: unknown): HighlightParams | undefined {
  if (!isRecord(params) || !Array.isArray(params.sources) || params.sources.length > MAX_SOURCES) {
    return undefined;
  }
  const sources: HighlightSource[] = [];
  for (const value of params.sources as unknown[]) {
    const source = parseSource(value);
    if (!source) return undefined;
    sources.push(source);
  }
  return { sources };
}
