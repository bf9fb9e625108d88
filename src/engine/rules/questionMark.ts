import type { Node } from 'web-tree-sitter';
import type { Fix } from '../../shared/types';
import type { FileContext } from '../context';
import type { Report, Rule } from '../rule';
import { needsParens } from '../propagate/questionMarkFix';
import { isKnown, isOwnedOptionOrResult } from '../semantics/rustType';
import {
  bindingOf,
  ctorPattern,
  inInferredReturnClosure,
  isIrrefutable,
  isNone,
  named,
  peelBlocks,
  peelBlocksWithStmt,
  questionMarkApplies,
  returned,
} from './questionMarkGates';

// The forms follow clippy's question_mark (clippy_lints/src/question_mark.rs) one by one.

const MESSAGE = 'this `if let` can be replaced with the `?` operator';
const ADVICE = 'it only passes the value through or returns the `None`/`Err` early, which is what `?` does';

function operand(subject: Node): string {
  return needsParens(subject) ? `(${subject.text})` : subject.text;
}

function replaceWith(node: Node, text: string, ctx: FileContext, applicability: Fix['applicability']): Fix[] {
  return [
    {
      title: 'Replace it with `?`',
      applicability,
      edits: [ctx.edit(ctx.start(node), ctx.end(node), text)],
    },
  ];
}

/** `Err(v)` / `Err(v.into())` / `Err(Into::into(v))`: what `?` returns for the bound `v`. */
function isErrOf(value: Node | null, name: string): { converted: boolean } | null {
  if (value?.type !== 'call_expression' || value.childForFieldName('function')?.text !== 'Err') return null;
  const args = named(value.childForFieldName('arguments'));
  const arg = args[0];
  if (args.length !== 1 || !arg) return null;
  if (arg.type === 'identifier') return arg.text === name ? { converted: false } : null;
  if (arg.type !== 'call_expression') return null;
  const fn = arg.childForFieldName('function');
  const inner = named(arg.childForFieldName('arguments'));
  // `v.into()`, or a path to `Into`'s `into` with `v` (`From::from` is another trait: clippy leaves it).
  if (fn?.type === 'field_expression' && inner.length === 0) {
    const receiver = fn.childForFieldName('value');
    return fn.childForFieldName('field')?.text === 'into' && receiver?.text === name
      ? { converted: true }
      : null;
  }
  const isInto = !!fn && /(^|::|>::)into$/.test(fn.text) && /\bInto\b/.test(fn.text);
  return isInto && inner.length === 1 && inner[0]?.text === name ? { converted: true } : null;
}

