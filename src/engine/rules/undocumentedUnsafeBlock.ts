import type { Node } from 'web-tree-sitter';
import type { FileContext } from '../context';
import type { Report, Rule } from '../rule';
import {
  bodyLower,
  hasInnerSafetyComment,
  lineOf,
  linesHaveSafetyComment,
  lowerInModule,
} from './safetyComment';

const SCOPES = new Set(['block', 'declaration_list', 'source_file']);

/** The node and its ancestors up to the enclosing statement or item: where the fix puts its comment. */
function candidates(node: Node, ctx: FileContext): Node[] {
  const out = [node];
  for (const a of ctx.ancestors(node)) {
    if (SCOPES.has(a.type)) break;
    out.push(a);
  }
  return out;
}

/** The `macro_rules!` definition whose body holds the node, if any. */
function macroDefinitionOf(node: Node, ctx: FileContext): Node | null {
  // Climbing every block's ancestors costs a large file half a millisecond per analysis.
  if (!ctx.fileMemo('mentions-macro-rules', () => /\bmacro_rules\b/.test(ctx.text))) return null;
  for (const a of ctx.ancestors(node)) if (a.type === 'macro_definition') return a;
  return null;
}

/** Whether the file invokes the macro: clippy only sees a `macro_rules!` body where it is expanded. */
function isInvoked(definition: Node, ctx: FileContext): boolean {
  const name = definition.childForFieldName('name')?.text;
  if (!name) return false;
  // Where each `name!` last occurs, found in one pass over the file.
  const lastCall = ctx.memo('undocumented-unsafe-block:macro-calls', () => {
    const last = new Map<string, number>();
    for (const m of ctx.text.matchAll(/(?<![\w$])([A-Za-z_]\w*)\s*!/g)) last.set(m[1] ?? '', m.index);
    return last;
  });
  return (lastCall.get(name) ?? -1) >= ctx.end(definition);
}

/** Nodes an unsafe block's statement check climbs through: the compiler's expressions around it. */
const STOPS = new Set([
  'block',
  'expression_statement',
  'match_arm',
  'declaration_list',
  'source_file',
  'token_tree',
]);
const BRANCHY = new Set([
  'if_expression',
  'match_expression',
  'loop_expression',
  'while_expression',
  'for_expression',
]);

/**
 * Clippy's `find_unsafe_block_parent_in_expr`: the `let`, assignment, const or static the block
 * is part of, else the outermost expression around it unless that branches (if, match, loop).
 */
function enclosingStatement(block: Node, ctx: FileContext): Node | null {
  let current = block;
  for (let parent = ctx.parent(current); parent; parent = ctx.parent(current)) {
    if (parent.type === 'let_declaration' || parent.type.includes('assignment_expr')) return parent;
    if (parent.type === 'const_item' || parent.type === 'static_item') return parent;
    if (STOPS.has(parent.type)) break;
    current = parent;
  }
  return BRANCHY.has(current.type) ? null : current;
}

/**
 * An `unsafe { … }` in the code: its `unsafe` keyword, where its braces end, and the expression
 * the compiler sees it as (the block, or for one in an unparsed macro's tokens, the macro call).
 */
export interface UnsafeSite {
  keyword: Node;
  end: number;
  block: Node;
}

/** Whether clippy accepts a safety comment for this `unsafe` block. */
export function blockHasSafetyComment({ keyword, end, block }: UnsafeSite, ctx: FileContext): boolean {
  if (hasInnerSafetyComment(ctx.text.slice(ctx.start(keyword), end))) return true;
  const { acceptCommentAboveAttributes: attributes, acceptCommentAboveStatement } = ctx.clippy;
  const line = lineOf(keyword, ctx);
  const definition = macroDefinitionOf(block, ctx);
  // In a macro_rules! body, only the lines from the definition on count, and no statement around it.
  if (definition) return linesHaveSafetyComment(ctx, lineOf(definition, ctx), line, attributes);
  const lower = bodyLower(block, ctx);
  if (lower < line && linesHaveSafetyComment(ctx, lower, line, attributes)) return true;
  if (!acceptCommentAboveStatement) return false;
  const statement = enclosingStatement(block, ctx);
  const statementLine = statement ? lineOf(statement, ctx) : line;
  return (
    !!statement && lower < statementLine && linesHaveSafetyComment(ctx, lower, statementLine, attributes)
  );
}

