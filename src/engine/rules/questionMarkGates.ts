// Where clippy's question_mark does not look at all, and the small syntax helpers its forms share.
import type { Node } from 'web-tree-sitter';
import { applicableAttributes } from '../attributes';
import { msrvAtLeast, parseVersion } from '../clippyConfig';
import type { FileContext } from '../context';

export const named = (n: Node | null | undefined): Node[] =>
  n ? n.namedChildren.filter((c): c is Node => c !== null && !c.type.endsWith('comment')) : [];

const BODIES = new Set(['function_item', 'closure_expression']);
const ALWAYS_CONST = new Set(['const_item', 'static_item', 'const_block']);

/** A closure whose return type is inferred (none written, or one holding `_`): `?` there leaves the error type open. */
export function isInferredReturnClosure(node: Node): boolean {
  if (node.type !== 'closure_expression') return false;
  const returns = node.childForFieldName('return_type');
  return !returns || /(^|[^\w])_([^\w]|$)/.test(returns.text);
}

/** `?` in a `try` block, a `const fn` or a const item means something else, or is not allowed. */
function inTryOrConst(node: Node, ctx: FileContext): boolean {
  for (const a of ctx.ancestors(node)) {
    if (a.type === 'try_block' || ALWAYS_CONST.has(a.type)) return true;
    if (a.type === 'function_item') {
      const modifiers = a.namedChildren.find((c) => c?.type === 'function_modifiers');
      return !!modifiers && /\bconst\b/.test(modifiers.text);
    }
    if (a.type === 'closure_expression') return false;
  }
  return false;
}

/**
 * Whether clippy's question_mark looks at this node at all: not in a `try` block or const context,
 * not where `question_mark_used` is on (the two would contradict), and only when the minimum Rust
 * version (`#[clippy::msrv]`, else clippy.toml / Cargo.toml) has `?` (1.13).
 */
export function questionMarkApplies(node: Node, ctx: FileContext): boolean {
  if (inTryOrConst(node, ctx)) return false;
  let msrv = ctx.clippy.msrv;
  let msrvSeen = false;
  for (const attr of applicableAttributes(node, ctx)) {
    if (/^(warn|deny|forbid|expect)\(.*clippy::question_mark_used\b/.test(attr)) return false;
    const m = /^clippy::msrv="([^"]*)"$/.exec(attr);
    // The nearest attribute wins: attributes come from the node outwards.
    if (m && !msrvSeen) {
      msrv = parseVersion(m[1] ?? '') ?? msrv;
      msrvSeen = true;
    }
  }
  return msrvAtLeast(msrv, 1, 13);
}

/** Inside a closure with an inferred return type, before the enclosing fn: clippy skips `match` there. */
export function inInferredReturnClosure(node: Node, ctx: FileContext): boolean {
  for (const a of ctx.ancestors(node)) {
    if (isInferredReturnClosure(a)) return true;
    if (BODIES.has(a.type)) return false;
  }
  return false;
}

/** `{ e }` → `e`, repeatedly: blocks holding one expression and no statement (clippy's `peel_blocks`). */
export function peelBlocks(node: Node | null | undefined): Node | null {
  let n = node ?? null;
  while (n?.type === 'block') {
    const inner = named(n);
    const only = inner[0];
    if (
      inner.length !== 1 ||
      !only ||
      only.type === 'expression_statement' ||
      only.type.endsWith('declaration')
    ) {
      return n;
    }
    n = only;
  }
  return n;
}

/** Also `{ e; }` → `e` (clippy's `peel_blocks_with_stmt`). */
export function peelBlocksWithStmt(node: Node | null | undefined): Node | null {
  let n = node ?? null;
  while (n?.type === 'block') {
    const inner = named(n);
    const only = inner[0];
    if (inner.length !== 1 || !only) return n;
    if (only.type === 'expression_statement') n = named(only)[0] ?? null;
    else if (only.type.endsWith('declaration') || only.type.endsWith('item')) return n;
    else n = only;
  }
  return n;
}

/** `return X` giving X (null for a bare `return` or anything else). */
export function returned(node: Node | null | undefined): Node | null {
  return node?.type === 'return_expression' ? (named(node)[0] ?? null) : null;
}

/** The bound name of `x`, `ref x`, `mut x`, `ref mut x` (no subpattern), with how it binds. */
export function bindingOf(
  pattern: Node | null | undefined,
): { name: string; by: '' | 'ref' | 'ref mut' } | null {
  if (!pattern) return null;
  if (pattern.type === 'identifier')
    return /^[a-z_]/.test(pattern.text) ? { name: pattern.text, by: '' } : null;
  if (pattern.type === 'mut_pattern') {
    const inner = bindingOf(named(pattern).at(-1));
    return inner && inner.by === '' ? inner : null;
  }
  if (pattern.type === 'ref_pattern') {
    const inner = named(pattern)[0];
    const mutable = inner?.type === 'mut_pattern';
    const b = bindingOf(mutable ? named(inner).at(-1) : inner);
    return b && b.by === '' ? { name: b.name, by: mutable ? 'ref mut' : 'ref' } : null;
  }
  return null;
}

/** `Some(p)` / `Ok(p)` / `Err(p)` with exactly one field and no `..`: the constructor and `p`. */
export function ctorPattern(pattern: Node | null | undefined): { ctor: string; field: Node } | null {
  const p = pattern?.type === 'match_pattern' ? named(pattern)[0] : pattern;
  if (p?.type !== 'tuple_struct_pattern') return null;
  const parts = named(p);
  const [type, field] = parts;
  if (parts.length !== 2 || !type || !field || field.type === 'remaining_field_pattern') return null;
  const ctor = type.text.replace(/^(?:(?:std|core)::(?:option|result)::)?(?:Option|Result)::/, '');
  return /^(Some|Ok|Err)$/.test(ctor) ? { ctor, field } : null;
}

/** Whether `None` (or `Option::None`) is this expression or pattern. */
export function isNone(node: Node | null | undefined): boolean {
  const p = node?.type === 'match_pattern' ? named(node)[0] : node;
  return !!p && /^(?:(?:(?:std|core)::option::)?Option::)?None$/.test(p.text);
}

/** A pattern that always matches (bindings, `_`, tuples, a struct's fields); constants (`N`) and enum variants do not. */
export function isIrrefutable(pattern: Node | null | undefined): boolean {
  if (!pattern) return true;
  switch (pattern.type) {
    case 'identifier':
      return /^[a-z_]/.test(pattern.text);
    case '_':
      return true;
    case 'ref_pattern':
    case 'mut_pattern':
    case 'captured_pattern':
    case 'reference_pattern':
    case 'tuple_pattern':
      return named(pattern).every((c) => c.type === 'mutable_specifier' || isIrrefutable(c));
    case 'tuple_struct_pattern':
    case 'struct_pattern': {
      const [type, ...fields] = named(pattern);
      // `Wrapper(x)` is a struct; `Some(x)`, `E::V(x)` may not match.
      if (!type || !/^(type_)?identifier$/.test(type.type) || /^(Some|Ok|Err|None)$/.test(type.text))
        return false;
      return fields.every((f) => isIrrefutable(f.type === 'field_pattern' ? named(f).at(-1) : f));
    }
    default:
      return false;
  }
}
