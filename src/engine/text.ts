import type { Position, TextEdit } from '../shared/types';

/** Maps between string offsets and LSP positions (both in UTF-16 code units). */
export class LineIndex {
  private readonly starts: number[];

  constructor(
    readonly text: string,
    starts?: number[],
  ) {
    if (starts) {
      this.starts = starts;
      return;
    }
    this.starts = [0];
    // indexOf is native and far faster than a charCodeAt loop.
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  /**
   * The index of `text`, which is this index's text with [start, end) replaced by `inserted`:
   * line starts before the edit are kept and the ones after it shifted, so a keystroke in a
   * large file costs a copy of the line table instead of a scan of the whole text.
   */
  edited(start: number, end: number, inserted: string, text: string): LineIndex {
    const delta = inserted.length - (end - start);
    const old = this.starts;
    const before = firstAbove(old, start);
    const after = firstAbove(old, end);
    const added: number[] = [];
    for (let i = inserted.indexOf('\n'); i !== -1; i = inserted.indexOf('\n', i + 1))
      added.push(start + i + 1);
    // Sized once: growing by push made a keystroke in a 4,000-line file allocate three times the table.
    const starts = new Array<number>(before + added.length + old.length - after);
    let k = 0;
    for (let i = 0; i < before; i++) starts[k++] = old[i] ?? 0;
    for (const s of added) starts[k++] = s;
    for (let i = after; i < old.length; i++) starts[k++] = (old[i] ?? 0) + delta;
    return new LineIndex(text, starts);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  lineStart(line: number): number {
    return this.starts[Math.min(Math.max(line, 0), this.starts.length - 1)] ?? 0;
  }

  lineText(line: number): string {
    const start = this.lineStart(line);
    const next = line + 1 < this.starts.length ? this.lineStart(line + 1) : this.text.length;
    return this.text.slice(start, next).replace(/\r?\n$/, '');
  }

  /** Like LSP: a character past the end of its line stops at the line's end, before `\r\n`. */
  offsetAt(pos: Position): number {
    if (pos.line < 0) return 0;
    if (pos.line >= this.starts.length) return this.text.length;
    const start = this.lineStart(pos.line);
    let end = pos.line + 1 < this.starts.length ? this.lineStart(pos.line + 1) - 1 : this.text.length;
    if (end > start && this.text.charCodeAt(end - 1) === 13) end--;
    return Math.min(start + Math.max(pos.character, 0), end);
  }

  positionAt(offset: number): Position {
    const clamped = Math.min(Math.max(offset, 0), this.text.length);
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: clamped - (this.starts[lo] ?? 0) };
  }

  /** The indentation (leading whitespace) of a line. */
  indentOf(line: number): string {
    return /^[ \t]*/.exec(this.lineText(line))?.[0] ?? '';
  }
}

/** The index of the first of the ascending `starts` that is greater than `offset`. */
function firstAbove(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((starts[mid] ?? 0) <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const BRACKETS = /[()[\]{}]/g;
const OPEN_PAREN = 0x28;
const OPEN_SQUARE = 0x5b;
const OPEN_CURLY = 0x7b;

/** The deepest nesting of `(`, `[` and `{` in a text (strings and comments included: a cheap bound). */
export function bracketDepth(text: string): number {
  let depth = 0;
  let max = 0;
  // A native regex scan skips the text between brackets faster than a charCodeAt loop; `test`
  // rather than `exec`, which would allocate a match for each of a file's thousands of brackets.
  BRACKETS.lastIndex = 0;
  while (BRACKETS.test(text)) {
    const c = text.charCodeAt(BRACKETS.lastIndex - 1);
    if (c === OPEN_PAREN || c === OPEN_SQUARE || c === OPEN_CURLY) {
      if (++depth > max) max = depth;
    } else if (depth > 0) depth--;
  }
  return max;
}

const BRACKET = /[()[\]{}]/;

/** Whether a text holds a bracket: an edit without any leaves the bracket nesting as it was. */
export function hasBracket(text: string): boolean {
  return BRACKET.test(text);
}

export function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

/** Applies non-overlapping edits to a text. Throws if two edits overlap. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const index = new LineIndex(text);
  const spans = edits
    .map((e, order) => ({ start: index.offsetAt(e.range.start), end: index.offsetAt(e.range.end), e, order }))
    .sort((a, b) => a.start - b.start || a.end - b.end || a.order - b.order);
  let out = '';
  let cursor = 0;
  for (const s of spans) {
    if (s.start < cursor) throw new Error('overlapping edits');
    out += text.slice(cursor, s.start) + s.e.newText;
    cursor = s.end;
  }
  return out + text.slice(cursor);
}

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