/** Whether clippy accepts a safety comment for this `unsafe impl`; true where clippy does not look. */
function implHasSafetyComment(item: Node, ctx: FileContext): boolean {
  const attributes = ctx.clippy.acceptCommentAboveAttributes;
  const line = lineOf(item, ctx);
  const definition = macroDefinitionOf(item, ctx);
  if (definition) return linesHaveSafetyComment(ctx, lineOf(definition, ctx), line, attributes);
  const parent = ctx.parent(item);
  let lower: number;
  if (parent?.type === 'source_file' || parent?.type === 'declaration_list') lower = lowerInModule(item, ctx);
  else if (parent?.type === 'block') lower = lineOf(parent, ctx);
  else return true;
  return lower < line && linesHaveSafetyComment(ctx, lower, line, attributes);
}

/** The `unsafe { … }` written directly in a macro call's tokens, which tree-sitter leaves unparsed. */
function sitesInTokens(tokens: Node, ctx: FileContext): UnsafeSite[] {
  const ancestors = [...ctx.ancestors(tokens)];
  // Code in a macro_rules! body is seen parsed (context.ts), so its tokens are not read again here.
  if (ancestors.some((a) => a.type === 'macro_definition')) return [];
  const invocation = ancestors.find((a) => a.type === 'macro_invocation');
  if (!invocation) return [];
  // A macro whose arguments the engine parses (std's, or a crate's own where they parse as
  // expressions) shows its blocks as `unsafe_block`s, checked as such; the rest are read here.
  if (ctx.parsesArguments(invocation)) return [];
  const kids = tokens.children.filter((c): c is Node => c !== null && !c.type.endsWith('comment'));
  const sites: UnsafeSite[] = [];
  kids.forEach((k, i) => {
    const next = kids[i + 1];
    if (k.text === 'unsafe' && next?.type === 'token_tree' && next.text.startsWith('{')) {
      sites.push({ keyword: k, end: ctx.end(next), block: invocation });
    }
  });
  return sites;
}

function report(node: Node, keyword: Node, ctx: FileContext): Report {
  const outer = candidates(node, ctx).at(-1) ?? node;
  const line = ctx.lines.positionAt(ctx.start(outer)).line;
  const lineStart = ctx.lines.lineStart(line);
  const indent = ctx.lines.indentOf(line);
  const what = node.type === 'impl_item' ? '`unsafe impl`' : '`unsafe` block';
  return {
    node: keyword,
    range: ctx.rangeOf(keyword),
    message: `${what} missing a \`// SAFETY:\` comment`,
    advice:
      node.type === 'impl_item'
        ? "say in a `// SAFETY:` comment why this type upholds the trait's safety contract"
        : 'say in a `// SAFETY:` comment which invariants make the code inside sound, and why they hold here',
    fixes: [
      {
        title: 'Add a `// SAFETY:` comment to fill in',
        applicability: 'suggestion',
        edits: [ctx.edit(lineStart, lineStart, `${indent}// SAFETY: explain why this is sound\n`)],
      },
    ],
  };
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
  kinds: ['unsafe_block', 'impl_item', 'token_tree'],
  needles: ['unsafe'],
  // The `unsafe` keyword is a child of the block or impl itself, or a token in a macro call's tokens.
  anchors: ['unsafe'],
  // Only comments may come between `unsafe` and its block (and in a macro_rules! body, a `$(` the
  // engine flattens away); most `unsafe` words start an `unsafe fn`.
  anchorPattern: /unsafe\s*(?:[{/$]|impl\b)/,
  anchorDepth: 1,
  check(node, ctx) {
    if (node.type === 'token_tree') {
      const sites = sitesInTokens(node, ctx).filter((site) => !blockHasSafetyComment(site, ctx));
      return sites.map((site) => report(site.block, site.keyword, ctx));
    }
    const keyword = node.children.find((c) => c?.type === 'unsafe');
    if (!keyword) return undefined;
    const documented =
      node.type === 'impl_item'
        ? implHasSafetyComment(node, ctx)
        : blockHasSafetyComment({ keyword, end: ctx.end(node), block: node }, ctx);
    if (documented) return undefined;
    // A macro_rules! body no one expands here is not compiled, so clippy never sees it.
    const definition = macroDefinitionOf(node, ctx);
    if (definition && !isInvoked(definition, ctx)) return undefined;
    return report(node, keyword, ctx);
  },
};
