// The unwraps the unwrap-used lesson calls fine ("When this is fine"): unwrap-used and expect-used
// leave them alone, and idiomatic-unwrap (off unless asked for) reports them. Every idiom is read
// from the semantic model's types, never from a method's name alone: an unknown type is no idiom.
import type { Node } from 'web-tree-sitter';
import type { FileContext } from '../context';
import { questionMarkFix } from '../propagate/questionMarkFix';
import { boundaryOf } from '../propagate/returnContext';
import type { UnwrapCall } from '../propagate/unwrapCall';
import { autoderef } from '../semantics/stdLookup';
import { type RustType, typeText } from '../semantics/rustType';
import { cannotPanic, factAt } from './conditionFacts';
import { isParseKnown, literalParses, literalValue } from './literalParse';
import { codeSpan } from '../../shared/markdownCode';

export type IdiomKind = 'lock' | 'join' | 'write-string' | 'literal-parse' | 'split-first' | 'checked-above';

export interface Idiom {
  kind: IdiomKind;
  /** Why it is fine, for the message. */
  why: string;
}

/** Why this unwrap or expect is fine, or null when it is not one of the lesson's idioms. */
export function idiomOf(u: UnwrapCall, ctx: FileContext): Idiom | null {
  return ctx.memo(`idiom:${ctx.start(u.call)}:${u.call.id}`, () => find(u, ctx));
}

/** Idioms that are fine because they cannot fail (a lock or a join can: another thread panicked). */
const CANNOT_FAIL = new Set<IdiomKind>(['write-string', 'literal-parse', 'split-first', 'checked-above']);

function find(u: UnwrapCall, ctx: FileContext): Idiom | null {
  const idiom = idiomIn(u, ctx);
  // In a fn that already returns a `Result`/`Option` the error fits, `?` costs nothing and reads as
  // well (`writeln!(out, …)?` in a fn returning `fmt::Result`): that unwrap is reported with its fix.
  if (idiom && CANNOT_FAIL.has(idiom.kind) && freeQuestionMark(u, ctx)) return null;
  return idiom;
}

function freeQuestionMark(u: UnwrapCall, ctx: FileContext): boolean {
  if (boundaryOf(u.call, ctx)?.returns.kind !== 'type') return false;
  return questionMarkFix(u, ctx)?.applicability === 'safe';
}

function idiomIn(u: UnwrapCall, ctx: FileContext): Idiom | null {
  // `unwrap_err` on these would panic on the success: no idiom.
  const errSide = u.method.endsWith('_err');
  if (!errSide) {
    const idiom = byType(ctx.semantics.typeOf(u.receiver)) ?? byShape(u, ctx);
    if (idiom) return idiom;
  }
  const fact = factAt(u, ctx);
  if (fact?.where === 'after' && cannotPanic(u.method, fact)) {
    const name = u.receiver.text;
    return {
      kind: 'checked-above',
      why: `${codeSpan(name)} was checked with \`${fact.check}()\` above and the \`if\` leaves, so this cannot fail; ${codeSpan(`let ${fact.variant}(${name}) = ${name} else { … }`)} would say it once`,
    };
  }
  return null;
}

/** Lock results and thread results, by their error type. */
function byType(t: RustType): Idiom | null {
  if (t.kind !== 'path' || t.path !== 'Result') return null;
  const error = t.args[1];
  if (error?.kind === 'path' && error.path === 'std::sync::PoisonError')
    return {
      kind: 'lock',
      why: 'a lock fails only when it is poisoned, that is when another thread panicked while holding it, and passing that panic on is the usual choice',
    };
  if (error && isPanicPayload(error))
    return {
      kind: 'join',
      why: '`join()` fails only when the thread panicked, and this passes the panic on; its error, a `Box<dyn Any + Send>`, is no `Error` that `?` could convert',
    };
  return null;
}

/** `Box<dyn Any + Send>`: what a panicked thread leaves. */
function isPanicPayload(t: RustType): boolean {
  const inner = t.kind === 'path' && t.path === 'Box' ? t.args[0] : undefined;
  return inner?.kind === 'dyn' && inner.traits.includes('std::any::Any');
}

/** Unwraps that cannot fail because of what the receiver is. */
function byShape(u: UnwrapCall, ctx: FileContext): Idiom | null {
  const r = u.receiver;
  if (r.type === 'macro_invocation') return writeIntoString(r, ctx);
  if (r.type !== 'call_expression') return null;
  return literalParse(u, r, ctx) ?? firstSplit(r, ctx);
}

/** `write!(s, …)` / `writeln!(s, …)` into a `String`: its `fmt::Write` never fails. */
function writeIntoString(macro: Node, ctx: FileContext): Idiom | null {
  const name = macro.childForFieldName('macro')?.text;
  if (name !== 'write' && name !== 'writeln') return null;
  const dest = ctx.macroArguments(macro)[0];
  if (!dest) return null;
  const isString = autoderef(ctx.semantics.typeOf(dest)).some(
    (s) => s.kind === 'path' && s.path === 'String',
  );
  return isString
    ? {
        kind: 'write-string',
        why: "writing into a `String` cannot fail: `String`'s `fmt::Write` never returns an error",
      }
    : null;
}

