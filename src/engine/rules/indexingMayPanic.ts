import type { Node } from 'web-tree-sitter';
import type { FileContext } from '../context';
import type { Rule } from '../rule';

const BODIES = new Set(['function_item', 'closure_expression']);

/** The length of a local array `let a: [T; N]` / `let a = [x, y]` / `let a = [x; N]`, or a `[T; N]` parameter. */
function arrayLength(name: string, from: Node, ctx: FileContext): number | undefined {
  let body: Node | null = null;
  for (const a of ctx.ancestors(from)) {
    if (BODIES.has(a.type)) {
      body = a;
      break;
    }
  }
  if (!body) return undefined;
  const lengthOf = (node: Node | null): number | undefined => {
    if (node?.type === 'array_type') {
      const n = node.childForFieldName('length');
      return n?.type === 'integer_literal' ? Number(n.text.replace(/_|[iu]\w*$/g, '')) : undefined;
    }
    if (node?.type === 'array_expression') {
      const n = node.childForFieldName('length');
      if (n) return n.type === 'integer_literal' ? Number(n.text.replace(/_|[iu]\w*$/g, '')) : undefined;
      return node.namedChildren.filter((c) => c && !c.type.endsWith('comment')).length;
    }
    return undefined;
  };
  // The last binding of the name before the index wins, as shadowing does.
  let found: number | undefined;
  const declarations = [
    ...body.descendantsOfType('let_declaration'),
    ...body.descendantsOfType('parameter'),
  ].filter((d): d is Node => !!d && ctx.start(d) < ctx.start(from));
  declarations.sort((x, y) => ctx.start(x) - ctx.start(y));
  for (const d of declarations) {
    if (d.childForFieldName('pattern')?.text.replace(/^mut\s+/, '') !== name) continue;
    found = lengthOf(d.childForFieldName('type')) ?? lengthOf(d.childForFieldName('value'));
  }
  return found;
}

/** Indexes rustc already checks or that cannot fail: `a[..]`, and a literal index into a local array. */
function cannotPanic(node: Node, ctx: FileContext): boolean {
  const [base, index] = node.namedChildren;
  if (!base || !index) return true;
  if (index.type === 'range_expression' && index.text.replace(/\s+/g, '') === '..') return true;
  if (index.type !== 'integer_literal' || base.type !== 'identifier') return false;
  const length = arrayLength(base.text, node, ctx);
  return length !== undefined && Number(index.text.replace(/_|[iu]\w*$/g, '')) < length;
}

export const indexingMayPanic: Rule = {
  id: 'indexing-may-panic',
  lesson: 'indexing-may-panic',
  defaultSeverity: 'warning',
  enabledByDefault: false,
  // Clippy's `indexing_slicing` knows the types (it skips an `Index` impl with no `get` to use instead);
  // this rule works without them, so the two report different sets and its `allow` leaves the rule on.
  clippyAllows: [],
  clippyGroups: [],
  docs: 'https://doc.rust-lang.org/std/primitive.slice.html#method.get',
  inspiredBy: 'indexing_slicing',
  summary:
    '`a[i]` and `a[i..j]`: indexing and slicing panic when out of range. Off by default; no automatic fix, since `.get(i)` returns an `Option` instead.',
  settingDescription: 'Indexing (`v[i]`) that panics when out of bounds.',
  readmeFinds: '`a[i]`',
  kinds: ['index_expression'],
  needles: ['['],
  check(node, ctx) {
    if (cannotPanic(node, ctx)) return undefined;
    const slicing = node.namedChildren[1]?.type === 'range_expression';
    const what = slicing
      ? 'Slicing panics when the range is out of bounds (or, for a `str`, not on a char boundary)'
      : 'Indexing panics when the index is out of bounds (or, for a map, the key is missing)';
    const get = slicing ? '`.get(a..b)`' : '`.get(i)`';
    return {
      node,
      message: `${what}; ${get} returns an \`Option\` to handle instead. No automatic fix: it changes the type.`,
    };
  },
};
