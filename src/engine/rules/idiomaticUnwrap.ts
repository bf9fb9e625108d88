import type { Rule } from '../rule';
import { EXPECT_METHODS, matchUnwrapCall, UNWRAP_METHODS } from '../propagate/unwrapCall';
import { clippyExempts } from './clippyExemptions';
import { isStatedExpect } from './expectMessage';
import { idiomOf } from './unwrapIdioms';

const ALL_METHODS = new Set([...UNWRAP_METHODS, ...EXPECT_METHODS]);

/**
 * The unwraps unwrap-used and expect-used leave alone because the lesson calls them fine. Off by
 * default: turning it on (`"idiomatic-unwrap": "warning"`) gives clippy's `unwrap_used` /
 * `expect_used` strictness back, every unwrap reported.
 */
export const idiomaticUnwrap: Rule = {
  id: 'idiomatic-unwrap',
  lesson: 'unwrap-used',
  defaultSeverity: 'warning',
  enabledByDefault: false,
  // `unwrap_used`'s switch is unwrap-used's (one lint switches one rule): this rule only resembles it.
  clippyAllows: [],
  clippyGroups: [],
  docs: 'https://doc.rust-lang.org/book/ch09-03-to-panic-or-not-to-panic.html#cases-in-which-you-have-more-information-than-the-compiler',
  inspiredBy: 'unwrap_used',
  summary:
    'The unwraps the lesson calls fine: `lock()`, `join()`, `write!` into a `String`, a literal that parses, `split(..).next()`, a value checked above, an `expect` that states its invariant.',
  settingDescription:
    "The unwraps and expects that `unwrap-used` and `expect-used` leave alone because the lesson calls them fine (`lock().unwrap()`, `join().unwrap()`, unwraps that cannot fail, an `expect` whose message states why it cannot fail). Set it to `warning` for clippy's strictness: every unwrap and expect reported.",
  readmeFinds:
    '`unwrap`/`expect` that the lesson calls fine: `lock()`/`read()`/`write()` (poisoning), `join()`, `write!` into a `String`, a literal that parses (`"127.0.0.1".parse::<IpAddr>()`), `split(..).next()`, a value an early return checked, an `expect` whose message states why it cannot fail',
  kinds: ['call_expression'],
  anchors: ['unwrap', 'expect', 'unwrap_err', 'expect_err'],
  needles: ['unwrap', 'expect'],
  check(node, ctx) {
    const u = matchUnwrapCall(node, ALL_METHODS);
    if (!u || clippyExempts(u, ctx, u.method.startsWith('expect') ? 'expect' : 'unwrap')) return undefined;
    const idiom =
      idiomOf(u, ctx) ?? (isStatedExpect(u, ctx) ? { why: 'its message states why it cannot fail' } : null);
    if (!idiom) return undefined;
    return {
      node,
      range: ctx.rangeBetween(ctx.start(u.nameNode), ctx.end(node)),
      message: `used \`${u.method}()\` where the lesson calls it fine`,
      advice: idiom.why,
    };
  },
};