/** `match e { Some(v) => …, None => return None }` and `Ok(v) => …, Err(e) => return Err(e[.into()])`. */
function checkMatch(node: Node, ctx: FileContext): Report | undefined {
  const subject = node.childForFieldName('value');
  const arms = named(node.childForFieldName('body')).filter((n) => n.type === 'match_arm');
  if (!subject || arms.length !== 2 || inInferredReturnClosure(node, ctx)) return undefined;
  // Clippy skips a `match` a macro expands to.
  if ([...ctx.ancestors(node)].some((a) => a.type === 'macro_definition')) return undefined;
  if (arms.some((a) => a.childForFieldName('pattern')?.childForFieldName('condition'))) return undefined;
  if (/#\[\s*cfg/.test(node.text)) return undefined;
  for (const [happy, early] of [arms, [...arms].reverse()]) {
    const h = ctorPattern(happy?.childForFieldName('pattern'));
    const binding = h && bindingOf(h.field);
    if (!happy || !h || !binding || !early || h.ctor === 'Err') continue;
    const ret = peelBlocks(early.childForFieldName('value'));
    const value = ret?.type === 'return_expression' ? returned(ret) : null;
    let converted = false;
    if (h.ctor === 'Some') {
      if (!isNone(early.childForFieldName('pattern')) || !isNone(value)) continue;
    } else {
      const e = ctorPattern(early.childForFieldName('pattern'));
      const errName = e?.ctor === 'Err' ? bindingOf(e.field) : null;
      const err = errName && errName.by === '' ? isErrOf(value, errName.name) : null;
      if (!err) continue;
      converted = err.converted;
    }
    const direct = peelBlocks(happy.childForFieldName('value'))?.text === binding.name && binding.by === '';
    return {
      node,
      message: 'this `match` can be replaced with the `?` operator',
      advice: `it only passes the value through or returns the \`${h.ctor === 'Some' ? 'None' : 'Err'}\` early, which is what \`?\` does`,
      // `?` converts with `From`, where `.into()` may have used another `Into` impl: offered, not applied.
      fixes: direct ? matchFix(node, subject, h.ctor, converted, ctx) : [],
    };
  }
  return undefined;
}

/**
 * `x?` for the `match`: safe on an owned Option/Result; `x.as_ref()?` on a `&Option` (the arm bound
 * a reference, and so does this); a suggestion when the type is unknown; none on other references,
 * where no `?` form keeps the types.
 */
function matchFix(node: Node, subject: Node, ctor: string, converted: boolean, ctx: FileContext): Fix[] {
  const type = ctx.semantics.typeOf(subject);
  if (isOwnedOptionOrResult(type))
    return replaceWith(node, `${operand(subject)}?`, ctx, converted ? 'suggestion' : 'safe');
  if (type.kind === 'ref') {
    const inner = type.inner;
    const option = ctor === 'Some' && inner.kind === 'path' && inner.path === 'Option';
    return option ? replaceWith(node, `${operand(subject)}.as_ref()?`, ctx, 'safe') : [];
  }
  return replaceWith(node, `${operand(subject)}?`, ctx, 'suggestion');
}

/** Whether the `if` is the `else if` of another `if`. */
function isElseClause(node: Node): boolean {
  return node.parent?.type === 'else_clause';
}

function elseBody(node: Node): Node | null {
  const alternative = node.childForFieldName('alternative');
  return alternative ? (named(alternative)[0] ?? null) : null;
}

/** `if x.is_none() { return None; }` / `if r.is_err() { return r; }`, with an `else` only when it yields `x`. */
function checkIfIs(node: Node, ctx: FileContext): Report | undefined {
  if (isElseClause(node)) return undefined;
  const condition = node.childForFieldName('condition');
  const fn = condition?.type === 'call_expression' ? condition.childForFieldName('function') : null;
  if (fn?.type !== 'field_expression' || named(condition?.childForFieldName('arguments')).length > 0)
    return undefined;
  const method = fn.childForFieldName('field')?.text;
  const caller = fn.childForFieldName('value');
  if (!caller || (method !== 'is_none' && method !== 'is_err')) return undefined;
  // The method name alone proves nothing: a crate's own `Maybe<T>` may have an `is_none`. Clippy
  // looks at std's Option and Result only; `x.as_ref()?` needs the receiver to be an Option.
  const receiver = checkedType(caller, ctx);
  const wanted = method === 'is_none' ? 'Option' : 'Result';
  if (receiver !== 'unknown' && receiver !== wanted) return undefined;
  const value = returned(peelBlocksWithStmt(node.childForFieldName('consequence')));
  // Option: `return None`; Result: `return r` of the same local `r`.
  const early =
    method === 'is_none' ? isNone(value) : caller.type === 'identifier' && value?.text === caller.text;
  if (!early) return undefined;
  const otherwise = elseBody(node);
  if (otherwise && peelBlocks(otherwise)?.text.replace(/\s+/g, '') !== caller.text.replace(/\s+/g, '')) {
    return undefined;
  }
  let fixes: Fix[] = [];
  if (method === 'is_none' && !otherwise && receiver === 'Option') {
    // `as_ref()` keeps a non-Copy Option usable after the check, as the original code did.
    let end = ctx.end(node);
    if (ctx.text[end] === ';') end++;
    fixes = [
      {
        title: 'Replace the `if` with `?`',
        applicability: 'safe',
        edits: [ctx.edit(ctx.start(node), end, `${operand(caller)}.as_ref()?;`)],
      },
    ];
  }
  return {
    node,
    message: 'this `if` can be replaced with the `?` operator',
    advice: `it only returns the \`${method === 'is_none' ? 'None' : 'Err'}\` early, which is what \`?\` does`,
    fixes,
  };
}

/**
 * What an `is_none`/`is_err` is called on, through references (`&Option<T>` has them too): std's
 * `Option` or `Result`, another known type, or unknown.
 */
function checkedType(caller: Node, ctx: FileContext): 'Option' | 'Result' | 'other' | 'unknown' {
  let t = ctx.semantics.typeOf(caller);
  while (t.kind === 'ref') t = t.inner;
  if (t.kind === 'unknown') return 'unknown';
  if (t.kind === 'path' && (t.path === 'Option' || t.path === 'Result')) return t.path;
  return 'other';
}

/** Whether the local `name` is used after `node`'s statement in its block (moving it into `?` would break that). */
function usedAfter(node: Node, name: string, ctx: FileContext): boolean {
  let statement: Node = node;
  let block: Node | null = null;
  for (const a of ctx.ancestors(node)) {
    if (a.type === 'block') {
      block = a;
      break;
    }
    statement = a;
  }
  if (!block) return false;
  const holder = block;
  // The last statement naming it, found once per block and name: linear in long blocks.
  const last = ctx.memo(`question-mark:last-use:${holder.id}:${holder.startIndex}:${name}`, () => {
    const word = new RegExp(`\\b${name}\\b`);
    let end = -1;
    for (const s of holder.namedChildren) if (s && word.test(s.text)) end = s.startIndex;
    return end;
  });
  return last > statement.startIndex;
}

/** `if let Some(v) = e { … } else { return None }`, `if let Err(e) = r { return Err(e); }` and their `Ok` twin. */
function checkIfLet(node: Node, ctx: FileContext): Report | undefined {
  const condition = node.childForFieldName('condition');
  if (condition?.type !== 'let_condition') return undefined;
  const c = ctorPattern(condition.childForFieldName('pattern'));
  const binding = c && bindingOf(c.field);
  const subject = condition.childForFieldName('value');
  if (!c || !binding || !subject) return undefined;
  const then = node.childForFieldName('consequence');
  const otherwise = elseBody(node);
  const elseValue = returned(peelBlocksWithStmt(otherwise));
  const isReturn = peelBlocksWithStmt(otherwise)?.type === 'return_expression';
  let early: boolean;
  if (c.ctor === 'Some') early = !!otherwise && isReturn && isNone(elseValue);
  else if (c.ctor === 'Ok') {
    early =
      !!otherwise &&
      isReturn &&
      !!elseValue &&
      ((elseValue.text === subject.text && subject.type === 'identifier') ||
        !!isErrOf(elseValue, binding.name));
  } else {
    const thenValue = peelBlocksWithStmt(then);
    const v = thenValue?.type === 'return_expression' ? returned(thenValue) : thenValue;
    early =
      !otherwise &&
      binding.by === '' &&
      (!!isErrOf(v, binding.name) || (subject.type === 'identifier' && v?.text === subject.text));
  }
  if (!early || (otherwise && peelBlocks(otherwise)?.text === subject.text)) return undefined;
  // `?` moves a non-Copy local that is used later; clippy then stays silent.
  if (subject.type === 'identifier' && usedAfter(node, subject.text, ctx) && !isCopy(subject, ctx))
    return undefined;
  const direct = peelBlocks(then)?.text === binding.name && c.ctor !== 'Err';
  const method = binding.by === 'ref' ? '.as_ref()' : binding.by === 'ref mut' ? '.as_mut()' : '';
  const asValue = node.parent?.type !== 'expression_statement';
  return {
    node,
    message: MESSAGE,
    advice: ADVICE,
    fixes: direct && asValue ? replaceWith(node, `${operand(subject)}${method}?`, ctx, 'suggestion') : [],
  };
}

const COPY_SCALARS = /^(bool|char|[iu](8|16|32|64|128|size)|f32|f64)$/;

/** A type known to be `Copy`: scalars, shared references, and tuples, `Option` and `Result` of them. */
function isCopy(expr: Node, ctx: FileContext): boolean {
  const copy = (t: ReturnType<typeof ctx.semantics.typeOf>): boolean => {
    if (t.kind === 'ref') return !t.mutable;
    if (t.kind === 'tuple') return t.items.every(copy);
    if (t.kind === 'never') return true;
    if (t.kind !== 'path') return false;
    if (COPY_SCALARS.test(t.path)) return true;
    return /^(Option|Result)$/.test(t.path.replace(/^.*::/, '')) && t.args.length > 0 && t.args.every(copy);
  };
  const t = ctx.semantics.typeOf(expr);
  return isKnown(t) && copy(t);
}

/** `let Some(p) = e else { return None };`: `let p = e?;` when `p` always matches and `e` is not a reference. */
function checkLetElse(node: Node, ctx: FileContext): Report | undefined {
  const otherwise = node.childForFieldName('alternative');
  const init = node.childForFieldName('value');
  const c = ctorPattern(node.childForFieldName('pattern'));
  if (!otherwise || !init || c?.ctor !== 'Some' || !isIrrefutable(c.field)) return undefined;
  // The else block: one `return None` (as its value or its one statement), no comment, no `#[cfg]`.
  const inner = otherwise.namedChildren.filter((n): n is Node => n !== null);
  const only = inner[0];
  if (inner.length !== 1 || !only) return undefined;
  const ret = only.type === 'expression_statement' ? named(only)[0] : only;
  if (ret?.type !== 'return_expression' || !isNone(returned(peelBlocks(ret)))) return undefined;
  // `&opt` is not `Try`: `(&opt)?` does not compile.
  if (init.type === 'reference_expression' || ctx.semantics.typeOf(init).kind === 'ref') return undefined;
  const binding = bindingOf(c.field);
  const method = binding?.by === 'ref' ? '.as_ref()' : binding?.by === 'ref mut' ? '.as_mut()' : '';
  const pattern = binding ? binding.name : c.field.text;
  const text = `let ${pattern} = ${operand(init)}${method}?;`;
  return {
    node,
    message: 'this `let…else` can be replaced with the `?` operator',
    advice: 'its `else` only returns `None`, which is what `?` does',
    fixes: replaceWith(node, text, ctx, 'suggestion'),
  };
}

export const questionMark: Rule = {
  id: 'question-mark',
  lesson: 'question-mark',
  defaultSeverity: 'information',
  enabledByDefault: true,
  clippyAllows: ['question_mark'],
  clippyGroups: ['style'],
  docs: 'https://rust-lang.github.io/rust-clippy/master/index.html#question_mark',
  inspiredBy: null,
  summary:
    '`match e { Some(v) => v, None => return None }`, its `Ok`/`Err` twin, `if let`/`let…else` that return `None`/`Err`, and `if x.is_none() { return None; }`.',
  settingDescription: 'Early returns of `None`/`Err` that `?` can express.',
  readmeFinds:
    '`match e { Some(v) => v, None => return None }`, its `Ok`/`Err` twin, `let Some(v) = e else { return None }`, `if let Err(e) = r { return Err(e) }`, `if x.is_none() { return None; }`',
  kinds: ['match_expression', 'if_expression', 'let_declaration'],
  needles: ['return'],
  // The `return` keyword → its expression → (statement →) block → arm → arms → `match`; an `if` or `let` is nearer.
  anchors: ['return'],
  anchorDepth: 6,
  check(node, ctx) {
    if (!questionMarkApplies(node, ctx)) return undefined;
    if (node.type === 'match_expression') return checkMatch(node, ctx);
    if (node.type === 'let_declaration') return checkLetElse(node, ctx);
    return checkIfIs(node, ctx) ?? checkIfLet(node, ctx);
  },
};
