import type { Parser } from 'web-tree-sitter';
import {
  ChunkedText,
  ChunkSyntaxError,
  DEFAULT_CHUNK_LIMITS,
  parsesInChunks,
  type ChunkLimits,
} from '../chunks';
import { FileContext } from '../context';
import { ParsedFile } from '../parsedFile';
import { LineIndex } from '../text';
import {
  chunkItemsOf,
  fileItemsOf,
  hiddenMethods,
  mergeItems,
  methodNameCounts,
  type FileItems,
} from './fileItems';
import { nameUses } from './nameUses';

/**
 * The items of a file that is not being analysed (another file of the crate), from its text, with
 * how it uses names (the analysed file reads its own uses from its tree).
 */
export function indexText(parser: Parser, text: string, path: string): FileItems {
  const file = new ParsedFile(parser, text, path);
  const ctx = new FileContext(file);
  try {
    const items = fileItemsOf(ctx);
    return detached(
      withTextFacts(
        items,
        text,
        hiddenMethods(
          methodNameCounts(ctx, () => true),
          items.fns,
        ),
      ),
    );
  } finally {
    ctx.dispose();
    file.dispose();
  }
}

/**
 * `indexText` in steps: a long file is parsed a chunk at a time, yielding after each, so that a
 * host building a crate's index in the background never holds an edit up for a whole parse of
 * a generated file (hundreds of milliseconds), and never holds its whole tree. A chunk with a
 * syntax error falls back to one whole parse, as analysis does.
 */
export function* indexTextSteps(
  parser: Parser,
  text: string,
  path: string,
  limits: ChunkLimits = DEFAULT_CHUNK_LIMITS,
): Generator<void, FileItems, void> {
  if (!parsesInChunks(text.length, limits)) return indexText(parser, text, path);
  const lines = new LineIndex(text);
  const chunks = new ChunkedText(parser, text, lines, limits.chunkChars);
  try {
    const counts = new Map<string, number>();
    const items = yield* chunkedItemsSteps(parser, text, path, lines, chunks, new Map(), counts);
    return detached(withTextFacts(items, text, hiddenMethods(counts, items.fns)));
  } catch (error) {
    if (error instanceof ChunkSyntaxError) return indexText(parser, text, path);
    throw error;
  } finally {
    chunks.dispose();
  }
}

/**
 * A chunked file's items, one chunk parsed per step, merged in file order. `facts` are the
 * file-wide facts the chunks' contexts share (an analysis passes its own).
 */
export function* chunkedItemsSteps(
  parser: Parser,
  text: string,
  path: string,
  lines: LineIndex,
  chunks: ChunkedText,
  facts: Map<string, unknown>,
  /** Filled, when given, with how often each name is written as a method (see `methodNameCounts`). */
  methodCounts?: Map<string, number>,
): Generator<void, FileItems, void> {
  const parts: FileItems[] = [];
  for (let index = 0; index < chunks.count; index++) {
    const tree = chunks.parse(index);
    const ctx = new FileContext({ text, lines, tree, parser, path }, { chunks, index, facts });
    try {
      parts.push(chunkItemsOf(ctx));
      if (methodCounts)
        for (const [name, n] of methodNameCounts(ctx, (at) => chunks.owns(index, at)))
          methodCounts.set(name, (methodCounts.get(name) ?? 0) + n);
    } finally {
      ctx.dispose();
      tree.delete();
    }
    yield;
  }
  return mergeItems(path, parts);
}

/** What an indexed file's text says beyond its items: how it uses names, the fns it hides. */
function withTextFacts(items: FileItems, text: string, hidden: string[]): FileItems {
  return { ...items, nameUses: nameUses(text), ...(hidden.length > 0 ? { hiddenFns: hidden } : {}) };
}

/**
 * A copy of the items that holds no part of the file's text. Their names and types are slices of
 * it, and V8 keeps a slice's whole string alive: an index of core held 9.5 MB of heap (its 4.4 MB
 * of source among it) for 0.9 MB of items, and the server keeps an index on two threads.
 */
function detached(items: FileItems): FileItems {
  return structuredClone(items);
}
