import type { Fix } from '../../shared/types';
import type { FileContext } from '../context';
import { questionMarkFix } from './questionMarkFix';
import type { UnwrapCall } from './unwrapCall';

/**
 * Fixes for an unwrap or expect: the `?` rewrite where it compiles (preferred), and for a
 * bare `unwrap()` an `expect` that states why it cannot fail. The `expect` keeps the panic,
 * so it is never preferred.
 */
export function unwrapFixes(u: UnwrapCall, ctx: FileContext): Fix[] {
  const fixes: Fix[] = [];
  const propagate = questionMarkFix(u, ctx);
  if (propagate) fixes.push(propagate);
  if (u.form === 'method' && (u.method === 'unwrap' || u.method === 'unwrap_err')) {
    const expect = u.method === 'unwrap' ? 'expect' : 'expect_err';
    fixes.push({
      title: `Replace with \`${expect}("…")\` that says why it cannot fail`,
      applicability: 'suggestion',
      edits: [ctx.edit(ctx.start(u.nameNode), ctx.end(u.call), `${expect}("explain why this cannot fail")`)],
    });
  }
  return fixes;
}
