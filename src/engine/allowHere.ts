// "Allow here": the edits that silence one finding the way the engine honours it, either our
// comment on the line above (any rule) or clippy's `#[allow(..)]` on the enclosing item (the
// rules whose switch is a clippy lint). Indented like the code they sit on, in the file's line
// ending.
import type { Node, Tree } from 'web-tree-sitter';
import type { Finding, RuleInfo, TextEdit } from '../shared/types';
import { SUPPRESSION_MARKER } from './suppression';
import type { LineIndex } from './text';

export interface AllowAction {
  title: string;
  how: 'comment' | 'attribute';
  edits: TextEdit[];
}

/** Items an outer `#[allow(..)]` may sit on, nearest first: a fn before the impl holding it. */
const ITEMS = new Set([
  'function_item',
  'const_item',
  'static_item',
  'impl_item',
  'trait_item',
  'mod_item',
  'struct_item',
  'enum_item',
  'union_item',
]);

/** Nodes a `//` line cannot start inside: the comment would become part of them. */
const TEXT_NODES = new Set(['string_literal', 'raw_string_literal', 'block_comment']);

export interface AllowSource {
  readonly text: string;
  readonly lines: LineIndex;
  /** The whole file's tree; without one (a file parsed in chunks) only the comment is offered. */
  readonly tree?: Tree;
}

export function allowActions(
  file: AllowSource,
  finding: Pick<Finding, 'rule' | 'range'>,
  rule: RuleInfo,
): AllowAction[] {
  const actions: AllowAction[] = [];
  const comment = commentAction(file, finding);
  if (comment) actions.push(comment);
  const lint = rule.clippyAllows[0];
  const attribute = lint && file.tree ? attributeAction(file, file.tree, finding, lint) : undefined;
  if (attribute) actions.push(attribute);
  return actions;
}

function commentAction(file: AllowSource, finding: Pick<Finding, 'rule' | 'range'>): AllowAction | undefined {
  const line = finding.range.start.line;
  const at = file.lines.lineStart(line);
  const node = file.tree?.rootNode.descendantForIndex(at, at);
  if (node && ancestors(node).some((n) => TEXT_NODES.has(n.type) && n.startIndex < at)) return undefined;
  const text = `${file.lines.indentOf(line)}// ${SUPPRESSION_MARKER} allow(${finding.rule})${lineEnding(file.text, at)}`;
  return {
    title: `Allow \`${finding.rule}\` here (a \`// ${SUPPRESSION_MARKER}\` comment)`,
    how: 'comment',
    edits: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: text }],
  };
}

function attributeAction(
  file: AllowSource,
  tree: Tree,
  finding: Pick<Finding, 'rule' | 'range'>,
  lint: string,
): AllowAction | undefined {
  const start = file.lines.offsetAt(finding.range.start);
  const node = tree.rootNode.descendantForIndex(start, start);
  const item = node ? ancestors(node).find((n) => ITEMS.has(n.type)) : undefined;
  if (!item) return undefined;
  const line = item.startPosition.row;
  const indent = file.lines.indentOf(line);
  // At the item's first token: before `pub fn`, after any attributes or doc comments above it.
  const position = file.lines.positionAt(item.startIndex);
  const name = item.childForFieldName('name')?.text;
  const what = name ? `${keyword(item.type)} \`${name}\`` : keyword(item.type);
  return {
    title: `Allow \`clippy::${lint}\` in ${what} (\`#[allow(..)]\`)`,
    how: 'attribute',
    edits: [
      {
        range: { start: position, end: position },
        newText: `#[allow(clippy::${lint})]${lineEnding(file.text, item.startIndex)}${indent}`,
      },
    ],
  };
}

function keyword(type: string): string {
  return type === 'function_item' ? 'fn' : type.replace(/_item$/, '');
}

function ancestors(node: Node): Node[] {
  const out: Node[] = [];
  for (let n: Node | null = node; n; n = n.parent) out.push(n);
  return out;
}

/** The line ending of the line holding `offset` (the file's first one for its last line). */
function lineEnding(text: string, offset: number): string {
  const end = text.indexOf('\n', offset);
  const crlf = end > 0 ? text[end - 1] === '\r' : text.includes('\r\n');
  return crlf ? '\r\n' : '\n';
}
