// What the `if`s around an unwrap prove about its receiver: inside `if x.is_none() { … }` `x` is
// `None`; after `if x.is_none() { return …; }` it is `Some`. Shared by panicking-unwrap (an unwrap
// that always panics) and the unwrap rules (an unwrap that cannot fail). Only a local variable is
// followed, and any write to it between the check and the unwrap drops what was proven.
import type { Node } from 'web-tree-sitter';
import type { FileContext } from '../context';
import type { UnwrapCall } from '../propagate/unwrapCall';
import { bindingOf } from '../semantics/bindings';

export type Variant = 'Some' | 'None' | 'Ok' | 'Err';

const CHECKS: Record<string, Variant> = { is_some: 'Some', is_none: 'None', is_ok: 'Ok', is_err: 'Err' };
const OPPOSITE: Record<Variant, Variant> = { Some: 'None', None: 'Some', Ok: 'Err', Err: 'Ok' };

/** One check in a condition: `x.is_none()` holds → `x` is `None`. */
interface Check {
  subject: Node;
  check: string;
  variant: Variant;
}

export interface Fact {
  /** What the receiver is at the unwrap. */
  variant: Variant;
  /** The `is_*` method whose call proved it, e.g. `is_none`. */
  check: string;
  /** `then`/`else`: inside that branch of `ifNode`; `after`: after `ifNode`, whose branch diverges. */
  where: 'then' | 'else' | 'after';
  ifNode: Node;
}

/** What holds when a condition is true, and when it is false. */
function checksOf(condition: Node): { whenTrue: Check[]; whenFalse: Check[] } {
  const none = { whenTrue: [], whenFalse: [] };
  if (condition.type === 'parenthesized_expression') {
    const inner = condition.namedChildren[0];
    return inner ? checksOf(inner) : none;
  }
  if (condition.type === 'unary_expression' && condition.text.startsWith('!')) {
    const inner = condition.namedChildren[0];
    if (!inner) return none;
    const { whenTrue, whenFalse } = checksOf(inner);
    return { whenTrue: whenFalse, whenFalse: whenTrue };
  }
  if (condition.type === 'binary_expression') {
    const op = condition.childForFieldName('operator')?.text;
    const left = condition.childForFieldName('left');
    const right = condition.childForFieldName('right');
    if (!left || !right) return none;
    const [l, r] = [checksOf(left), checksOf(right)];
    // `a && b` true: both hold. `a || b` false: both are false.
    if (op === '&&') return { whenTrue: [...l.whenTrue, ...r.whenTrue], whenFalse: [] };
    if (op === '||') return { whenTrue: [], whenFalse: [...l.whenFalse, ...r.whenFalse] };
    return none;
  }
  const check = checkCall(condition);
  if (!check) return none;
  return { whenTrue: [check], whenFalse: [{ ...check, variant: OPPOSITE[check.variant] }] };
}

/** `x.is_none()` on a plain variable. */
function checkCall(node: Node): Check | null {
  if (node.type !== 'call_expression') return null;
  const fn = node.childForFieldName('function');
  const args = node.childForFieldName('arguments');
  if (fn?.type !== 'field_expression' || !args || args.namedChildCount !== 0) return null;
  const subject = fn.childForFieldName('value');
  const method = fn.childForFieldName('field')?.text ?? '';
  const variant = CHECKS[method];
  if (!variant || subject?.type !== 'identifier') return null;
  return { subject, check: method, variant };
}

const LOOPS = new Set(['loop_expression', 'while_expression', 'for_expression']);
/** Deferred code: what held where it was written may not hold where it runs. */
const BOUNDARIES = new Set(['function_item', 'closure_expression', 'async_block', 'const_block']);
const DIVERGING_MACROS = /^(std::|core::)?(panic|unreachable|todo|unimplemented)$/;

/** Whether a block always leaves before its end: a `return`, `break`, `continue` or panic at its top level. */
export function diverges(block: Node): boolean {
  return block.namedChildren.some((s) => {
    const e = s?.type === 'expression_statement' ? s.namedChildren[0] : s;
    if (!e) return false;
    if (e.type === 'return_expression' || e.type === 'break_expression' || e.type === 'continue_expression')
      return true;
    if (e.type === 'macro_invocation')
      return DIVERGING_MACROS.test(e.childForFieldName('macro')?.text.replace(/\s+/g, '') ?? '');
    if (e.type === 'call_expression')
      return /^(std::)?process::exit$/.test(e.childForFieldName('function')?.text.replace(/\s+/g, '') ?? '');
    return false;
  });
}

/**
 * Where in the file `name` may be written: assigned, borrowed `&mut`, or changed by an `Option`
 * method. Found once per name, so that each unwrap's check is a lookup.
 */
function writesOf(name: string, ctx: FileContext): number[] {
  return ctx.fileMemo(`conditionFacts:writes:${name}`, () => {
    const n = name.replace(/[^\w]/g, '');
    const write = new RegExp(
      `&\\s*mut\\s+${n}\\b|\\b${n}\\s*(?:[-+*/%&|^]|<<|>>)?=(?!=)|\\b${n}\\s*\\.\\s*` +
        '(?:take|take_if|replace|insert|get_or_insert\\w*|as_mut|as_deref_mut|as_pin_mut|iter_mut)\\b',
      'g',
    );
    return [...ctx.text.matchAll(write)].map((m) => m.index);
  });
}

