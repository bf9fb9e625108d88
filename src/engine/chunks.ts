import type { Node, Parser, Point, Range as TreeRange, Tree } from 'web-tree-sitter';
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

/** Whether a text of this length is parsed in chunks (where that is exact) rather than whole. */
export function parsesInChunks(length: number, limits: ChunkLimits = DEFAULT_CHUNK_LIMITS): boolean {
  return length >= limits.fileChars;
}

export interface Span {
  start: number;
  end: number;
}

/**
 * Where an item ends in rustfmt's layout: a line that is only `}` (or `};`) at the item's indent,
 * followed by a blank line or one that starts an item, attribute or comment at that indent. Text
 * that merely looks so (inside a string, a comment, a badly indented block) leaves a chunk with a
 * syntax error, and then the file is parsed whole.
 */
const ITEM_END = /^\};?[ \t]*\r?\n(?=[\r\n#/A-Za-z_])/gm;
const MODULE_ITEM_END = /^ {4}\};?[ \t]*\r?\n(?=\r?\n| {4}[#/A-Za-z_])/gm;
/** A top-level `mod name {` line, and the line that closes it. */
const MODULE_OPEN = /^(?:pub(?:\([^)\n]*\))?[ \t]+)?mod[ \t]+\w+[ \t]*\{[ \t]*\r?\n/gm;
const MODULE_CLOSE = /^\}[ \t]*\r?(?:\n|$)/gm;

/** Splits `[start, end)` where `pattern` matches, into spans at least `chunkChars` long but the last. */
function splitAt(pattern: RegExp, text: string, start: number, end: number, chunkChars: number): Span[] {
  const spans: Span[] = [];
  while (end - start > chunkChars) {
    pattern.lastIndex = start + chunkChars;
    const m = pattern.exec(text);
    const cut = m ? m.index + m[0].length : end;
    if (cut >= end) break;
    spans.push({ start, end: cut });
    start = cut;
  }
  spans.push({ start, end });
  return spans;
}

/** Splits a text into spans of whole top-level items, each at least `chunkChars` long but the last. */
export function splitAtItemEnds(text: string, chunkChars: number): Span[] {
  return splitAt(ITEM_END, text, 0, text.length, chunkChars);
}

/** A top-level module whose items are split over several chunks. */
interface Module {
  /** Where its `mod` line starts. */
  line: number;
  /** Its closing `}` line, parsed with every chunk but the last. */
  close: Span;
  /** Its attributes, `mod name {` and opening `#![...]`: known once its first chunk is parsed. */
  open?: Span;
  /** The chunk that holds its start. */
  first: number;
}

interface Chunk {
  /** What the chunk reports in; the chunks' spans cover the text. */
  own: Span;
  module?: Module;
}

/**
 * Splits a text into chunks: runs of top-level items, and where one item is a long module that
 * ends a span, runs of the module's own items.
 */
function chunksOf(text: string, chunkChars: number): Chunk[] {
  const chunks: Chunk[] = [];
  for (const span of splitAtItemEnds(text, chunkChars)) {
    const module = span.end - span.start > 2 * chunkChars ? lastModule(text, span) : undefined;
    const inner = module
      ? splitAt(MODULE_ITEM_END, text, module.bodyStart, module.close.start, chunkChars)
      : [];
    if (!module || inner.length < 2) {
      chunks.push({ own: span });
      continue;
    }
    const shared: Module = { line: module.line, close: module.close, first: chunks.length };
    inner.forEach((piece, i) =>
      chunks.push({
        own: {
          start: i === 0 ? span.start : piece.start,
          end: i === inner.length - 1 ? span.end : piece.end,
        },
        module: shared,
      }),
    );
  }
  return chunks;
}

/** The top-level module a span ends with, if its closing line is the span's last text. */
function lastModule(text: string, span: Span): { line: number; bodyStart: number; close: Span } | undefined {
  let open: RegExpExecArray | undefined;
  MODULE_OPEN.lastIndex = span.start;
  for (let m = MODULE_OPEN.exec(text); m && m.index < span.end; m = MODULE_OPEN.exec(text)) open = m;
  if (!open) return undefined;
  const bodyStart = open.index + open[0].length;
  MODULE_CLOSE.lastIndex = bodyStart;
  const close = MODULE_CLOSE.exec(text);
  if (!close) return undefined;
  const closeEnd = close.index + close[0].length;
  if (closeEnd > span.end || text.slice(closeEnd, span.end).trim() !== '') return undefined;
  return { line: open.index, bodyStart, close: { start: close.index, end: closeEnd } };
}

/** Thrown when a chunk does not parse cleanly: the split may be wrong, so the caller parses whole. */
export class ChunkSyntaxError extends Error {
  constructor(readonly chunk: number) {
    super(`chunk ${chunk} has a syntax error`);
  }
}

const COMMENTS = new Set(['line_comment', 'block_comment']);

/**
 * A long text and its chunks. Every chunk is parsed (with tree-sitter's included ranges) with the
 * file's crate-level `#![...]` attributes in front, and a chunk of a module's items inside the
 * module's opening and closing lines, so its items see the same ancestors, the same attributes and
 * the same offsets as in a tree of the whole file.
 */
export class ChunkedText {
  private readonly chunks: readonly Chunk[];
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
    this.chunks = chunksOf(text, chunkChars);
  }

  get count(): number {
    return this.chunks.length;
  }

  /** The span a chunk reports in. */
  span(index: number): Span {
    const chunk = this.chunks[index];
    if (!chunk) throw new RangeError(`no chunk ${index}`);
    return chunk.own;
  }

  /** The chunk holding a text offset. */
  indexAt(offset: number): number {
    let lo = 0;
    let hi = this.chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.chunks[mid]?.own.start ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Whether a text offset belongs to a chunk (the end of the text belongs to the last). */
  owns(index: number, offset: number): boolean {
    const span = this.chunks[index]?.own;
    if (!span) return false;
    return offset >= span.start && (offset < span.end || span.end === this.text.length);
  }

  /** Parses a chunk; the caller deletes the tree. */
  parse(index: number): Tree {
    const chunk = this.chunks[index];
    if (!chunk) throw new RangeError(`no chunk ${index}`);
    // What a chunk is parsed with is read from the trees of the chunks that hold it.
    if (index > 0 && !this.header) this.parse(0).delete();
    const module = chunk.module;
    if (module && index !== module.first && !module.open) this.parse(module.first).delete();

    const spans: Span[] = [];
    if (index > 0 && this.header && this.header.end > 0) spans.push(this.header);
    if (module?.open && index !== module.first) spans.push(module.open);
    spans.push(chunk.own);
    if (module && chunk.own.end <= module.close.start) spans.push(module.close);
    const tree = this.parser.parse(this.text, null, { includedRanges: spans.map((s) => this.range(s)) });
    if (!tree) throw new Error('tree-sitter returned no tree');
    if (tree.rootNode.hasError) {
      tree.delete();
      throw new ChunkSyntaxError(index);
    }
    if (index === 0) this.header = { start: 0, end: innerAttributesEnd(tree.rootNode) };
    if (module && index === module.first) module.open = moduleOpening(tree, module.line, index);
    return tree;
  }

  /** Reads another chunk's tree; the tree is kept for the next look, as lookups cluster. */
  read<T>(index: number, reader: (tree: Tree) => T): T {
    if (this.other?.index !== index) {
      this.other?.tree.delete();
      // Cleared first: if the parse throws, no deleted tree is left behind to be read.
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
 * Where the opening `#![...]` attributes of a crate or module end: the last one in the opening
 * run of them and comments, as `innerAttributes` reads it; 0 when there are none. Ending on an
 * attribute also stops every look at the siblings before a chunk's first item, as the item before
 * it would.
 */
function innerAttributesEnd(holder: Node): number {
  let end = 0;
  for (let child = holder.firstNamedChild; child; child = child.nextNamedSibling) {
    if (child.type === 'inner_attribute_item') end = child.endIndex;
    else if (!COMMENTS.has(child.type)) break;
  }
  return end;
}

/**
 * A module's opening as its later chunks are parsed with it: from its first outer attribute (or
 * comment among them) to its `{` and opening inner attributes.
 */
function moduleOpening(tree: Tree, line: number, chunk: number): Span {
  let module: Node | null = tree.rootNode.descendantForIndex(line, line + 1);
  while (module && !(module.type === 'mod_item' && module.startIndex === line)) module = module.parent;
  const body = module?.childForFieldName('body');
  if (!module || !body) throw new ChunkSyntaxError(chunk);
  let start = module.startIndex;
  for (
    let s = module.previousSibling;
    s && (s.type === 'attribute_item' || COMMENTS.has(s.type));
    s = s.previousSibling
  )
    start = s.startIndex;
  return { start, end: Math.max(innerAttributesEnd(body), body.startIndex + 1) };
}
