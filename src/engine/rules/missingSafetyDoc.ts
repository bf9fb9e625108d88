import type { Node } from 'web-tree-sitter';
import type { FileContext } from '../context';
import type { Rule } from '../rule';
import { shortCodeSpan } from '../../shared/markdownCode';

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
  if (node.type === 'field_declaration') return isUnsafeField(node);
  const modifiers = node.namedChildren.find((c) => c?.type === 'function_modifiers');
  return !!modifiers && /\bunsafe\b/.test(modifiers.text);
}

/**
 * `unsafe name: T` (the unstable `unsafe_fields`): tree-sitter reads `unsafe` as the field's name
 * and the real name as an error before the type.
 */
function isUnsafeField(node: Node): boolean {
  return (
    node.childForFieldName('name')?.text === 'unsafe' &&
    node.children.some((c) => c?.type === 'ERROR' && /^[A-Za-z_]\w*$/.test(c.text))
  );
}

function fieldName(node: Node): string {
  return node.children.find((c) => c?.type === 'ERROR')?.text ?? '';
}

function isPublic(node: Node): boolean {
  return node.namedChildren.find((c) => c?.type === 'visibility_modifier')?.text === 'pub';
}

const DOC_HIDDEN = /^#!?\[\s*doc\s*\(\s*hidden\s*\)\s*\]$/;

