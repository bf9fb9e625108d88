import type { Parser, Point, Range as TreeRange, Tree } from 'web-tree-sitter';
import type { LineIndex } from './text';

/**
 * A tree costs its file some 40–55 bytes of wasm memory per character (136 per node), memory wasm
 * never gives back: 90 MB for a 1.7 MB generated file. Files this long are parsed one run of
 * top-level items at a time instead, each tree deleted before the next is built.
 */
export interface ChunkLimits {
  /** Files at least this long are parsed in chunks. */
  fileChars: number;
  /** A chunk ends at the first top-level item end past this many characters. */
  chunkChars: number;
}

export const DEFAULT_CHUNK_LIMITS: ChunkLimits = { fileChars: 512 * 1024, chunkChars: 64 * 1024 };

export interface Span {
  start: number;
  end: number;
}

/**
 * Where a top-level item ends in rustfmt's layout: a line that is only `}` (or `};`), followed by a
 * blank line or one that starts an item, attribute or comment in column 0. Text that merely looks
 * so (inside a string, a comment, a badly indented block) leaves a chunk with a syntax error, and
 * then the file is parsed whole.
 */
const ITEM_END = /^\};?[ \t]*\r?\n(?=[\r\n#/A-Za-z_])/gm;

/** Splits a text into spans of whole top-level items, each at least `chunkChars` long but the last. */
export function splitAtItemEnds(text: string, chunkChars: number): Span[] {
  const spans: Span[] = [];
  let start = 0;
  while (text.length - start > chunkChars) {
    ITEM_END.lastIndex = start + chunkChars;
    const m = ITEM_END.exec(text);
    if (!m) break;
    const end = m.index + m[0].length;
    spans.push({ start, end });
    start = end;
  }
  spans.push({ start, end: text.length });
  return spans;
}

/** Thrown when a chunk does not parse cleanly: the split may be wrong, so the caller parses whole. */
export class ChunkSyntaxError extends Error {
  constructor(readonly chunk: number) {
    super(`chunk ${chunk} has a syntax error`);
  }
}

const COMMENTS = new Set(['line_comment', 'block_comment']);

/**
 * A long text and its chunks. Every chunk is parsed with the file's crate-level `#![...]`
 * attributes in front (tree-sitter's included ranges), so its items see the same ancestors, the
 * same attributes and the same offsets as in a tree of the whole file.
 */
export class ChunkedText {
  readonly spans: readonly Span[];
  /** The file's opening inner attributes; known once chunk 0 is parsed. */
  private header: Span | undefined;
  /** The last chunk parsed for a look outside the chunk being analysed. */
  private other: { index: number; tree: Tree } | undefined;

  constructor(
    private readonly parser: Parser,
    readonly text: string,
    private readonly lines: LineIndex,
    chunkChars: number,
  ) {
    this.spans = splitAtItemEnds(text, chunkChars);
  }

  get count(): number {
    return this.spans.length;
  }

  /** The chunk holding a text offset. */
  indexAt(offset: number): number {
    let lo = 0;
    let hi = this.spans.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.spans[mid]?.start ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Whether a text offset belongs to a chunk (the end of the text belongs to the last). */
  owns(index: number, offset: number): boolean {
    const span = this.spans[index];
    if (!span) return false;
    return offset >= span.start && (offset < span.end || span.end === this.text.length);
  }

  /** Parses a chunk; the caller deletes the tree. Chunk 0 must be parsed before any other. */
  parse(index: number): Tree {
    const span = this.spans[index];
    if (!span) throw new RangeError(`no chunk ${index}`);
    if (index > 0 && !this.header) throw new Error('chunk 0 must be parsed first');
    const ranges = [this.range(span)];
    if (index > 0 && this.header && this.header.end > 0) ranges.unshift(this.range(this.header));
    const tree = this.parser.parse(this.text, null, { includedRanges: ranges });
    if (!tree) throw new Error('tree-sitter returned no tree');
    if (tree.rootNode.hasError) {
      tree.delete();
      throw new ChunkSyntaxError(index);
    }
    if (index === 0) this.header = { start: 0, end: innerAttributesEnd(tree) };
    return tree;
  }

  /** Reads another chunk's tree; the tree is kept for the next look, as lookups cluster. */
  read<T>(index: number, reader: (tree: Tree) => T): T {
    if (this.other?.index !== index) {
      this.other?.tree.delete();
      this.other = undefined;
      this.other = { index, tree: this.parse(index) };
    }
    return reader(this.other.tree);
  }

  dispose(): void {
    this.other?.tree.delete();
    this.other = undefined;
  }

  private range(span: Span): TreeRange {
    return {
      startIndex: span.start,
      endIndex: span.end,
      startPosition: this.point(span.start),
      endPosition: this.point(span.end),
    };
  }

  private point(offset: number): Point {
    const p = this.lines.positionAt(offset);
    return { row: p.line, column: p.character };
  }
}

/**
 * Where the crate-level attributes end: the last `#![...]` in the file's opening run of them and
 * comments, as `innerAttributes` reads it; 0 when there are none. Ending on an attribute also
 * stops every look at the siblings before a chunk's first item, as the item before it would.
 */
function innerAttributesEnd(tree: Tree): number {
  let end = 0;
  for (let child = tree.rootNode.firstNamedChild; child; child = child.nextNamedSibling) {
    if (child.type === 'inner_attribute_item') end = child.endIndex;
    else if (!COMMENTS.has(child.type)) break;
  }
  return end;
}
