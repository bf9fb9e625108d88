import type { Node } from 'web-tree-sitter';
import type { FileContext } from '../context';
import { macroMayReturn, macroName, tokenFacts } from '../semantics/macros';
import type { RustType } from '../semantics/rustType';

/** What the nearest `?` boundary returns. */
export type ReturnKind =
  /** A declared return type, resolved where it was written (`Self::Err`, aliases, imports). */
  | { kind: 'type'; type: RustType }
  /** `fn main()` with no return type: `?` works once the signature changes. */
  | { kind: 'main'; fn: Node }
  /** No `?` can go here: a const context, an async block, a closure or fn returning `()`. */
  | { kind: 'none' };

export interface Boundary {
  node: Node;
  returns: ReturnKind;
  /** A method of a trait impl (`Iterator::next`): what `None` or `Err` means is the trait's. */
  inTraitImpl: boolean;
}

const ITEM_BOUNDARIES = new Set(['const_item', 'static_item', 'const_block']);

/** The nearest enclosing fn or closure: `?` returns from it. Loops are no boundary. */
export function boundaryOf(node: Node, ctx: FileContext): Boundary | null {
  for (const a of ctx.ancestors(node)) {
    if (ITEM_BOUNDARIES.has(a.type) || a.type === 'async_block')
      return { node: a, returns: { kind: 'none' }, inTraitImpl: false };
    if (a.type === 'closure_expression') {
      const type = a.childForFieldName('return_type');
      const returns: ReturnKind = type
        ? { kind: 'type', type: ctx.semantics.resolve(type.text, a) }
        : { kind: 'none' };
      return { node: a, returns, inTraitImpl: false };
    }
    if (a.type === 'function_item')
      return { node: a, returns: fnReturn(a, ctx), inTraitImpl: isTraitImplMethod(a) };
  }
  return null;
}

function fnReturn(fn: Node, ctx: FileContext): ReturnKind {
  const modifiers = fn.namedChildren.find((c) => c?.type === 'function_modifiers');
  if (modifiers && /\bconst\b/.test(modifiers.text)) return { kind: 'none' };
  const type = fn.childForFieldName('return_type');
  if (type) return { kind: 'type', type: ctx.semantics.resolve(type.text, fn) };
  const isMain =
    fn.childForFieldName('name')?.text === 'main' &&
    fn.parent?.type === 'source_file' &&
    (fn.childForFieldName('parameters')?.namedChildren.length ?? 1) === 0 &&
    !fn.childForFieldName('type_parameters') &&
    isProgramRoot(ctx.path) &&
    !mainUsedAsValue(fn, ctx);
  return isMain ? { kind: 'main', fn } : { kind: 'none' };
}

/**
 * Whether a file's `main` is a program's entry point: a crate's `src/main.rs`, `src/bin/…`,
 * `examples/…`, or a file outside any crate (run by rustc). A `fn main` in `src/app.rs` is an
 * ordinary fn that others call, and changing its return type breaks them.
 */
function isProgramRoot(path: string): boolean {
  if (!/(^|\/)src\//.test(path)) return true;
  return /(^|\/)src\/(main\.rs|bin\/)/.test(path);
}

/** Whether the file names `main` anywhere but its definition (`main()` called, `let f = main`). */
function mainUsedAsValue(fn: Node, ctx: FileContext): boolean {
  const name = fn.childForFieldName('name');
  return ctx.memo('main-used', () =>
    ctx.root
      .descendantsOfType('identifier')
      .some((id) => id !== null && id.text === 'main' && !(name && id.id === name.id)),
  );
}

function isTraitImplMethod(fn: Node): boolean {
  const impl = fn.parent?.type === 'declaration_list' ? fn.parent.parent : null;
  return impl?.type === 'impl_item' && impl.childForFieldName('trait') !== null;
}

/**
 * Whether a `return` appears in main's body, outside nested closures and items: `return;`,
 * `return ();` or `return usage();` all return `()`, which a main returning `Result` cannot. A
 * macro call counts when its expansion may hold one: a file macro whose body has a `return`
 * (`bail!` that prints and returns), a macro whose body cannot be read, or a `return` among the
 * call's own tokens.
 * Memoised per fn: every unwrap in `main` asks, and a walk each would be quadratic.
 */
export function hasReturn(fnNode: Node, ctx: FileContext): boolean {
  return ctx.memo(`return:${fnNode.id}:${fnNode.startIndex}`, () => walkForReturn(fnNode, ctx));
}

function walkForReturn(fnNode: Node, ctx: FileContext): boolean {
  const body = fnNode.childForFieldName('body');
  if (!body) return false;
  const walk = (n: Node): boolean => {
    for (const c of n.namedChildren) {
      if (!c) continue;
      if (c.type === 'closure_expression' || c.type === 'function_item' || c.type === 'async_block') continue;
      if (c.type === 'return_expression') return true;
      if (c.type === 'macro_invocation' && macroCallMayReturn(c, ctx)) return true;
      if (walk(c)) return true;
    }
    return false;
  };
  return walk(body);
}

function macroCallMayReturn(call: Node, ctx: FileContext): boolean {
  if (macroMayReturn(macroName(call), ctx)) return true;
  const tokens = call.namedChildren.find((c) => c?.type === 'token_tree');
  if (!tokens) return false;
  const facts = tokenFacts(tokens);
  return facts.returns || facts.calls.some((name) => macroMayReturn(name, ctx));
}
