import type { Node, Parser, Tree } from 'web-tree-sitter';
import type { Range, TextEdit } from '../shared/types';
import type { ChunkedText } from './chunks';
import { type ClippyConfig, DEFAULT_CLIPPY_CONFIG } from './clippyConfig';
import type { CrateIndex } from './semantics/crateIndex';
import { SemanticModel } from './semantics/semanticModel';
import type { LineIndex } from './text';

/** A file's text and a tree of it: the whole file's (a ParsedFile), or one chunk's. */
export interface SourceTree {
  readonly text: string;
  readonly lines: LineIndex;
  readonly tree: Tree;
  readonly parser: Parser;
  /** Relative to the crate root. */
  readonly path: string;
  /** File-wide facts kept across edits that cannot change them (see `ParsedFile.carried`). */
  readonly carried?: CarriedFacts;
}

/** Facts an edited file keeps while its edits stay inside fn bodies (see parsedFile.ts). */
export interface CarriedFacts {
  get(key: string): unknown;
  /** `holdsOffsets`: the value records positions in the text, so any edit drops it. */
  set(key: string, value: unknown, holdsOffsets: boolean): void;
}

/** The chunk a context's tree holds, and what the contexts of one file's chunks share. */
export interface ChunkScope {
  chunks: ChunkedText;
  index: number;
  /** File-wide facts, computed once for all chunks. */
  facts: Map<string, unknown>;
}

/** A tree whose offsets map into the file: the file's own tree, or a macro's arguments parsed on their own. */
export interface View {
  tree: Tree;
  /** Offset in the file of index `prefixLength` in this tree's text. */
  origin: number;
  prefixLength: number;
  /** The macro invocation in the enclosing view; null for the file's own tree. */
  host: Node | null;
  /** The node whose parent is `host`, seen from inside. */
  boundaryId: number;
  /** False inside macro definitions, whose text was rewritten to parse (`$x` → `_x`). */
  fixable: boolean;
}

const EXPRESSION_WRAPPER = ['fn __rsc(){[', '];}'] as const;
const STATEMENT_WRAPPER = ['fn __rsc(){', '\n}'] as const;

