import type { Node } from 'web-tree-sitter';
import { expandCfgAttr } from './cfgAttr';
import { ALL_GROUPS } from './config/cargoLints';
import type { FileContext } from './context';

const COMMENT_TYPES = new Set(['line_comment', 'block_comment']);
const INNER_ATTRIBUTE_HOLDERS = new Set(['source_file', 'declaration_list', 'block']);

/**
 * The `#[...]` attributes written before a node, nearest first, as their inner text with white
 * space removed (a `cfg_attr` whose predicate holds as the attributes it adds).
 */
export function outerAttributes(node: Node, ctx: FileContext): string[] {
  const found: string[] = [];
  for (const s of ctx.siblingsBefore(node)) {
    if (s.type === 'attribute_item') found.push(...attributeTexts(s));
    else if (!COMMENT_TYPES.has(s.type)) break;
  }
  return found;
}

/** The `#![...]` attributes inside a module, block or crate root, in source order (`cfg_attr` expanded). */
export function innerAttributes(node: Node): string[] {
  if (!INNER_ATTRIBUTE_HOLDERS.has(node.type)) return [];
  const found: string[] = [];
  // Inner attributes may only open their holder (after comments), so stop at the first item:
  // walking every child made each finding O(items in the file), and a large file quadratic.
  for (let child = node.firstNamedChild; child; child = child.nextNamedSibling) {
    if (child.type === 'inner_attribute_item') found.push(...attributeTexts(child).reverse());
    else if (!COMMENT_TYPES.has(child.type)) break;
  }
  return found;
}

/** Nearest first among one holder's attributes: a later one overrides an earlier one, as in rustc. */
function attributeTexts(item: Node): string[] {
  const attribute = item.namedChildren.find((c) => c?.type === 'attribute');
  return expandCfgAttr((attribute?.text ?? '').replace(/\s+/g, '')).reverse();
}

/** Every attribute that applies to a node, nearest first: on itself and on each enclosing item, module and crate. */
export function* applicableAttributes(node: Node, ctx: FileContext): Generator<string> {
  for (let n: Node | null = node; n; n = ctx.parent(n)) {
    const holder = n;
    // Every finding in an item asks about the same enclosing items. Nearest first: a later
    // attribute on the same holder overrides an earlier one, as in rustc.
    yield* ctx.memo(`attributes:${holder.id}:${holder.startIndex}`, () => [
      ...outerAttributes(holder, ctx),
      ...innerAttributes(holder).reverse(),
    ]);
  }
}

const TEST_ATTRIBUTE = /^(?:[\w]+::)*test$/;

function isTestAttribute(attr: string): boolean {
  if (TEST_ATTRIBUTE.test(attr)) return true;
  const cfg = /^cfg\((.*)\)$/.exec(attr);
  return !!cfg && /\btest\b/.test(cfg[1] ?? '') && !/not\(test\)/.test(cfg[1] ?? '');
}

/** Test code: `#[test]`, `#[…::test]`, `#[cfg(test)]`, and files under a crate's `tests/` or `benches/`. */
export function isTestCode(path: string, attributes: readonly string[]): boolean {
  return /(^|[\\/])(tests|benches)[\\/]/.test(path) || attributes.some(isTestAttribute);
}

/**
 * Whether `#[allow(clippy::lint)]`, `#[expect(..)]` or a group allow among these attributes switches
 * the lint off. `lints` are the rule's lints and groups; `clippy::all` covers the groups it holds.
 * The attributes come nearest first, as clippy reads them: the nearest that names the lint decides
 * (`#[warn(clippy::unwrap_used)]` on a fn undoes the crate's `#![allow(..)]`), and nothing lowers
 * a `forbid`.
 */
export function clippyAllows(attributes: readonly string[], lints: readonly string[]): boolean {
  const names = new Set(lints.map((l) => `clippy::${l}`));
  if (lints.some((l) => ALL_GROUPS.includes(l))) names.add('clippy::all');
  let allowed: boolean | undefined;
  for (const attr of attributes) {
    const m = /^(allow|expect|warn|deny|forbid)\((.*)\)$/.exec(attr);
    if (!m || !(m[2] ?? '').split(',').some((n) => names.has(n))) continue;
    if (m[1] === 'forbid') return false;
    allowed ??= m[1] === 'allow' || m[1] === 'expect';
  }
  return allowed ?? false;
}
