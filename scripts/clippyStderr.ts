// Reads clippy's diagnostics (a UI test's .stderr, or clippy-driver's output) as (rule, line) pairs
// for the seven rules that mirror a clippy lint by name. Shared by scripts/clippy-parity.ts and
// test/clippyParity.test.ts.

import { RULES } from '../src/engine/rules';

export const MIRRORED_RULES = [
  'unwrap-used',
  'expect-used',
  'undocumented-unsafe-block',
  'missing-safety-doc',
  'unnecessary-unwrap',
  'question-mark',
  'partialeq-to-none',
] as const;

/** Clippy's lint name (snake case) for each mirrored rule: the registry's own switch for it. */
export const LINT_OF: Record<string, string> = Object.fromEntries(
  RULES.filter((r) => (MIRRORED_RULES as readonly string[]).includes(r.id)).map((r) => [
    r.id,
    r.clippyAllows[0] ?? '',
  ]),
);

/**
 * Only the first diagnostic of each lint names it (`-D clippy::…`), so the rest are known by their
 * message. Lints with similar messages (`manual_let_else`, `panicking_unwrap`) do not match these.
 */
const MESSAGES: Array<[RegExp, string]> = [
  [/^used `unwrap(_err)?\(\)` on (an `Option`|a `Result`) value/, 'unwrap-used'],
  [/^used `expect(_err)?\(\)` on (an `Option`|a `Result`) value/, 'expect-used'],
  [/^unsafe (block|impl) missing a safety comment/, 'undocumented-unsafe-block'],
  [/^(unsafe function's docs are missing|docs for unsafe (trait|field) missing) /, 'missing-safety-doc'],
  [/^called `[^`]+` on `[^`]+` after checking its variant/, 'unnecessary-unwrap'],
  [/(may be rewritten with the `\?` operator|expression can be replaced with `\?`)/, 'question-mark'],
  [/^binary comparison to literal `Option::None`/, 'partialeq-to-none'],
];

/**
 * The opt-in rule that gives clippy's unwrap_used / expect_used strictness back: the unwraps and
 * expects the lessons call fine. Asking for clippy's behaviour means turning it on.
 */
export const STRICT_RULE = 'idiomatic-unwrap';

/** The mirrored rule a STRICT_RULE finding counts as: the one named after the method it starts at. */
export function strictRuleAt(line: string, character: number): string {
  return /^(?:(?:Option|Result)::)?expect/.test(line.slice(character)) ? 'expect-used' : 'unwrap-used';
}

export interface Diagnostic {
  rule: string;
  /** 1-based, the primary span's first line. */
  line: number;
}

/** The mirrored diagnostics in a stderr text; `file` keeps only those in that file (by basename). */
export function parseStderr(stderr: string, file?: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  let rule: string | undefined;
  for (const line of stderr.split('\n')) {
    const head = /^(?:error|warning)(?:\[[^\]]*\])?: (.*)$/.exec(line);
    if (head) {
      rule = MESSAGES.find(([re]) => re.test(head[1] ?? ''))?.[1];
      continue;
    }
    const at = /^\s*--> (.*):(\d+):\d+$/.exec(line);
    if (at && rule) {
      if (!file || baseName(at[1] ?? '') === baseName(file)) out.push({ rule, line: Number(at[2]) });
      rule = undefined;
    }
  }
  return out;
}

function baseName(p: string): string {
  return p.replace(/^.*[\\/]/, '');
}

/** The mirrored rules a test file asks clippy for: `warn`/`deny`/`forbid` or `-W` flags naming the lint. */
export function requestedRules(source: string): string[] {
  return MIRRORED_RULES.filter((rule) =>
    new RegExp(
      `(?:warn|deny|forbid)\\([^)]*clippy::${LINT_OF[rule]}\\b|-[WD] clippy::${LINT_OF[rule]}\\b`,
    ).test(source),
  );
}

export interface Score {
  expected: number;
  found: number;
  matched: number;
  missed: string[];
  extra: string[];
}

/** Agreement by (rule, line): what clippy reports against what we report. */
export function score(expected: Diagnostic[], found: Diagnostic[], where = ''): Map<string, Score> {
  const byRule = new Map<string, Score>();
  const get = (rule: string) => {
    let s = byRule.get(rule);
    if (!s) byRule.set(rule, (s = { expected: 0, found: 0, matched: 0, missed: [], extra: [] }));
    return s;
  };
  const key = (d: Diagnostic) => `${d.rule}:${d.line}`;
  const ours = new Set(found.map(key));
  const theirs = new Set(expected.map(key));
  for (const k of theirs) {
    const [rule = '', line] = k.split(':');
    const s = get(rule);
    s.expected++;
    if (ours.has(k)) s.matched++;
    else s.missed.push(`${where}:${line}`);
  }
  for (const k of ours) {
    const [rule = '', line] = k.split(':');
    const s = get(rule);
    s.found++;
    if (!theirs.has(k)) s.extra.push(`${where}:${line}`);
  }
  return byRule;
}

/** Adds `from` into `into`, rule by rule. */
export function addScores(into: Map<string, Score>, from: Map<string, Score>): void {
  for (const [rule, s] of from) {
    const t = into.get(rule) ?? { expected: 0, found: 0, matched: 0, missed: [], extra: [] };
    t.expected += s.expected;
    t.found += s.found;
    t.matched += s.matched;
    t.missed.push(...s.missed);
    t.extra.push(...s.extra);
    into.set(rule, t);
  }
}
