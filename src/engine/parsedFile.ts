import { Edit, type Node, type Parser, type Tree } from 'web-tree-sitter';
import type { CarriedFacts } from './context';
import type { Range } from '../shared/types';
import { bracketDepth, hasBracket, LineIndex } from './text';
import { WordIndex } from './wordIndex';

export interface ContentChange {
  /** Absent for a full replacement. */
  range?: Range;
  text: string;
}

/** Word lists whose indexes a file keeps; the rules in play change only with the settings. */
const MAX_WORD_INDEXES = 4;

/** A Rust file's text and its syntax tree, re-parsed incrementally on edits. */
export class ParsedFile {
  private currentTree: Tree;
  private currentLines: LineIndex;
  /** Computed on first use and carried across edits that neither add nor remove a bracket. */
  private depth: number | undefined;
  /** Where the rules' words occur, by word list: carried across edits, which search only their lines. */
  private readonly wordIndexes = new Map<string, WordIndex>();
  /** File-wide facts (its items, its imports) kept while edits stay inside fn bodies; see `carried`. */
  private readonly facts = new Map<string, { value: unknown; holdsOffsets: boolean }>();
  /**
   * Where the fn body an edit stayed inside must be once re-parsed (its start, its new end): if it
   * is not there, the edit reached beyond it (a brace typed or a comment opened) and the facts go.
   */
  private keptBody: { start: number; end: number } | undefined;

  /**
   * Facts a `FileContext.carriedMemo` reads (see there). An edit inside one fn body leaves them as
   * they were unless it touches a `use`, which may sit in a body; any other edit drops them.
   */
  readonly carried: CarriedFacts = {
    get: (key) => this.facts.get(key)?.value,
    set: (key, value, holdsOffsets) => {
      this.facts.set(key, { value, holdsOffsets });
    },
  };

  constructor(
    readonly parser: Parser,
    private currentText: string,
    /** Used to tell test files (`tests/`, `benches/`) and crate roots apart. */
    readonly path = '',
  ) {
    this.currentTree = parseOrThrow(parser, currentText);
    this.currentLines = new LineIndex(currentText);
  }

  get text(): string {
    return this.currentText;
  }

  get tree(): Tree {
    return this.currentTree;
  }

  get lines(): LineIndex {
    return this.currentLines;
  }

  /** The deepest nesting of `(`, `[` and `{` (strings and comments included). */
  get nestingDepth(): number {
    this.depth ??= bracketDepth(this.currentText);
    return this.depth;
  }

  /** Where each of `words` occurs in the text's code (see WordIndex). */
  wordIndex(words: readonly string[]): WordIndex {
    const key = [...new Set(words)].sort().join('\n');
    let index = this.wordIndexes.get(key);
    if (!index) {
      if (this.wordIndexes.size >= MAX_WORD_INDEXES) this.wordIndexes.clear();
      index = new WordIndex(this.currentText, words);
      this.wordIndexes.set(key, index);
    }
    return index;
  }

  /**
   * Applies LSP content changes in order, editing the old tree so the parse is incremental.
   * `resultText` is the text after all of them when the caller already has it (an editor's
   * document model): taking it saves building and copying another string of the whole file on
   * every keystroke. It is used only if its length and the last change's text agree with it.
   */
  applyChanges(changes: readonly ContentChange[], resultText?: string): void {
    let edited = false;
    for (const [i, change] of changes.entries()) {
      if (!change.range) {
        this.facts.clear();
        this.replaceTree(parseOrThrow(this.parser, change.text), change.text);
        edited = false;
        continue;
      }
      edited = true;
      const lines = this.currentLines;
      const a = lines.offsetAt(change.range.start);
      const b = lines.offsetAt(change.range.end);
      // A reversed range is still one range; never let tree.edit see an end before its start.
      const startIndex = Math.min(a, b);
      const oldEndIndex = Math.max(a, b);
      const removed = this.currentText.slice(startIndex, oldEndIndex);
      const length = this.currentText.length - (oldEndIndex - startIndex) + change.text.length;
      const given =
        i === changes.length - 1 &&
        resultText?.length === length &&
        resultText.startsWith(change.text, startIndex);
      const text = given
        ? resultText
        : this.currentText.slice(0, startIndex) + change.text + this.currentText.slice(oldEndIndex);
      const newLines = lines.edited(startIndex, oldEndIndex, change.text, text);
      if (hasBracket(removed) || hasBracket(change.text)) this.depth = undefined;
      const newEndIndex = startIndex + change.text.length;
      this.keepFactsAcross(changes.length, startIndex, oldEndIndex, removed, change.text);
      const point = (p: { line: number; character: number }) => ({ row: p.line, column: p.character });
      this.currentTree.edit(
        new Edit({
          startIndex,
          oldEndIndex,
          newEndIndex,
          startPosition: point(lines.positionAt(startIndex)),
          oldEndPosition: point(lines.positionAt(oldEndIndex)),
          newEndPosition: point(newLines.positionAt(newEndIndex)),
        }),
      );
      for (const [key, index] of this.wordIndexes)
        this.wordIndexes.set(key, index.edited(text, startIndex, oldEndIndex, newEndIndex));
      this.currentText = text;
      this.currentLines = newLines;
    }
    // One re-parse after all edits: tree-sitter reuses every unchanged subtree.
    if (!edited) return;
    const tree = parseOrThrow(this.parser, this.currentText, this.currentTree);
    // Around a syntax error, an incremental parse may recover differently from a parse of the
    // text alone (tree-sitter reuses the old tree's nodes), and findings and fixes would depend on
    // the path of edits that led here. A file this short is parsed afresh then, for a millisecond.
    if (tree.rootNode.hasError && this.currentText.length <= FRESH_ON_ERROR_CHARS) {
      tree.delete();
      this.replaceTree(parseOrThrow(this.parser, this.currentText), this.currentText);
    } else this.replaceTree(tree, this.currentText);
    this.checkKeptBody();
  }

