// Whether a `None` that a new `?` would return from a fn already means something, so that turning
// a panic into that `None` changes what the program does without a word from the compiler.
import type { Node } from 'web-tree-sitter';
import type { FileContext } from '../context';
import { bindingOf } from '../semantics/bindings';
import { useRenames } from '../semantics/nameUses';

export type NoneMeaning =
  /** The fn itself returns `None` (a literal, or an earlier `?`): a new one would be taken for it. */
  | 'own-none'
  /** The fn is passed as a value (`filter_map(parse)`): its caller decides what `None` means. */
  | 'fn-value'
  /** A call discards its result (`bank.deposit(3, 50);`): Option is not `#[must_use]`. */
  | 'discarded'
  /** A caller loops `while let Some(t) = lexer.next_token()`: `None` means "no more", as in `Iterator::next`. */
  | 'ends-loop'
  | null;

/**
 * Why `None` from this fn (returning Option) already has a meaning, or null when a new `?` only
 * turns a panic into propagation. Calls and values are matched by the fn's name, in the file and
 * in the crate's other files: another fn of that name only makes the answer more careful.
 * Memoised per fn.
 */
export function noneMeaning(fn: Node, ctx: FileContext): NoneMeaning {
  return ctx.memo(`none-meaning:${fn.id}:${fn.startIndex}`, () => {
    const name = fn.childForFieldName('name')?.text;
    if (!name) return null;
    if (producesNone(fn, ctx)) return 'own-none';
    // A fn in an impl or trait is a method; one in an inline `mod`'s body is not.
    const owner = fn.parent?.type === 'declaration_list' ? fn.parent.parent?.type : undefined;
    const method = owner === 'impl_item' || owner === 'trait_item';
    // Its uses under the names the file imports it as (`use util::second as sec;`) count too.
    const uses = [name, ...importedAs(name, ctx)].flatMap((n) => usesOf(n, method, ctx));
    // The crate's other files, read from their text when they were indexed.
    const elsewhere = ctx.semantics.crate.usesElsewhere(name);
    if (uses.includes('value') || elsewhere.value) return 'fn-value';
    if (uses.includes('discarded') || elsewhere.discarded) return 'discarded';
    if (uses.includes('ends-loop') || elsewhere.loops) return 'ends-loop';
    return null;
  });
}

/** Where a `None` is the value the fn, a branch, an arm or a binding ends with. */
const NONE_HOLDERS = new Set([
  'return_expression',
  'block',
  'match_arm',
  'let_declaration',
  'assignment_expression',
  'break_expression',
]);

/**
 * Whether the body, outside nested closures and items, produces `None` itself: `return None`, a
 * `None` tail or arm (`else { None }`, `_ => None`), or `let mut best = None`. (An earlier `?`
 * passes on a `None` that already failed, like the new one: it says nothing of what `None` means.)
 */
function producesNone(fn: Node, ctx: FileContext): boolean {
  const body = fn.childForFieldName('body');
  // Most bodies never write `None`: their text says so without reading their nodes out of wasm.
  if (!body || !/\bNone\b/.test(ctx.text.slice(ctx.start(body), ctx.end(body)))) return false;
  const walk = (n: Node): boolean => {
    for (const c of n.namedChildren) {
      if (!c) continue;
      if (c.type === 'closure_expression' || c.type.endsWith('_item') || c.type === 'async_block') continue;
      if (NONE_HOLDERS.has(n.type) && isNone(c) && !passesNoneOn(n)) return true;
      if (walk(c)) return true;
    }
    return false;
  };
  return walk(body);
}

/**
 * `None => return None`, `None => None` and `let Some(x) = y else { return None }`: a `None` passed
 * on from a value that was `None`, as `?` would. It gives `None` no meaning of its own (and
 * the `question-mark` rule's fix turns it into a `?`, which must not change the answer).
 */
function passesNoneOn(holder: Node): boolean {
  const arm =
    holder.type === 'match_arm' ? holder : holder.parent?.type === 'match_arm' ? holder.parent : null;
  if (arm) return isNone(arm.childForFieldName('pattern')?.namedChildren[0] ?? arm);
  if (holder.type !== 'return_expression') return false;
  const block = holder.parent?.type === 'expression_statement' ? holder.parent.parent : holder.parent;
  return (
    block?.type === 'block' &&
    block.parent?.type === 'let_declaration' &&
    block.parent.childForFieldName('alternative')?.id === block.id
  );
}

function isNone(expr: Node): boolean {
  if (expr.type === 'identifier') return expr.text === 'None';
  return expr.type === 'scoped_identifier' && /^(?:(?:std|core)::option::)?Option::None$/.test(expr.text);
}

type Use = 'value' | 'discarded' | 'ends-loop' | 'used';

/** The names `use` declarations give a fn of this name (`use util::second as sec;` → `sec`). */
function importedAs(name: string, ctx: FileContext): string[] {
  const renames = ctx.fileMemo('none-meaning:renames', () => useRenames(ctx.text));
  return renames.filter(([from]) => from === name).map(([, alias]) => alias);
}

/**
 * How the file uses a fn's name: as a value (not called), a call whose result is discarded, or a
 * call whose result is used. A method is named as a value only through a path (`Lexer::next`); a
 * free fn also by its bare name, unless a local of that name hides it.
 */