/** `"127.0.0.1".parse::<IpAddr>()`, `let n: u8 = "5".parse()`, `IpAddr::from_str("…")` of a literal that parses. */
function literalParse(u: UnwrapCall, call: Node, ctx: FileContext): Idiom | null {
  const fn = call.childForFieldName('function');
  const args = call
    .childForFieldName('arguments')
    ?.namedChildren.filter((c) => c && !c.type.endsWith('comment'));
  if (!fn || !args) return null;
  let literal: Node | null | undefined;
  let target: RustType | undefined;
  if (
    fn.type === 'scoped_identifier' &&
    fn.childForFieldName('name')?.text === 'from_str' &&
    args.length === 1
  ) {
    literal = args[0];
    const owner = fn.childForFieldName('path');
    target = owner ? ctx.semantics.resolve(owner.text, call) : undefined;
  } else {
    const field = fn.type === 'generic_function' ? fn.childForFieldName('function') : fn;
    if (field?.type !== 'field_expression' || field.childForFieldName('field')?.text !== 'parse') return null;
    if (args.length !== 0) return null;
    literal = field.childForFieldName('value');
    const turbofish =
      fn.type === 'generic_function' ? fn.childForFieldName('type_arguments')?.namedChildren[0] : null;
    target = turbofish ? ctx.semantics.resolve(turbofish.text, call) : letType(u, ctx);
  }
  if (!literal || !target || target.kind !== 'path' || target.args.length > 0) return null;
  if (literal.type !== 'string_literal' && literal.type !== 'raw_string_literal') return null;
  const value = literalValue(literal.text);
  if (value === null || !isParseKnown(target.path) || !literalParses(target.path, value)) return null;
  return {
    kind: 'literal-parse',
    why: `${codeSpan(literal.text)} is a valid ${codeSpan(typeText(target).replace(/^std::\w+::/, ''))}, so parsing it cannot fail`,
  };
}

/** The type the unwrap's place declares: `let x: T = <unwrap>`, or the fn's return type for its tail. */
function letType(u: UnwrapCall, ctx: FileContext): RustType | undefined {
  const parent = ctx.parent(u.call);
  if (parent?.type === 'let_declaration') {
    const type = parent.childForFieldName('type');
    const value = parent.childForFieldName('value');
    if (!type || value?.startIndex !== u.call.startIndex) return undefined;
    return ctx.semantics.resolve(type.text, parent);
  }
  const fn = parent?.type === 'block' ? ctx.parent(parent) : null;
  const last = parent?.namedChildren.filter((c) => c && !c.type.endsWith('comment')).at(-1);
  const isTail = last?.id === u.call.id;
  if (fn?.type !== 'function_item' || !isTail) return undefined;
  const returns = boundaryOf(u.call, ctx)?.returns;
  return returns?.kind === 'type' ? returns.type : undefined;
}

/**
 * `s.split(p).next()`: the first item always exists, even of an empty string or slice. The same for
 * `rsplit`, and for `splitn`/`rsplitn` with a count of at least 1; not `split_whitespace`,
 * `split_terminator`, `split_inclusive` or `lines`, which yield nothing for an empty string.
 */
function firstSplit(call: Node, ctx: FileContext): Idiom | null {
  const fn = call.childForFieldName('function');
  if (fn?.type !== 'field_expression' || call.childForFieldName('arguments')?.namedChildCount !== 0)
    return null;
  const step = fn.childForFieldName('field')?.text;
  const split = fn.childForFieldName('value');
  if ((step !== 'next' && step !== 'last') || split?.type !== 'call_expression') return null;
  const splitFn = split.childForFieldName('function');
  const method = splitFn?.type === 'field_expression' ? splitFn.childForFieldName('field')?.text : undefined;
  const splitArgs = split
    .childForFieldName('arguments')
    ?.namedChildren.filter((c) => c && !c.type.endsWith('comment'));
  const source = splitFn?.childForFieldName('value');
  if (!method || !splitArgs || !source) return null;
  const counted = method === 'splitn' || method === 'rsplitn';
  if (!counted && method !== 'split' && method !== 'rsplit') return null;
  if (splitArgs.length !== (counted ? 2 : 1)) return null;
  if (counted && !/^[1-9][0-9_]*(usize)?$/.test(splitArgs[0]?.text ?? '')) return null;
  // The receiver must be a `str` or a slice: `split` on anything else is another method.
  const steps = autoderef(ctx.semantics.typeOf(source));
  const isStr = steps.some((s) => s.kind === 'path' && s.path === 'str');
  const isSlice = steps.some((s) => s.kind === 'array');
  if (!isStr && !isSlice) return null;
  return {
    kind: 'split-first',
    why: `the ${step === 'next' ? 'first' : 'last'} item of \`${method}(..)\` always exists (an empty ${isStr ? 'string' : 'slice'} yields one empty item)`,
  };
}