/** Macros whose body is items or statements, and the rewrite (same length) that makes it parse. */
const STATEMENT_MACROS = new Map<string, (text: string) => string>([
  ['thread_local', (t) => t],
  ['lazy_static', (t) => t.replace(/\bref\s+static\b/g, (m) => ' '.repeat(m.length - 6) + 'static')],
  // `if #[cfg(x)] { … } else { … }` → two plain blocks.
  ['cfg_if', (t) => t.replace(/\b(else\s+)?if\s+#\[[^\]]*\]|\belse\b/g, (m) => ' '.repeat(m.length))],
]);

/** Built-in macros whose arguments are never run as code: nothing inside them can panic. */
const NON_CODE_MACROS = new Set([
  'stringify',
  'concat',
  'concat_idents',
  'include',
  'include_str',
  'include_bytes',
  'env',
  'option_env',
  'cfg',
  'compile_error',
  'line',
  'column',
  'file',
  'module_path',
  'asm',
  'global_asm',
  'naked_asm',
]);

/** std macros whose arguments are expressions, so an unwrap inside them is real code. */
export const EXPRESSION_MACROS = new Set([
  'assert',
  'assert_eq',
  'assert_ne',
  'debug_assert',
  'debug_assert_eq',
  'debug_assert_ne',
  'dbg',
  'eprint',
  'eprintln',
  'format',
  'format_args',
  'panic',
  'print',
  'println',
  'todo',
  'unimplemented',
  'unreachable',
  'vec',
  'write',
  'writeln',
  'matches',
  'trace',
  'debug',
  'info',
  'warn',
  'error',
]);

export class FileContext {
  private readonly views = new Map<Tree, View>();
  private readonly subTrees: Tree[] = [];
  private readonly memos = new Map<string, unknown>();
  private readonly parents = new Map<string, Node | null>();
  private model: SemanticModel | undefined;

  constructor(
    readonly file: SourceTree,
    /** Absent when `file.tree` is the whole file's. */
    private readonly chunk?: ChunkScope,
    /** The other files' items, for types declared elsewhere in the crate. */
    private readonly crate?: CrateIndex,
    /** clippy.toml's settings for the mirrored rules. */
    readonly clippy: ClippyConfig = DEFAULT_CLIPPY_CONFIG,
    /** See `AnalyzeOptions.onCrateLookup`. */
    private readonly onCrateLookup?: () => void,
    /** See `AnalyzeOptions.crateIncomplete`. */
    private readonly crateIncomplete = false,
  ) {
    this.views.set(file.tree, {
      tree: file.tree,
      origin: 0,
      prefixLength: 0,
      host: null,
      boundaryId: -1,
      fixable: true,
    });
  }

  get text(): string {
    return this.file.text;
  }

  /**
   * Whether a fn of this name may be declared in the crate: in this file's text, or in the crate
   * index. Cheap: a rule can skip building the semantic model when the answer is no.
   */
  mayDeclareFn(name: string): boolean {
    const declared = this.fileMemo(`declares-fn:${name}`, () =>
      new RegExp(`\\bfn\\s+${name}\\b`).test(this.text),
    );
    if (declared) return true;
    this.onCrateLookup?.();
    return !!this.crate?.declaresFn(name);
  }

  /**
   * Whether the crate's other files, which could change a typed fix's answer, are not indexed:
   * asking says the answer depends on them (a host re-analyses once they are).
   */
  lacksCrateFiles(): boolean {
    if (this.crateIncomplete) this.onCrateLookup?.();
    return this.crateIncomplete;
  }

  /** The file's path as the engine names it (crate-relative in a crate). */
  get path(): string {
    return this.file.path;
  }

  get lines(): LineIndex {
    return this.file.lines;
  }

  get root(): Node {
    return this.file.tree.rootNode;
  }

  /** Types of this file's expressions, built on first use and shared by every rule. */
  get semantics(): SemanticModel {
    this.model ??= new SemanticModel(this, this.crate, this.onCrateLookup);
    return this.model;
  }

  /** The file offset of a node's start. */
  start(node: Node): number {
    return this.mapIndex(node, node.startIndex);
  }

  end(node: Node): number {
    return this.mapIndex(node, node.endIndex);
  }

  rangeOf(node: Node): Range {
    return this.rangeBetween(this.start(node), this.end(node));
  }

  rangeBetween(start: number, end: number): Range {
    return { start: this.lines.positionAt(start), end: this.lines.positionAt(end) };
  }

  /** An edit; line breaks in the new text take the file's ending at that place (CRLF stays CRLF). */
  edit(start: number, end: number, newText: string): TextEdit {
    return { range: this.rangeBetween(start, end), newText: withLineEnding(newText, this.text, start) };
  }

  /**
   * The parent, stepping from a macro's arguments out to the macro invocation. Remembered:
   * tree-sitter finds a parent by walking down from the root, and findings in one function
   * climb through the same ancestors.
   */
  parent(node: Node): Node | null {
    const key = `${node.id}:${node.startIndex}`;
    let parent = this.parents.get(key);
    if (parent === undefined) {
      const view = this.viewOf(node);
      parent = view.host && node.id === view.boundaryId ? view.host : node.parent;
      this.parents.set(key, parent);
    }
    return parent;
  }

  /**
   * The siblings before a node, nearest first. `previousSibling` scans the parent's children from
   * the first one, so each step in an impl or module of hundreds of items is long: a large file's
   * large parents have their children read once and searched; elsewhere a cursor steps back
   * (its steps stay inside wasm, and it makes a node only for what it yields).
   */
  *siblingsBefore(node: Node): Generator<Node> {
    const view = this.viewOf(node);
    const parent = view.host && node.id === view.boundaryId ? null : this.parent(node);
    if (!parent || parent.childCount <= CURSOR_PARENT) {
      for (let s = node.previousSibling; s; s = s.previousSibling) yield s;
      return;
    }
    if (this.text.length >= LARGE_FILE && parent.childCount > SMALL_PARENT) {
      const children = this.memo(`children:${parent.id}:${parent.startIndex}`, () => parent.children);
      const at = indexOfChild(children, node);
      if (at >= 0) {
        for (let i = at - 1; i >= 0; i--) {
          const s = children[i];
          if (s) yield s;
        }
        return;
      }
    }
    const cursor = parent.walk();
    try {
      // The first child that ends after the node's start is the node itself (zero-width ones end at it).
      if (!cursor.gotoFirstChildForIndex(node.startIndex) || cursor.nodeId !== node.id) {
        for (let s = node.previousSibling; s; s = s.previousSibling) yield s;
        return;
      }
      while (cursor.gotoPreviousSibling()) yield cursor.currentNode;
    } finally {
      cursor.delete();
    }
  }

  *ancestors(node: Node): Generator<Node> {
    for (let n = this.parent(node); n; n = this.parent(n)) yield n;
  }

  /** Whether a node lies inside a macro's arguments. */
  inMacro(node: Node): boolean {
    return this.viewOf(node).host !== null;
  }

  /** Whether fixes may edit this node: not inside a macro definition. */
  fixable(node: Node): boolean {
    return this.viewOf(node).fixable;
  }

  /**
   * Parses the tokens of a macro call as real syntax: a std expression macro's arguments as an
   * array, a statement macro's body (`thread_local!`, `cfg_if!`) as a fn body, and any other
   * macro's arguments where they parse as expressions without an error (`ok!(x.expect(..))`).
   * Returns the nodes to walk; none where the tokens are not code. Once per macro call.
   */
  macroArguments(macro: Node): Node[] {
    return this.memo(`macro-arguments:${macro.id}:${macro.startIndex}`, () => this.parseArguments(macro));
  }

  /** Whether a macro call's tokens are walked as code (then rules need not read the raw tokens). */
  parsesArguments(macro: Node): boolean {
    return this.macroArguments(macro).length > 0;
  }

  private parseArguments(macro: Node): Node[] {
    const name = macro.childForFieldName('macro')?.text.replace(/^.*::/, '') ?? '';
    const tokens = macro.namedChildren.find((c) => c?.type === 'token_tree');
    if (!tokens || NON_CODE_MACROS.has(name)) return [];
    const rewrite = STATEMENT_MACROS.get(name);
    if (rewrite) {
      const block = this.parseTokens(tokens, macro, STATEMENT_WRAPPER, rewrite, 'block', true);
      return block ? [block] : [];
    }
    // A crate's own macro may do anything with its arguments: they are read only when they are
    // plain expressions, and never fixed, since what the expansion does with them is unknown.
    const known = EXPRESSION_MACROS.has(name);
    const array = this.parseTokens(
      tokens,
      macro,
      EXPRESSION_WRAPPER,
      (t) => t,
      'array_expression',
      known,
      !known,
    );
    return array ? array.namedChildren.filter((c): c is Node => c !== null) : [];
  }

  /** The transcribers of a `macro_rules!`, parsed as fn bodies so that code in them is seen. */
  macroDefinitionBodies(definition: Node): Node[] {
    const bodies: Node[] = [];
    for (const rule of definition.namedChildren) {
      const right = rule?.type === 'macro_rule' ? rule.childForFieldName('right') : null;
      if (!right || right.type !== 'token_tree') continue;
      const block = this.parseTokens(
        right,
        definition,
        STATEMENT_WRAPPER,
        flattenTranscriber,
        'block',
        false,
      );
      if (block) bodies.push(block);
    }
    return bodies;
  }

  private parseTokens(
    tokens: Node,
    host: Node,
    [prefix, suffix]: readonly [string, string],
    rewrite: (text: string) => string,
    rootType: string,
    fixable: boolean,
    /** Only a parse without a syntax error counts. */
    clean = false,
  ): Node | null {
    const tree = this.file.parser.parse(prefix + rewrite(tokens.text.slice(1, -1)) + suffix);
    if (!tree) return null;
    this.subTrees.push(tree);
    if (clean && tree.rootNode.hasError) return null;
    const fn = tree.rootNode.namedChildren[0];
    const root =
      rootType === 'block'
        ? fn?.childForFieldName('body')
        : fn?.childForFieldName('body')?.descendantsOfType(rootType)[0];
    if (!root) return null;
    this.views.set(tree, {
      tree,
      origin: this.start(tokens) + 1,
      prefixLength: prefix.length,
      host,
      boundaryId: root.id,
      fixable: fixable && this.viewOf(host).fixable,
    });
    return root;
  }

  /** Computes a value once per tree, for facts about its nodes that several findings ask about. */
  memo<T>(key: string, compute: () => T): T {
    if (!this.memos.has(key)) this.memos.set(key, compute());
    return this.memos.get(key) as T;
  }

  /**
   * Computes a fact about the whole file once, shared by all its chunks. It must be plain data:
   * a node would outlive its chunk's tree.
   */
  /**
   * A file-wide fact that only items and `use` declarations determine, never what a fn body holds
   * otherwise: an edited file keeps it while its edits stay inside fn bodies, instead of reading
   * it again per keystroke. `holdsOffsets`: whether the value records positions in the text.
   */
  carriedMemo<T>(key: string, compute: () => T, holdsOffsets: (value: T) => boolean): T {
    const carried = this.chunk ? undefined : this.file.carried;
    if (!carried) return this.fileMemo(key, compute);
    return this.fileMemo(key, () => {
      const kept = carried.get(key) as T | undefined;
      if (kept !== undefined) return kept;
      const value = compute();
      carried.set(key, value, holdsOffsets(value));
      return value;
    });
  }

  fileMemo<T>(key: string, compute: () => T): T {
    const memos = this.chunk?.facts ?? this.memos;
    if (!memos.has(key)) memos.set(key, compute());
    return memos.get(key) as T;
  }

  /** Whether a file offset is this context's to report at: always, unless the file is chunked. */
  owns(offset: number): boolean {
    return !this.chunk || this.chunk.chunks.owns(this.chunk.index, offset);
  }

  /**
   * Reads the smallest node spanning a range of the file, wherever it lies: in another chunk's
   * tree when the file is chunked, so `read` must return data, not the node.
   */
  readNodeAt<T>(start: number, end: number, read: (node: Node | null) => T): T {
    const chunk = this.chunk;
    if (!chunk || chunk.chunks.owns(chunk.index, start))
      return read(this.root.descendantForIndex(start, end));
    return chunk.chunks.read(chunk.chunks.indexAt(start), (tree) =>
      read(tree.rootNode.descendantForIndex(start, end)),
    );
  }

  /** Reads every part of the file's tree: the root, or each chunk's root with the offsets it owns. */
  readEachRoot(read: (root: Node, owns: (offset: number) => boolean) => void): void {
    const chunk = this.chunk;
    if (!chunk) return read(this.root, () => true);
    for (let i = 0; i < chunk.chunks.count; i++) {
      const owns = (offset: number) => chunk.chunks.owns(i, offset);
      if (i === chunk.index) read(this.root, owns);
      else chunk.chunks.read(i, (tree) => read(tree.rootNode, owns));
    }
  }

  /** Reads this context's own tree: the file's, or its chunk's, with the offsets the chunk owns. */
  readOwnRoot(read: (root: Node, owns: (offset: number) => boolean) => void): void {
    const chunk = this.chunk;
    if (!chunk) return read(this.root, () => true);
    read(this.root, (offset) => chunk.chunks.owns(chunk.index, offset));
  }

  /** Frees the macro trees; the file's own tree belongs to the caller. */
  dispose(): void {
    for (const tree of this.subTrees) tree.delete();
    this.subTrees.length = 0;
  }

  private viewOf(node: Node): View {
    const view = this.views.get(node.tree);
    if (!view) throw new Error('node from an unknown tree');
    return view;
  }

  private mapIndex(node: Node, index: number): number {
    const view = this.viewOf(node);
    if (!view.host) return index;
    const mapped = view.origin + index - view.prefixLength;
    // Clamp positions that fall into the synthetic prefix or suffix (e.g. ERROR nodes).
    return Math.min(Math.max(mapped, view.origin), this.end(view.host));
  }
}

/** In files this long, parents with more children than SMALL_PARENT have them read once for sibling lookups. */
const LARGE_FILE = 256 * 1024;
const SMALL_PARENT = 256;
/** Parents with at most this many children are stepped through with `previousSibling`. */
const CURSOR_PARENT = 16;

/** Where `node` sits among its parent's `children` (sorted by start), or -1. */
function indexOfChild(children: readonly (Node | null)[], node: Node): number {
  let low = 0;
  let high = children.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((children[mid]?.startIndex ?? -1) < node.startIndex) low = mid + 1;
    else high = mid;
  }
  // Zero-width nodes can share a start with their neighbours.
  for (let i = low; i < children.length && children[i]?.startIndex === node.startIndex; i++) {
    if (children[i]?.id === node.id) return i;
  }
  return -1;
}

/**
 * Rewrites a `macro_rules!` transcriber, keeping every offset, so tree-sitter can parse it:
 * `$x` becomes `_x`, and a repetition `$( … ),*` loses its `$(`, `)`, separator and operator.
 */
export function flattenTranscriber(text: string): string {
  const out = text.split('');
  const open: number[] = [];
  const repetitions: number[] = [];
  for (let i = 0; i < out.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (c === '$' && text[i + 1] === '(') {
      out[i] = ' ';
      out[i + 1] = ' ';
      repetitions.push(open.length);
      open.push(i + 1);
      i++;
      continue;
    }
    if (c === '$') {
      out[i] = '_';
      continue;
    }
    if (c === '(' || c === '[' || c === '{') open.push(i);
    if (c === ')' || c === ']' || c === '}') {
      open.pop();
      if (c === ')' && repetitions.at(-1) === open.length) {
        repetitions.pop();
        out[i] = ' ';
        const op = (j: number) => text[j] === '*' || text[j] === '+' || text[j] === '?';
        if (op(i + 1)) out[i + 1] = ' ';
        else if (text[i + 1] && !/[\s({[]/.test(text[i + 1] ?? '') && op(i + 2)) {
          out[i + 1] = ' ';
          out[i + 2] = ' ';
        }
      }
    }
  }
  return out.join('');
}

/** `text` with its line breaks made those of the line holding `offset` in `file`. */
function withLineEnding(text: string, file: string, offset: number): string {
  if (!text.includes('\n')) return text;
  const lineEnd = file.indexOf('\n', offset);
  const crlf = lineEnd > 0 ? file[lineEnd - 1] === '\r' : file.includes('\r\n');
  return crlf ? text.replace(/\r?\n/g, '\r\n') : text;
}