function usesOf(name: string, method: boolean, ctx: FileContext): Use[] {
  return ctx.fileMemo(`none-meaning:uses:${method ? 'method' : 'fn'}:${name}`, () => {
    const uses: Use[] = [];
    for (const at of identifierOffsets(ctx).get(name) ?? []) {
      const use = ctx.readNodeAt(at, at + name.length, (node) => (node ? useOf(node, method, ctx) : null));
      if (use) uses.push(use);
    }
    return uses;
  });
}

/**
 * Where each word of the file's text starts, read in one pass: a search of the whole text for
 * each fn's name would cost a file of many Option fns time quadratic in its length.
 */
function identifierOffsets(ctx: FileContext): Map<string, number[]> {
  return ctx.fileMemo('none-meaning:identifiers', () => {
    const offsets = new Map<string, number[]>();
    for (const m of ctx.text.matchAll(/[A-Za-z_]\w*/g)) {
      const list = offsets.get(m[0]);
      if (list) list.push(m.index);
      else offsets.set(m[0], [m.index]);
    }
    return offsets;
  });
}

function useOf(node: Node, method: boolean, ctx: FileContext): Use | null {
  if (node.type === 'identifier' && node.parent?.type === 'token_tree') {
    // In a macro's tokens: a call when a `(…)` follows; after a `.`, a field or another type's
    // method; else the name may be a value.
    const next = node.nextSibling;
    if (next?.type === 'token_tree' && next.text.startsWith('(')) return 'used';
    if (method || node.previousSibling?.type === '.') return null;
    // `let total = total(&xs); println!("{:?}", total);`: the local, not the fn.
    return bindingOf(node, ctx) ? null : 'value';
  }
  if (node.type === 'field_identifier') {
    // `x.name(…)`: a method call (of a free fn's name: another type's method); `x.name`: a field.
    if (!method) return null;
    const access = node.parent;
    const call = access?.type === 'field_expression' ? access.parent : null;
    if (call?.type !== 'call_expression' || call.childForFieldName('function')?.id !== access?.id)
      return null;
    return resultUse(call);
  }
  if (node.type !== 'identifier') return null;
  let expr: Node = node;
  if (node.parent?.type === 'scoped_identifier') {
    if (node.parent.childForFieldName('name')?.id !== node.id) return null;
    expr = node.parent;
  } else if (method) return null;
  let holder = expr.parent;
  if (!holder) return null;
  // `parse::<u8>(s)`: the call's function is the turbofish.
  if (holder.type === 'generic_function') {
    expr = holder;
    holder = holder.parent;
    if (!holder) return null;
  }
  if (holder.type === 'call_expression' && holder.childForFieldName('function')?.id === expr.id)
    return resultUse(holder);
  if (!isValueIn(holder, expr)) return null;
  // A bare name may be a local of that name (a closure, a parameter).
  if (expr.type === 'identifier' && bindingOf(expr, ctx)) return null;
  // `let _ = load_user;` (to silence "never used") drops the fn: nothing calls it.
  if (holder.type === 'let_declaration' && holder.childForFieldName('pattern')?.text === '_') return null;
  return 'value';
}

/** Places where an expression is a value passed on (not a pattern, a declared name or a path). */
const VALUE_HOLDERS = new Set([
  'arguments',
  'array_expression',
  'tuple_expression',
  'return_expression',
  'reference_expression',
  'parenthesized_expression',
  'field_initializer',
  'shorthand_field_initializer',
  'block',
]);

/** Whether `expr` is a value in `holder`: one of its value slots, not a pattern or a name. */
function isValueIn(holder: Node, expr: Node): boolean {
  if (VALUE_HOLDERS.has(holder.type)) return true;
  const slot = VALUE_SLOTS[holder.type];
  return !!slot && holder.childForFieldName(slot)?.id === expr.id;
}

const VALUE_SLOTS: Record<string, string> = {
  let_declaration: 'value',
  assignment_expression: 'right',
  match_arm: 'value',
  closure_expression: 'body',
};

/** Whether a call's result is thrown away: a statement of its own, or `let _ = call;`. */
function resultUse(call: Node): Use {
  const holder = call.parent;
  if (holder?.type === 'expression_statement')
    return holder.text.trimEnd().endsWith(';') ? 'discarded' : 'used';
  if (holder?.type === 'let_declaration' && holder.childForFieldName('pattern')?.text === '_')
    return 'discarded';
  // `filter_map(|s| first(&s))`: the closure returns the fn's Option, so its caller decides.
  if (holder?.type === 'closure_expression' && holder.childForFieldName('body')?.id === call.id)
    return 'value';
  const loop = holder?.type === 'let_condition' ? holder.parent : null;
  if (loop?.type === 'while_expression' && holder?.childForFieldName('value')?.id === call.id)
    return 'ends-loop';
  // `loop { match lexer.next_token() { Some(t) => …, None => break } }`: the same loop, spelled out.
  if (holder?.type === 'match_expression' && holder.childForFieldName('value')?.id === call.id) {
    const arms = holder.childForFieldName('body')?.namedChildren ?? [];
    const breaksOnNone = arms.some(
      (arm) =>
        arm?.type === 'match_arm' &&
        /^(?:Option::)?None$/.test(arm.childForFieldName('pattern')?.text ?? '') &&
        /^\{?\s*break\b/.test(arm.childForFieldName('value')?.text ?? ''),
    );
    if (breaksOnNone) return 'ends-loop';
  }
  return 'used';
}
