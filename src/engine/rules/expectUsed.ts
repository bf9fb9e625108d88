import type { Rule } from '../rule';
import { placeholderIn, type Fix } from '../../shared/types';
import { EXPECT_PLACEHOLDER } from '../placeholderTexts';
import { clippyExempts } from './clippyExemptions';
import { isStatedExpect } from './expectMessage';
import { plainlyFallible, unwrapAdvice } from './unwrapAdvice';
import { idiomOf } from './unwrapIdioms';
import { EXPECT_METHODS, matchUnwrapCall, type UnwrapCall } from '../propagate/unwrapCall';
import type { FileContext } from '../context';

export const expectUsed: Rule = {
  id: 'expect-used',
  lesson: 'expect-used',
  defaultSeverity: 'warning',
  enabledByDefault: true,
  clippyAllows: ['expect_used'],
  clippyGroups: ['restriction'],
  docs: 'https://rust-lang.github.io/rust-clippy/master/index.html#expect_used',
  inspiredBy: null,
  summary:
    '`.expect(..)` / `.expect_err(..)` and their path forms whose message is a placeholder, or whose value plainly can fail: a panic with a message.',
  settingDescription:
    '`.expect(..)` on an `Option` or `Result` (panics on `None`/`Err`), unless its message states why it cannot fail.',
  readmeFinds:
    '`.expect(..)` / `.expect_err(..)` and the path forms, unless the message states an invariant (see the lesson)',
  kinds: ['call_expression'],
  anchors: ['expect', 'expect_err'],
  needles: ['expect'],
  check(node, ctx) {
    const u = matchUnwrapCall(node, EXPECT_METHODS);
    if (!u || clippyExempts(u, ctx, 'expect')) return undefined;
    // The lesson's idioms, and an expect that states its invariant: idiomatic-unwrap's, when on.
    if (idiomOf(u, ctx) || isStatedExpect(u, ctx)) return undefined;
    const advice = unwrapAdvice(u, ctx);
    const state = stateTheReason(u, ctx);
    return {
      node,
      range: ctx.rangeBetween(ctx.start(u.nameNode), ctx.end(node)),
      message: advice.message,
      advice: state ? `${advice.advice}, or state in the message why it cannot fail` : advice.advice,
      fixes: state ? [...advice.fixes, state] : advice.fixes,
    };
  },
};

/**
 * Rewrites a placeholder message as one for the learner to fill in, where an invariant may be the
 * author's call (not data that plainly can fail): typing the reason over it ends the warning.
 */
function stateTheReason(u: UnwrapCall, ctx: FileContext): Fix | undefined {
  const message = u.message;
  if (!message || !ctx.fixable(message) || plainlyFallible(u, ctx)) return undefined;
  const edits = [ctx.edit(ctx.start(message), ctx.end(message), `"${EXPECT_PLACEHOLDER}"`)];
  return {
    title: 'Write in the message why it cannot fail',
    applicability: 'suggestion',
    edits,
    placeholders: placeholderIn(edits, 0, EXPECT_PLACEHOLDER),
  };
}
