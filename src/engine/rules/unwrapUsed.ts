import type { Rule } from '../rule';
import { clippyExempts } from './clippyExemptions';
import { unwrapAdvice } from './unwrapAdvice';
import { idiomOf } from './unwrapIdioms';
import { matchUnwrapCall, UNWRAP_METHODS } from '../propagate/unwrapCall';

export const unwrapUsed: Rule = {
  id: 'unwrap-used',
  lesson: 'unwrap-used',
  defaultSeverity: 'warning',
  enabledByDefault: true,
  clippyAllows: ['unwrap_used'],
  clippyGroups: ['restriction'],
  docs: 'https://rust-lang.github.io/rust-clippy/master/index.html#unwrap_used',
  inspiredBy: null,
  summary: '`.unwrap()` / `.unwrap_err()` and `Option::unwrap(x)`: a panic when the value is absent.',
  settingDescription: '`.unwrap()` on an `Option` or `Result` (panics on `None`/`Err`).',
  readmeFinds: '`.unwrap()` / `.unwrap_err()`, and `Option::unwrap(x)` / `Result::unwrap(r)`',
  kinds: ['call_expression'],
  anchors: ['unwrap', 'unwrap_err'],
  needles: ['unwrap'],
  check(node, ctx) {
    const u = matchUnwrapCall(node, UNWRAP_METHODS);
    if (!u || clippyExempts(u, ctx, 'unwrap')) return undefined;
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
