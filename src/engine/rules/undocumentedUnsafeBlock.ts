import type { Node } from 'web-tree-sitter';
import type { FileContext } from '../context';
import type { Rule } from '../rule';

const SCOPES = new Set(['block', 'declaration_list', 'source_file']);
const SAFETY = /safety:/i;

/** The node and its ancestors up to the enclosing statement or item: a comment above any of them counts. */
function candidates(node: Node, ctx: FileContext): Node[] {
  const out = [node];
  for (const a of ctx.ancestors(node)) {
    if (SCOPES.has(a.type)) break;
    out.push(a);
  }
  return out;
}

/** Clippy's rule: a `SAFETY:` comment in the comment lines directly above (attributes may sit between). */
export function hasSafetyComment(node: Node, ctx: FileContext): boolean {
  const { lines } = ctx;
  for (const c of candidates(node, ctx)) {
    const start = lines.positionAt(ctx.start(c));
    const before = lines.lineText(start.line).slice(0, start.character);
    if (/\/[/*]/.test(before) && SAFETY.test(before)) return true;
    for (let line = start.line - 1; line >= 0; line--) {
      const text = lines.lineText(line).trim();
      const isComment =
        text.startsWith('//') || text.startsWith('/*') || text.startsWith('*') || text.endsWith('*/');
      if (isComment && SAFETY.test(text)) return true;
      if (!isComment && !text.startsWith('#[')) break;
    }
  }
  return false;
}

export const undocumentedUnsafeBlock: Rule = {
  id: 'undocumented-unsafe-block',
  lesson: 'undocumented-unsafe-block',
  defaultSeverity: 'warning',
  enabledByDefault: true,
  clippyAllows: ['undocumented_unsafe_blocks'],
  clippyGroups: ['restriction'],
  docs: 'https://rust-lang.github.io/rust-clippy/master/index.html#undocumented_unsafe_blocks',
  inspiredBy: null,
  summary: 'An `unsafe { }` block or `unsafe impl` with no `// SAFETY:` comment saying why it is sound.',
  settingDescription: '`unsafe { .. }` without a `// SAFETY:` comment.',
  readmeFinds: 'an `unsafe { }` block or `unsafe impl` with no `// SAFETY:` comment directly above',
  kinds: ['unsafe_block', 'impl_item'],
  needles: ['unsafe'],
  // The `unsafe` keyword is a child of the block or impl itself.
  anchors: ['unsafe'],
  // Only comments may come between `unsafe` and its block (and in a macro_rules! body, a `$(` the
  // engine flattens away); most `unsafe` words start an `unsafe fn`.
  anchorPattern: /unsafe\s*(?:[{/$]|impl\b)/,
  anchorDepth: 1,
  check(node, ctx) {
    const keyword = node.children.find((c) => c?.type === 'unsafe');
    if (!keyword || hasSafetyComment(node, ctx)) return undefined;
    const outer = candidates(node, ctx).at(-1) ?? node;
    const line = ctx.lines.positionAt(ctx.start(outer)).line;
    const lineStart = ctx.lines.lineStart(line);
    const indent = ctx.lines.indentOf(line);
    const what = node.type === 'impl_item' ? '`unsafe impl`' : '`unsafe` block';
    return {
      node,
      range: ctx.rangeOf(keyword),
      message: `${what} without a \`// SAFETY:\` comment: say which invariant makes it sound.`,
      fixes: [
        {
          title: 'Add a `// SAFETY:` comment to fill in',
          applicability: 'suggestion',
          edits: [ctx.edit(lineStart, lineStart, `${indent}// SAFETY: explain why this is sound\n`)],
        },
      ],
    };
  },
};
