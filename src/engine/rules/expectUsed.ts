import type { Rule } from '../rule';
import { clippyExempts } from './clippyExemptions';
import { unwrapAdvice } from './unwrapAdvice';
import { idiomOf } from './unwrapIdioms';
import { EXPECT_METHODS, matchUnwrapCall } from '../propagate/unwrapCall';

export const expectUsed: Rule = {
  id: 'expect-used',
  lesson: 'expect-used',
  defaultSeverity: 'warning',
  enabledByDefault: true,
  clippyAllows: ['expect_used'],
  clippyGroups: ['restriction'],
  docs: 'https://rust-lang.github.io/rust-clippy/master/index.html#expect_used',
  inspiredBy: null,
  summary: '`.expect(..)` / `.expect_err(..)` and their path forms: a panic with a message.',
  settingDescription: '`.expect(..)` on an `Option` or `Result` (panics on `None`/`Err`).',
  readmeFinds: '`.expect(..)` / `.expect_err(..)` and the path forms',
  kinds: ['call_expression'],
  anchors: ['expect', 'expect_err'],
  needles: ['expect'],
  check(node, ctx) {
    const u = matchUnwrapCall(node, EXPECT_METHODS);
    if (!u || clippyExempts(u, ctx, 'expect')) return undefined;
    // The lesson's idioms (a lock, a join, an unwrap that cannot fail): idiomatic-unwrap's, when on.
    if (idiomOf(u, ctx)) return undefined;
    const advice = unwrapAdvice(u, ctx);
    return {
      node,
      range: ctx.rangeBetween(ctx.start(u.nameNode), ctx.end(node)),
      message: advice.message,
      advice: advice.advice,
      fixes: advice.fixes,
    };
  },
};