  /**
   * Whether an edit can leave the file's items and imports as they were: one change, strictly
   * inside a fn's body braces, with no `use` in that body before or after. Checked again after the
   * re-parse (`checkKeptBody`): the body must still be a fn's body, where the edit said it would be.
   */
  private keepFactsAcross(
    changeCount: number,
    start: number,
    oldEnd: number,
    removed: string,
    inserted: string,
  ): void {
    this.keptBody = undefined;
    if (this.facts.size === 0) return;
    const body = changeCount === 1 ? fnBodyAround(this.currentTree, start, oldEnd) : null;
    const delta = inserted.length - removed.length;
    const bodyText = body && this.currentText.slice(body.startIndex, body.endIndex);
    const newBodyText =
      body && bodyText !== null
        ? bodyText.slice(0, start - body.startIndex) + inserted + bodyText.slice(oldEnd - body.startIndex)
        : null;
    if (!body || bodyText === null || newBodyText === null || USE.test(bodyText) || USE.test(newBodyText)) {
      this.facts.clear();
      return;
    }
    // Offsets after the edit moved: a fact that records any is dropped.
    for (const [key, fact] of this.facts) if (fact.holdsOffsets) this.facts.delete(key);
    this.keptBody = { start: body.startIndex, end: body.endIndex + delta };
  }

  private checkKeptBody(): void {
    const kept = this.keptBody;
    this.keptBody = undefined;
    if (!kept) {
      this.facts.clear();
      return;
    }
    const node = this.currentTree.rootNode.descendantForIndex(kept.start, kept.end - 1);
    const body = node?.type === 'block' ? node : null;
    if (
      body?.startIndex !== kept.start ||
      body.endIndex !== kept.end ||
      body.parent?.type !== 'function_item'
    )
      this.facts.clear();
  }

  dispose(): void {
    this.currentTree.delete();
  }

  private replaceTree(tree: Tree, text: string): void {
    if (text !== this.currentText) this.facts.clear();
    if (tree !== this.currentTree) this.currentTree.delete();
    this.currentTree = tree;
    if (text !== this.currentText || this.currentLines.text !== text) {
      this.currentText = text;
      this.currentLines = new LineIndex(text);
      this.depth = undefined;
      this.wordIndexes.clear();
    }
  }
}

/** A `use` declaration may sit in a fn body: the file's imports include it. */
const USE = /\buse\b/;

/**
 * The body block of the fn whose braces strictly enclose `start..end` (the innermost fn: a nested
 * fn's body is its own), or null when the range touches a brace or lies outside any fn body.
 */
function fnBodyAround(tree: Tree, start: number, end: number): Node | null {
  for (let n: Node | null = tree.rootNode.descendantForIndex(start, Math.max(start, end)); n; n = n.parent) {
    if (n.type !== 'block' || n.parent?.type !== 'function_item') continue;
    return n.startIndex < start && end < n.endIndex ? n : null;
  }
  return null;
}

/** Files up to this long get a fresh parse after an edit that leaves a syntax error. */
const FRESH_ON_ERROR_CHARS = 64 * 1024;

function parseOrThrow(parser: Parser, text: string, oldTree?: Tree): Tree {
  const tree = parser.parse(text, oldTree);
  if (!tree) throw new Error('tree-sitter returned no tree');
  return tree;
}
