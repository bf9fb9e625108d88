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
  /** The end of the message when there is no `?` fix: what to do instead. */
  remedy: string;
  /** Whether the `?` fix exists: only then may the message suggest `?`. */
  propagates: boolean;
  fixes: Fix[];
}

/** The remedy and fixes for an unwrap (`unwrap`/`unwrap_err`) or an expect. */
export function unwrapAdvice(u: UnwrapCall, ctx: FileContext): Advice {
  const propagate = questionMarkFix(u, ctx);
  const fixes: Fix[] = propagate ? [propagate] : [];
  const isUnwrap = u.method === 'unwrap' || u.method === 'unwrap_err';
  const offerExpect = isUnwrap && u.form === 'method' && !plainlyFallible(u, ctx);
  if (offerExpect) {
    const expect = u.method === 'unwrap' ? 'expect' : 'expect_err';
    const edits = [ctx.edit(ctx.start(u.nameNode), ctx.end(u.call), `${expect}("${EXPECT_PLACEHOLDER}")`)];
    fixes.push({
      title: `Replace with \`${expect}("…")\` that says why it cannot fail`,
      applicability: 'suggestion',
      edits,
      placeholders: placeholderIn(edits, 0, EXPECT_PLACEHOLDER),
    });
  }
  const handle = 'handle both cases (`match`, `if let`, `unwrap_or`)';
  // No `?` fix here: the failure can still be returned once it is converted to the fn's error.
  const ret = 'return the failure to the caller (convert it with `map_err` or `ok_or`) or ';
  const remedy = offerExpect
    ? `${handle}, or say why it cannot fail with \`expect("…")\``
    : `${returnsFailure(u, ctx) ? ret : ''}${handle}`;
  return { remedy, propagates: !!propagate, fixes };
}
