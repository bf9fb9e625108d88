import type { Node } from 'web-tree-sitter';
import type { Fix, TextEdit } from '../../shared/types';
import type { FileContext } from '../context';
import { classifyReceiver, type Carrier } from './carrier';
import { boundaryOf, hasBareReturn, type FnError, type ReturnKind } from './returnContext';
import type { UnwrapCall } from './unwrapCall';

const MAIN_RETURN = ' -> Result<(), Box<dyn std::error::Error>>';
const DEFAULT_MESSAGE = '"value was missing"';

/**
 * The `?` rewrite of an unwrap or expect, or null where no `?` form is known to compile.
 * Syntax alone cannot see types, so this offers `?` only when both the receiver and the
 * enclosing fn's return type are evident and the error converts.
 */
export function questionMarkFix(u: UnwrapCall, ctx: FileContext): Fix | null {
  if (u.method.endsWith('_err')) return null;
  const boundary = boundaryOf(u.call, ctx);
  if (!boundary) return null;
  const carrier = classifyReceiver(u.receiver, ctx);
  const returns: ReturnKind = boundary.returns;
  let fnError: FnError | null = null;
  if (returns.kind === 'result') fnError = returns.error;
  if (returns.kind === 'main') {
    if (hasBareReturn(returns.fn)) return null;
    fnError = 'boxdyn';
  }
  const suffix = propagationSuffix(carrier, returns.kind === 'option' ? 'option' : fnError, u);
  if (suffix === null) return null;

  const edits: TextEdit[] = [];
  const tail = returns.kind === 'main' ? mainSignatureEdits(returns.fn, ctx) : null;
  const callEnd = ctx.end(u.call);
  // Every fix in main carries the same signature and tail edits, so fix-all keeps one copy.
  if (tail) {
    edits.push(ctx.edit(tail.tailEnd, tail.tailEnd, tail.tailText));
    edits.push(ctx.edit(tail.signatureAt, tail.signatureAt, MAIN_RETURN));
  }

  if (u.form === 'method') {
    edits.push(ctx.edit(ctx.end(u.receiver), callEnd, suffix));
  } else {
    const receiverText = needsParens(u.receiver) ? `(${u.receiver.text})` : u.receiver.text;
    edits.push(ctx.edit(ctx.start(u.call), callEnd, receiverText + suffix));
  }
  const shown = suffix.replace(/\(".*"\)/, '("…")');
  const title =
    returns.kind === 'main'
      ? `Propagate with \`${shown}\` and make main return Result`
      : `Propagate the error with \`${shown}\``;
  return { title, preferred: true, edits };
}

/** What replaces `.unwrap()`, given the receiver and the fn's return. */
function propagationSuffix(carrier: Carrier, fn: 'option' | FnError | null, u: UnwrapCall): string | null {
  if (fn === null) return null;
  if (carrier.kind === 'option') {
    if (fn === 'option') return '?';
    if (fn === 'boxdyn' || fn === 'boxdyn-send' || fn === 'string') {
      const message = u.message?.type === 'string_literal' ? u.message.text : DEFAULT_MESSAGE;
      return `.ok_or(${message})?`;
    }
    return null;
  }
  if (carrier.kind === 'result') {
    if (fn === 'option') return '.ok()?';
    const e = carrier.error;
    if (e === 'other') return null;
    if (fn === 'boxdyn' || fn === 'boxdyn-send') {
      if (e === 'io' || e === 'std' || e === 'string') return '?';
      // A boxed error converts into one with the same or fewer auto-trait bounds.
      const boxed = /^named:Box<dyn(std::error::|core::error::)?Error(\+Send\+Sync)?(\+'static)?>$/.exec(e);
      return boxed && (fn === 'boxdyn' || boxed[2]) ? '?' : null;
    }
    if (fn === 'anyhow') return e === 'io' || e === 'std' ? '?' : null;
    if (fn === 'io') return e === 'io' ? '?' : null;
    if (fn === 'string') return e === 'string' ? '?' : null;
    return e.startsWith('named:') && sameType(e.slice(6), fn.slice(6)) ? '?' : null;
  }
  return null;
}

function sameType(a: string, b: string): boolean {
  return a === b || a.replace(/^.*::/, '') === b.replace(/^.*::/, '');
}

interface MainEdits {
  signatureAt: number;
  tailEnd: number;
  tailText: string;
}

/** Edits that make `fn main()` return `Result<(), Box<dyn Error>>` and end with `Ok(())`. */
function mainSignatureEdits(fn: Node, ctx: FileContext): MainEdits | null {
  const params = fn.childForFieldName('parameters');
  const body = fn.childForFieldName('body');
  if (!params || !body) return null;
  const children = body.namedChildren.filter((c): c is Node => c !== null && !c.type.endsWith('comment'));
  const last = children[children.length - 1];
  const bodyLine = ctx.lines.positionAt(ctx.start(fn)).line;
  const indent = last
    ? ctx.lines.indentOf(ctx.lines.positionAt(ctx.start(last)).line)
    : `${ctx.lines.indentOf(bodyLine)}    `;
  const isTailExpression = !!last && !/(statement|declaration|_item)$/.test(last.type);
  const tailEnd = last ? ctx.end(last) : ctx.start(body) + 1;
  const tailText = `${isTailExpression ? ';' : ''}\n${indent}Ok(())`;
  return { signatureAt: ctx.end(params), tailEnd, tailText };
}

const PRIMARY = new Set([
  'identifier',
  'field_expression',
  'call_expression',
  'index_expression',
  'parenthesized_expression',
  'scoped_identifier',
  'self',
  'macro_invocation',
  'try_expression',
  'tuple_expression',
  'array_expression',
]);

export function needsParens(expr: Node): boolean {
  return !PRIMARY.has(expr.type);
}
