import type { Node } from 'web-tree-sitter';
import type { FileContext } from '../context';
import type { Rule } from '../rule';

/** An integer literal's value, without `_` separators or a type suffix. */
function literalValue(text: string): number | undefined {
  const n = Number(text.replace(/_|[iu](?:8|16|32|64|128|size)$/g, ''));
  return Number.isInteger(n) ? n : undefined;
}

/** The length of an array whose type the semantic model knows (`[T; N]`, `[x; N]`, `[a, b]`), through `&`. */
function arrayLength(base: Node, ctx: FileContext): number | undefined {
  let t = ctx.semantics.typeOf(base);
  while (t.kind === 'ref') t = t.inner;
  return t.kind === 'array' && t.len !== null ? literalValue(t.len) : undefined;
}

/** Indexes rustc already checks or that cannot fail: `a[..]`, and a literal index into a local array. */
function cannotPanic(node: Node, ctx: FileContext): boolean {
  const [base, index] = node.namedChildren;
  if (!base || !index) return true;
  if (index.type === 'range_expression' && index.text.replace(/\s+/g, '') === '..') return true;
  if (index.type !== 'integer_literal') return false;
  const length = arrayLength(base, ctx);
  const at = literalValue(index.text);
  return length !== undefined && at !== undefined && at < length;
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
    const when = slicing
      ? 'it panics when the range is out of bounds (or, for a `str`, not on a char boundary)'
      : 'it panics when the index is out of bounds (or, for a map, the key is missing)';
    const get = slicing ? '`.get(a..b)`' : '`.get(i)`';
    return {
      node,
      message: slicing ? 'slicing may panic' : 'indexing may panic',
      advice: `${when}; ${get} returns an \`Option\` to handle instead`,
    };
  },
};
