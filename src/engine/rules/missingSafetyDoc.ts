import type { Node } from 'web-tree-sitter';
import type { FileContext } from '../context';
import type { Rule } from '../rule';

/** The doc text written above an item: doc comments and `#[doc = "..."]` attributes. */
function docText(node: Node, ctx: FileContext): string {
  const parts: string[] = [];
  for (const s of ctx.siblingsBefore(node)) {
    if (s.type === 'line_comment' || s.type === 'block_comment') {
      if (/^(\/\/\/|\/\*\*)/.test(s.text)) parts.unshift(s.text.replace(/^(\/\/\/|\/\*\*)/, ''));
    } else if (s.type === 'attribute_item') {
      if (/^#\[\s*doc\s*=/.test(s.text)) parts.unshift(s.text);
    } else break;
  }
  return parts.join('\n');
}

function isUnsafe(node: Node): boolean {
  if (node.type === 'trait_item') return node.children.some((c) => c?.type === 'unsafe');
  const modifiers = node.namedChildren.find((c) => c?.type === 'function_modifiers');
  return !!modifiers && /\bunsafe\b/.test(modifiers.text);
}

function isPublic(node: Node): boolean {
  return node.namedChildren.find((c) => c?.type === 'visibility_modifier')?.text === 'pub';
}

/** Exported: `pub` itself, or a method of a `pub trait`. Trait impls are documented on the trait. */
function isExported(node: Node): boolean {
  const holder = node.parent?.type === 'declaration_list' ? node.parent.parent : null;
  if (holder?.type === 'impl_item') return !holder.childForFieldName('trait') && isPublic(node);
  if (holder?.type === 'trait_item') return isPublic(holder);
  return isPublic(node);
}

export const missingSafetyDoc: Rule = {
  id: 'missing-safety-doc',
  lesson: 'missing-safety-doc',
  defaultSeverity: 'warning',
  enabledByDefault: true,
  clippyAllows: ['missing_safety_doc'],
  clippyGroups: ['style'],
  docs: 'https://rust-lang.github.io/rust-clippy/master/index.html#missing_safety_doc',
  inspiredBy: null,
  summary: 'A `pub unsafe fn` (or unsafe trait) whose doc comment has no `# Safety` section.',
  settingDescription: 'A public `unsafe fn` without a `# Safety` doc section.',
  readmeFinds: 'a `pub unsafe fn` (or `pub unsafe trait`) whose docs have no `# Safety` section',
  kinds: ['function_item', 'function_signature_item', 'trait_item'],
  needles: ['unsafe'],
  // `unsafe` sits in the fn's modifiers, or directly in `unsafe trait`.
  anchors: ['unsafe'],
  anchorDepth: 2,
  check(node, ctx) {
    if (!isUnsafe(node) || !isExported(node)) return undefined;
    const doc = docText(node, ctx);
    if (/^\s*#+\s*Safety\b/im.test(doc)) return undefined;
    const name = node.childForFieldName('name');
    const line = ctx.lines.positionAt(ctx.start(node)).line;
    const lineStart = ctx.lines.lineStart(line);
    const indent = ctx.lines.indentOf(line);
    const section = `${doc ? `${indent}///\n` : ''}${indent}/// # Safety\n${indent}///\n${indent}/// The caller must ensure that …\n`;
    return {
      node,
      range: ctx.rangeBetween(ctx.start(node), name ? ctx.end(name) : ctx.end(node)),
      message: `\`unsafe\` ${node.type === 'trait_item' ? 'trait' : 'fn'} \`${name?.text ?? ''}\` is public but its docs have no \`# Safety\` section telling callers what they must uphold.`,
      fixes: [
        {
          title: 'Add a `# Safety` section to fill in',
          applicability: 'suggestion',
          edits: [ctx.edit(lineStart, lineStart, section)],
        },
      ],
    };
  },
};
