// What unwrap-used and expect-used say and offer, so that the message never suggests a fix that is
// not there: `?` only where its fix exists, and `expect(..)` only where a panic may be the author's
// call (see plainlyFallible).
import { placeholderIn, type Fix } from '../../shared/types';
import type { FileContext } from '../context';
import { questionMarkFix } from '../propagate/questionMarkFix';
import { boundaryOf } from '../propagate/returnContext';
import type { UnwrapCall } from '../propagate/unwrapCall';
import { EXPECT_PLACEHOLDER } from '../placeholderTexts';

/**
 * Error types whose `Err` comes from outside the program (I/O, the environment, text being
 * parsed): failing is what such a value plainly can do, so a panic is no invariant.
 */
const OUTSIDE_ERRORS = new Set([
  'std::io::Error',
  'std::env::VarError',
  'std::num::ParseIntError',
  'std::num::ParseFloatError',
  'std::num::TryFromIntError',
  'std::str::ParseBoolError',
  'std::char::ParseCharError',
  'std::net::AddrParseError',
  'std::str::Utf8Error',
  'std::string::FromUtf8Error',
  'std::ffi::NulError',
  'std::time::SystemTimeError',
]);

/** Calls that turn data into a value and fail on bad data. */
const CONVERSIONS = new Set(['parse', 'try_into', 'try_from', 'from_str', 'from_str_radix']);

/**
 * Whether the value can plainly fail, so `expect` ("this cannot fail") would be wrong: it is
 * converted from data (`parse`, `try_into`, …), its error comes from outside the program (I/O,
 * the environment), or the enclosing fn returns `Result`/`Option`, where the caller is the one
 * to decide and the failure should be returned (`?`, `map_err`, `ok_or`).
 */
export function plainlyFallible(u: UnwrapCall, ctx: FileContext): boolean {
  return returnsFailure(u, ctx) || failsOnData(u, ctx);
}

/** Whether the value is converted from data or its error comes from outside the program. */
export function failsOnData(u: UnwrapCall, ctx: FileContext): boolean {
  const fn = u.receiver.type === 'call_expression' ? u.receiver.childForFieldName('function') : null;
  const callee = fn?.type === 'generic_function' ? fn.childForFieldName('function') : fn;
  const name =
    callee?.type === 'field_expression'
      ? callee.childForFieldName('field')?.text
      : callee?.type === 'scoped_identifier'
        ? callee.childForFieldName('name')?.text
        : undefined;
  if (name && CONVERSIONS.has(name)) return true;
  const t = ctx.semantics.typeOf(u.receiver);
  const error = t.kind === 'path' && t.path === 'Result' ? t.args[1] : undefined;
  return error?.kind === 'path' && OUTSIDE_ERRORS.has(error.path);
}

/** Whether the enclosing fn or closure returns `Result` or `Option`: a failure has somewhere to go. */
function returnsFailure(u: UnwrapCall, ctx: FileContext): boolean {
  const returns = boundaryOf(u.call, ctx)?.returns;
  return (
    returns?.kind === 'type' && returns.type.kind === 'path' && /^(Result|Option)$/.test(returns.type.path)
  );
}

export interface Advice {
  /** The main line: `used \`unwrap()\` on an \`Option\` value`, as clippy says it. */
  message: string;
  /** The second line: when it panics, then what to do instead (`?` only where its fix exists). */
  advice: string;
  fixes: Fix[];
}

/** `Option` or `Result` when the type is known; `unwrap_err`/`expect_err` exist on `Result` only. */
export function valueKind(u: UnwrapCall, ctx: FileContext): 'Option' | 'Result' | undefined {
  if (u.method.endsWith('_err')) return 'Result';
  if (u.form === 'path') {
    const fn = u.call.childForFieldName('function')?.childForFieldName('path')?.text ?? '';
    return /(^|::)Option$/.test(fn) ? 'Option' : 'Result';
  }
  const t = ctx.semantics.typeOf(u.receiver);
  return t.kind === 'path' && (t.path === 'Option' || t.path === 'Result') ? t.path : undefined;
}

/** When the call panics, said without an "error" for an `Option`. */
function panicsWhen(method: string, kind: 'Option' | 'Result' | undefined): string {
  if (method.endsWith('_err')) return 'the value is `Ok`';
  if (kind === 'Option') return 'the value is `None`';
  if (kind === 'Result') return 'the value is an `Err`';
  return 'the value is `None` or an `Err`';
}

/** Passing the failure on with `?`, named without an "error" for an `Option`. */
function passOn(kind: 'Option' | 'Result' | undefined): string {
  const what = kind === 'Option' ? 'the `None`' : kind === 'Result' ? 'the error' : 'the failure';
  return `pass ${what} on to the caller with \`?\``;
}

/** Where a failure can go when the fn returns `Result`/`Option` but `?` does not fit as it is. */
function returnIt(kind: 'Option' | 'Result' | undefined): string {
  if (kind === 'Option') return 'return early when it is `None` (`ok_or` turns it into an `Err`) or ';
  if (kind === 'Result') return 'return the error to the caller (convert it with `map_err`) or ';
  return 'return the failure to the caller (convert it with `map_err` or `ok_or`) or ';
}

/** The message, advice and fixes for an unwrap (`unwrap`/`unwrap_err`) or an expect. */
export function unwrapAdvice(u: UnwrapCall, ctx: FileContext): Advice {
  const propagate = questionMarkFix(u, ctx);
  const fixes: Fix[] = propagate ? [propagate] : [];
  const isUnwrap = u.method === 'unwrap' || u.method === 'unwrap_err';
  const offerExpect = isUnwrap && u.form === 'method' && !plainlyFallible(u, ctx);
  const expect = u.method === 'unwrap_err' ? 'expect_err' : 'expect';
  if (offerExpect) {
    const edits = [ctx.edit(ctx.start(u.nameNode), ctx.end(u.call), `${expect}("${EXPECT_PLACEHOLDER}")`)];
    fixes.push({
      title: `Replace with \`${expect}("…")\` that says why it cannot fail`,
      applicability: 'suggestion',
      edits,
      placeholders: placeholderIn(edits, 0, EXPECT_PLACEHOLDER),
    });
  }
  const kind = valueKind(u, ctx);
  const handle = 'handle both cases (`match`, `if let`, `unwrap_or`)';
  const remedy = propagate
    ? `${passOn(kind)} or ${handle}`
    : offerExpect
      ? `${handle}, or say why it cannot fail with \`${expect}("…")\``
      : `${returnsFailure(u, ctx) ? returnIt(kind) : ''}${handle}`;
  const panics = isUnwrap ? 'panics' : 'panics with its message';
  const on =
    kind === 'Option'
      ? ' on an `Option` value'
      : kind === 'Result'
        ? ' on a `Result` value'
        : ', which may panic';
  return {
    message: `used \`${u.method}()\`${on}`,
    advice: `it ${panics} when ${panicsWhen(u.method, kind)}; ${remedy}`,
    fixes,
  };
}