/** `#[doc(hidden)]` on the item or on any item or module around it. */
function underDocHidden(node: Node, ctx: FileContext): boolean {
  // Most files have none, and reading the attributes above every enclosing item is not free.
  if (!ctx.fileMemo('mentions-doc-hidden', () => /\bdoc\s*\(\s*hidden\b/.test(ctx.text))) return false;
  for (let n: Node | null = node; n; n = ctx.parent(n)) {
    for (const s of ctx.siblingsBefore(n)) {
      if (s.type === 'attribute_item' && DOC_HIDDEN.test(s.text.replace(/\s+/g, ''))) return true;
      if (s.type !== 'attribute_item' && !s.type.endsWith('comment')) break;
    }
    if (n.type === 'mod_item' || n.type === 'source_file') {
      const body = n.type === 'mod_item' ? n.childForFieldName('body') : n;
      // Inner attributes open their module: stop at the first item.
      for (let c = body?.firstNamedChild ?? null; c; c = c.nextNamedSibling) {
        if (c.type === 'inner_attribute_item' && /^#!\[doc\(hidden\)\]$/.test(c.text.replace(/\s+/g, '')))
          return true;
        if (c.type !== 'inner_attribute_item' && !c.type.endsWith('comment')) break;
      }
    }
  }
  return false;
}

/** The names `pub use` items re-export (`pub use a::b;`, `pub use a::{b, c as d};`), read once per file. */
function reExportedNames(ctx: FileContext): ReadonlySet<string> {
  return ctx.memo('missing-safety-doc:pub-use', () => {
    const names = new Set<string>();
    for (const u of ctx.text.match(/\bpub\s+use\s+[^;]*;/g) ?? []) {
      for (const word of u.match(/\b[A-Za-z_]\w*\b/g) ?? []) names.add(word);
    }
    return names;
  });
}

/**
 * Reachable from outside the crate, as clippy's `is_exported`: `pub` itself (a trait's methods
 * take the trait's), in `pub` modules all the way up and not inside a fn, or re-exported by a
 * `pub use`. Trait impls are documented on the trait.
 */
function isExported(node: Node, ctx: FileContext): boolean {
  const parent = node.parent?.type === 'declaration_list' ? node.parent.parent : null;
  const holder = parent?.type === 'impl_item' || parent?.type === 'trait_item' ? parent : null;
  if (holder?.type === 'impl_item' && holder.childForFieldName('trait')) return false;
  const own = holder?.type === 'trait_item' ? isPublic(holder) : isPublic(node);
  if (!own) return false;
  for (const a of ctx.ancestors(holder ?? node)) {
    // A macro_rules! body is parsed as a block; the macro's own place decides.
    if (a.type === 'block' && ctx.parent(a)?.type === 'macro_definition') continue;
    if (a.type === 'function_item' || a.type === 'block') return false;
    if (a.type === 'mod_item' && !isPublic(a)) {
      const name = node.childForFieldName('name')?.text;
      return !!name && reExportedNames(ctx).has(name);
    }
  }
  return true;
}

/** In a trait impl: documented on the trait, never reported. */
function inTraitImpl(node: Node): boolean {
  const holder = node.parent?.type === 'declaration_list' ? node.parent.parent : null;
  return holder?.type === 'impl_item' && !!holder.childForFieldName('trait');
}

/** The headings clippy takes as a safety section. */
const SAFETY_HEADING = /^\s*#+\s*(Safety|SAFETY|Implementation [Ss]afety)\s*$/m;

/** Whether clippy asks this item for a `# Safety` section: unsafe traits and fields always, fns when exported. */
function checked(node: Node, ctx: FileContext): boolean {
  if (!isUnsafe(node) || inTraitImpl(node)) return false;
  if (node.type === 'trait_item' || node.type === 'field_declaration') return true;
  if (ctx.clippy.checkPrivateItems) return true;
  return isExported(node, ctx) && !underDocHidden(node, ctx);
}

const KIND_NAMES: Record<string, 'fn' | 'trait' | 'field'> = {
  trait_item: 'trait',
  field_declaration: 'field',
};

/** `` `unsafe` fn `read` ``, or `` this `unsafe` fn `` when the name is too long for one line. */
function named(kind: string, name: string): string {
  const span = shortCodeSpan(name, '', 40);
  return span ? `\`unsafe\` ${kind} ${span}` : `this \`unsafe\` ${kind}`;
}

/** Who the `# Safety` section speaks to: an unsafe fn binds its callers, an unsafe trait its implementers. */
const CONTRACT = {
  fn: 'an `unsafe fn` sets a contract for its callers: say under `# Safety` what a call must uphold to be sound',
  trait:
    'an `unsafe trait` sets a contract for its implementers: say under `# Safety` what every `unsafe impl` must uphold',
  field: 'an `unsafe` field carries an invariant: say under `# Safety` what code that uses it must uphold',
} as const;

export const missingSafetyDoc: Rule = {
  id: 'missing-safety-doc',
  lesson: 'missing-safety-doc',
  defaultSeverity: 'warning',
  enabledByDefault: true,
  clippyAllows: ['missing_safety_doc'],
  clippyGroups: ['style'],
  docs: 'https://rust-lang.github.io/rust-clippy/master/index.html#missing_safety_doc',
  inspiredBy: null,
  summary:
    'An exported `unsafe fn`, an `unsafe trait` or an `unsafe` field whose docs have no `# Safety` section.',
  settingDescription: 'A public `unsafe fn` without a `# Safety` doc section.',
  readmeFinds:
    'a `pub unsafe fn` reachable from outside the crate, an `unsafe trait` or an `unsafe` field whose docs have no `# Safety` section',
  kinds: ['function_item', 'function_signature_item', 'trait_item', 'field_declaration'],
  needles: ['unsafe'],
  // `unsafe` sits in the fn's modifiers, directly in `unsafe trait`, or is an unsafe field's misread name.
  anchors: ['unsafe'],
  anchorDepth: 2,
  check(node, ctx) {
    if (!checked(node, ctx)) return undefined;
    const doc = docText(node, ctx);
    if (SAFETY_HEADING.test(doc)) return undefined;
    const isField = node.type === 'field_declaration';
    const kind = KIND_NAMES[node.type] ?? 'fn';
    const name = isField ? null : node.childForFieldName('name');
    const line = ctx.lines.positionAt(ctx.start(node)).line;
    const lineStart = ctx.lines.lineStart(line);
    const indent = ctx.lines.indentOf(line);
    // An `unsafe trait`'s contract binds its implementors; an `unsafe fn`'s (or field's) its callers.
    const isTrait = node.type === 'trait_item';
    const duty = isTrait ? 'Implementers must guarantee that …' : 'The caller must ensure that …';
    const section = `${doc ? `${indent}///\n` : ''}${indent}/// # Safety\n${indent}///\n${indent}/// ${duty}\n`;
    return {
      node,
      range: ctx.rangeBetween(ctx.start(node), name ? ctx.end(name) : ctx.end(node)),
      message: `docs for ${named(kind, isField ? fieldName(node) : (name?.text ?? ''))} lack a \`# Safety\` section`,
      advice: CONTRACT[kind],
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