/** The binding a variable use refers to, as a comparable key. */
function bindingKey(ident: Node, ctx: FileContext): string | null {
  const b = bindingOf(ident, ctx);
  return b ? `${ctx.start(b.pattern)}:${ctx.end(b.pattern)}` : null;
}

/** What the checks around an unwrap prove its receiver to be, the nearest check deciding. */
export function factAt(u: UnwrapCall, ctx: FileContext): Fact | null {
  if (u.form !== 'method' || u.receiver.type !== 'identifier') return null;
  // Most files check nothing: no walk up the tree for their unwraps.
  if (!ctx.fileMemo('conditionFacts:checks', () => /\bis_(some|none|ok|err)\b/.test(ctx.text))) return null;
  return ctx.memo(`fact:${ctx.start(u.call)}:${u.call.id}`, () => compute(u, ctx));
}

function compute(u: UnwrapCall, ctx: FileContext): Fact | null {
  const name = u.receiver.text;
  let key: string | null | undefined;
  const sameVariable = (c: Check) => {
    if (c.subject.text !== name) return false;
    key ??= bindingKey(u.receiver, ctx);
    return key !== null && bindingKey(c.subject, ctx) === key;
  };
  // Facts hold up to the unwrap, or through the whole loop the unwrap sits in (a later iteration).
  let end = ctx.end(u.call);
  const unchangedFrom = (start: number) => !writesOf(name, ctx).some((at) => at >= start && at < end);
  let child: Node = u.call;
  for (const a of ctx.ancestors(u.call)) {
    if (BOUNDARIES.has(a.type)) return null;
    if (a.type === 'if_expression') {
      const condition = a.childForFieldName('condition');
      const inThen = child.id === a.childForFieldName('consequence')?.id;
      const inElse = child.id === a.childForFieldName('alternative')?.id;
      // clippy's checked_unwrap lints skip the `if` of an `else if`; mirrored, so its allow matches.
      const elseIf = ctx.parent(a)?.type === 'else_clause';
      if (condition && !elseIf && (inThen || inElse)) {
        const { whenTrue, whenFalse } = checksOf(condition);
        const c = (inThen ? whenTrue : whenFalse).find(sameVariable);
        if (c && unchangedFrom(ctx.start(child)))
          return { variant: c.variant, check: c.check, where: inThen ? 'then' : 'else', ifNode: a };
        if (c) return null;
      }
    }
    if (a.type === 'block') {
      const exits = exitsIn(a, ctx);
      const at = ctx.start(child);
      for (let i = exits.length - 1; i >= 0; i--) {
        const s = exits[i] as Node;
        if (ctx.start(s) >= at) continue;
        const fact = earlyExit(
          (s.type === 'expression_statement' ? s.namedChildren[0] : s) ?? null,
          sameVariable,
        );
        if (!fact) continue;
        return unchangedFrom(ctx.end(s)) ? fact : null;
      }
    }
    if (LOOPS.has(a.type)) end = Math.max(end, ctx.end(a));
    child = a;
  }
  return null;
}

/** A block's statements that are `if`s without `else` whose branch leaves: found once per block. */
function exitsIn(block: Node, ctx: FileContext): Node[] {
  return ctx.memo(`conditionFacts:exits:${ctx.start(block)}:${block.id}`, () =>
    block.namedChildren.filter((s): s is Node => {
      const e = s?.type === 'expression_statement' ? s.namedChildren[0] : s;
      if (e?.type !== 'if_expression' || e.childForFieldName('alternative')) return false;
      const consequence = e.childForFieldName('consequence');
      return !!consequence && diverges(consequence);
    }),
  );
}

/** `if x.is_none() { return …; }` (one of exitsIn): after it, `x` is `Some`. */
function earlyExit(e: Node | null, matches: (c: Check) => boolean): Fact | null {
  const condition = e?.childForFieldName('condition');
  if (!e || !condition) return null;
  const c = checksOf(condition).whenFalse.find(matches);
  return c ? { variant: c.variant, check: c.check, where: 'after', ifNode: e } : null;
}

const PANICS_ON: Record<string, readonly Variant[]> = {
  unwrap: ['None', 'Err'],
  expect: ['None', 'Err'],
  unwrap_err: ['Ok'],
  expect_err: ['Ok'],
};

/** Whether the unwrap always panics, given the fact. */
export function alwaysPanics(method: string, fact: Fact): boolean {
  return PANICS_ON[method]?.includes(fact.variant) ?? false;
}

const WANTS: Record<string, readonly Variant[]> = {
  unwrap: ['Some', 'Ok'],
  expect: ['Some', 'Ok'],
  unwrap_err: ['Err'],
  expect_err: ['Err'],
};

/** Whether the unwrap cannot panic, given the fact. */
export function cannotPanic(method: string, fact: Fact): boolean {
  return WANTS[method]?.includes(fact.variant) ?? false;
}

/** The pattern that binds the value the unwrap wanted: `Some` for `unwrap` on an `Option`. */
export function wantedVariant(method: string, fact: Fact): Variant {
  return method.endsWith('_err') ? 'Err' : fact.variant === 'None' || fact.variant === 'Some' ? 'Some' : 'Ok';
}
