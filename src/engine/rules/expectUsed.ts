import type { Rule } from '../rule';
import { unwrapFixes } from '../propagate/unwrapFixes';
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
    if (!u) return undefined;
    return {
      node,
      range: ctx.rangeBetween(ctx.start(u.nameNode), ctx.end(node)),
      message: `\`${u.method}(..)\` panics with its message when the value is ${u.method === 'expect' ? '`None` or `Err`' : '`Ok`'}; propagate it with \`?\` where the caller can handle it.`,
      fixes: unwrapFixes(u, ctx),
    };
  },
};
