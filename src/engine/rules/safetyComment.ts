// Where clippy's undocumented_unsafe_blocks accepts a `SAFETY:` comment, line for line after
// clippy_lints/src/undocumented_unsafe_blocks.rs (`text_has_safety_comment` and the spans it is
// given): the lines between a lower bound and the unsafe code's line are read upwards.
import type { Node } from 'web-tree-sitter';
import type { FileContext } from '../context';

const SAFETY = 'SAFETY:';

function isAttribute(text: string): boolean {
  return (text.startsWith('#[') || text.startsWith('#![')) && text.trimEnd().endsWith(']');
}

/** The offset just past a block comment starting at `from` (comments nest), or -1. */
function blockCommentEnd(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length - 1; i++) {
    if (text[i] === '/' && text[i + 1] === '*') {
      depth++;
      i++;
    } else if (text[i] === '*' && text[i + 1] === '/') {
      depth--;
      i++;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/**
 * Whether the lines after `lower` and before `target` end in a safety comment for `target`: a run
 * of `//` lines (blank lines, and attributes when accepted, may sit anywhere in it) one of which
 * says `SAFETY:`; or a line ending in `// SAFETY:` / `/* SAFETY:` after code; or a block comment
 * saying `SAFETY:` with nothing but white space after it.
 */
export function linesHaveSafetyComment(
  ctx: FileContext,
  lower: number,
  target: number,
  acceptAttributes: boolean,
): boolean {
  const { lines } = ctx;
  // The lines above, nearest first, blank ones (and accepted attributes) passed over; read lazily,
  // as far as a comment reaches, so that each block costs its comment's length, not its fn's.
  function* above(): Generator<{ line: number; text: string }> {
    for (let line = target - 1; line > lower; line--) {
      const text = lines.lineText(line).trimStart();
      if (text.trim() === '' || (acceptAttributes && isAttribute(text))) continue;
      yield { line, text };
    }
  }
  const upwards = above();
  const first = upwards.next().value;
  if (!first) return false;
  if (first.text.startsWith('//')) {
    let inCodeBlock = false;
    for (let next: typeof first | undefined = first; next; next = upwards.next().value) {
      const { text } = next;
      if (!text.startsWith('//')) return false;
      const doc = /^\/\/[/!]/.test(text) ? text.slice(3) : null;
      if (doc !== null && doc.trimStart().startsWith('```')) inCodeBlock = !inCodeBlock;
      if (!inCodeBlock && text.toUpperCase().includes(SAFETY)) return true;
    }
    return false;
  }
  // A comment after other code on the line above (`let x = // SAFETY: …`): only white space
  // may come between its marker and `SAFETY:`.
  const markers = [first.text.indexOf('//'), first.text.indexOf('/*')].filter((i) => i >= 0);
  if (markers.length > 0) {
    const after = first.text.slice(Math.min(...markers) + 2).trimStart();
    if (after.slice(0, SAFETY.length).toUpperCase() === SAFETY) return true;
  }
  // A block comment that opens a line, with only white space after it: its last line is the first
  // one above, and its opening line the nearest above holding `/*`.
  if (!first.text.includes('*/')) return false;
  let opening: typeof first | undefined = first;
  while (opening && !opening.text.includes('/*')) opening = upwards.next().value;
  if (!opening || !opening.text.startsWith('/*')) return false;
  const from = lines.lineStart(opening.line) + (lines.lineText(opening.line).length - opening.text.length);
  const to = lines.lineStart(target);
  const end = blockCommentEnd(ctx.text, from);
  if (end < 0 || end > to) return false;
  return ctx.text.slice(from, end).toUpperCase().includes(SAFETY) && ctx.text.slice(end, to).trim() === '';
}

/** `unsafe { // SAFETY: …`: a comment opening the block. */
export function hasInnerSafetyComment(text: string): boolean {
  const m = /^unsafe\s*\{\s*(?:\/\/|\/\*)\s*(.{0,7})/s.exec(text);
  return !!m && (m[1] ?? '').toUpperCase() === SAFETY;
}

export function lineOf(node: Node, ctx: FileContext): number {
  return ctx.lines.positionAt(ctx.start(node)).line;
}

function endLineOf(node: Node, ctx: FileContext): number {
  return ctx.lines.positionAt(ctx.end(node)).line;
}

const COMMENTS_AND_ATTRIBUTES = new Set([
  'line_comment',
  'block_comment',
  'attribute_item',
  'inner_attribute_item',
]);

/** The item before `item` in its module, as the compiler lists them (comments and attributes are not items). */
function previousItem(item: Node, ctx: FileContext): Node | null {
  // `siblingsBefore` reads a large module's children once, not once per item.
  for (const s of ctx.siblingsBefore(item)) {
    if (s.isNamed && !COMMENTS_AND_ATTRIBUTES.has(s.type)) return s;
  }
  return null;
}

/**
 * The line after which a comment for `item`, directly in a module, may start: the end of the item
 * before it, else the module's first line (the crate root: before the first line).
 */
export function lowerInModule(item: Node, ctx: FileContext): number {
  const previous = previousItem(item, ctx);
  if (previous) return endLineOf(previous, ctx);
  const module = ctx.parent(item);
  return module?.type === 'declaration_list' ? lineOf(module, ctx) : -1;
}

const CONST_OR_STATIC = new Set(['const_item', 'static_item']);

/**
 * Clippy's `get_body_search_span`: the line after which a comment for code in a body may start —
 * the enclosing fn or other item (const and static bodies look further out); for those directly in
 * a module, the end of the item before them.
 */
export function bodyLower(node: Node, ctx: FileContext): number {
  let moduleItem: Node | null = null;
  for (const a of ctx.ancestors(node)) {
    const parent = ctx.parent(a);
    if (a.type === 'source_file' || a.type === 'declaration_list') {
      if (parent?.type === 'mod_item' || a.type === 'source_file') {
        return moduleItem ? lowerInModule(moduleItem, ctx) : a.type === 'source_file' ? -1 : lineOf(a, ctx);
      }
    }
    if (a.type.endsWith('_item') && !CONST_OR_STATIC.has(a.type) && a.type !== 'mod_item') {
      return lineOf(a, ctx);
    }
    moduleItem = CONST_OR_STATIC.has(a.type) ? a : null;
  }
  return -1;
}
