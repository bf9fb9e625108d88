import type { Node, Tree } from 'web-tree-sitter';
import type { Range, TextEdit } from '../shared/types';
import type { ParsedFile } from './parsedFile';
import type { LineIndex } from './text';

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
}

const MACRO_PREFIX = 'fn __rsc(){[';
const MACRO_SUFFIX = '];}';

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

  constructor(readonly file: ParsedFile) {
    this.views.set(file.tree, { tree: file.tree, origin: 0, prefixLength: 0, host: null, boundaryId: -1 });
  }

  get text(): string {
    return this.file.text;
  }

  get lines(): LineIndex {
    return this.file.lines;
  }

  get root(): Node {
    return this.file.tree.rootNode;
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

  edit(start: number, end: number, newText: string): TextEdit {
    return { range: this.rangeBetween(start, end), newText };
  }

  /** The parent, stepping from a macro's arguments out to the macro invocation. */
  parent(node: Node): Node | null {
    const view = this.viewOf(node);
    if (view.host && node.id === view.boundaryId) return view.host;
    return node.parent;
  }

  *ancestors(node: Node): Generator<Node> {
    for (let n = this.parent(node); n; n = this.parent(n)) yield n;
  }

  /** Whether a node lies inside a macro's arguments. */
  inMacro(node: Node): boolean {
    return this.viewOf(node).host !== null;
  }

  /**
   * Parses a std expression macro's arguments as an array expression, so rules see
   * real expression nodes. Returns the nodes to walk, or none for other macros.
   */
  macroArguments(macro: Node): Node[] {
    const name = macro.childForFieldName('macro');
    const tokens = macro.namedChildren.find((c) => c?.type === 'token_tree');
    if (!name || !tokens || !EXPRESSION_MACROS.has(name.text.replace(/^.*::/, ''))) return [];
    const inner = tokens.text.slice(1, -1);
    const tree = this.file.parser.parse(MACRO_PREFIX + inner + MACRO_SUFFIX);
    if (!tree) return [];
    this.subTrees.push(tree);
    const array = tree.rootNode.descendantsOfType('array_expression')[0];
    if (!array) return [];
    this.views.set(tree, {
      tree,
      origin: this.start(tokens) + 1,
      prefixLength: MACRO_PREFIX.length,
      host: macro,
      boundaryId: array.id,
    });
    return array.namedChildren.filter((c): c is Node => c !== null);
  }

  /** Computes a per-file value once, for facts several findings ask about. */
  memo<T>(key: string, compute: () => T): T {
    if (!this.memos.has(key)) this.memos.set(key, compute());
    return this.memos.get(key) as T;
  }

  /** Frees the macro trees; the file's own tree belongs to the ParsedFile. */
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
