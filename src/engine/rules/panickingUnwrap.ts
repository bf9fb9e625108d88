import type { Node } from 'web-tree-sitter';
import type { Fix } from '../../shared/types';
import type { FileContext } from '../context';
import type { Rule } from '../rule';
import { EXPECT_METHODS, matchUnwrapCall, UNWRAP_METHODS, type UnwrapCall } from '../propagate/unwrapCall';
import { alwaysPanics, type Fact, factAt, wantedVariant } from './conditionFacts';
import { codeSpan } from '../../shared/markdownCode';

const ALL_METHODS = new Set([...UNWRAP_METHODS, ...EXPECT_METHODS]);

/**
 * `if x.is_none() { x; }` for `if x.is_none() { x.unwrap(); }`: the branch runs when there is a
 * value and binds it. A change of behavior (the branch ran on `None` and panicked), so only a
 * suggestion; offered when every use of `x` in the branch is such an unwrap, there is no `else`,
 * and `x` is an owned `Option`/`Result` (through a reference `if let` would bind a reference).
 */
function ifLetFix(u: UnwrapCall, fact: Fact, ctx: FileContext): Fix | null {
  const ifNode = fact.ifNode;
  const condition = ifNode.childForFieldName('condition');
  const consequence = ifNode.childForFieldName('consequence');
  if (fact.where !== 'then' || ifNode.childForFieldName('alternative') || !condition || !consequence)
    return null;
  if (!/^!?\s*[a-z_]\w*\s*\.\s*is_(some|none|ok|err)\s*\(\s*\)$/.test(condition.text)) return null;
  const t = ctx.semantics.typeOf(u.receiver);
  if (t.kind !== 'path' || (t.path !== 'Option' && t.path !== 'Result')) return null;
  const name = u.receiver.text;
  const unwraps = unwrapsOnly(consequence, name, ctx);
  if (!unwraps || unwraps.some((w) => !alwaysPanics(w.method, fact))) return null;
  const variant = wantedVariant(u.method, fact);
  const edits = [ctx.edit(ctx.start(condition), ctx.end(condition), `let ${variant}(${name}) = ${name}`)];
  for (const w of unwraps) edits.push(ctx.edit(ctx.start(w.call), ctx.end(w.call), name));
  return {
    title: `Run this only when ${codeSpan(name)} holds a value: ${codeSpan(`if let ${variant}(${name}) = ${name}`)}`,
    applicability: 'suggestion',
    edits,
  };
}

/**
 * The unwraps of `name` in a branch, when they are its only uses (macro arguments included);
 * null when `name` is used any other way, in a closure, a format string or an unknown macro.
 */
function unwrapsOnly(branch: Node, name: string, ctx: FileContext): UnwrapCall[] | null {
  const found: UnwrapCall[] = [];
  let other = false;
  const walk = (n: Node): void => {
    if (other) return;
    const u = matchUnwrapCall(n, ALL_METHODS);
    if (u && u.form === 'method' && u.receiver.type === 'identifier' && u.receiver.text === name) {
      found.push(u);
      for (const c of u.call.childForFieldName('arguments')?.namedChildren ?? []) if (c) walk(c);
      return;
    }
    if (n.type === 'identifier' && n.text === name) other = true;
    if ((n.type === 'string_literal' || n.type === 'raw_string_literal') && n.text.includes(`{${name}`))
      other = true;
    if (n.type === 'closure_expression' && n.text.includes(name)) other = true;
    if (n.type === 'macro_invocation' && n.text.includes(name)) {
      const args = ctx.macroArguments(n);
      if (args.length === 0) other = true;
      for (const a of args) walk(a);
      return;
    }
    for (const c of n.namedChildren) if (c) walk(c);
  };
  walk(branch);
  return other || found.length === 0 ? null : found;
}

/** Where the check was: the condition as written, when it is short. */
function reason(name: string, fact: Fact): string {
  const written = fact.ifNode.childForFieldName('condition')?.text ?? '';
  const shown = written.length <= 40 && !written.includes('\n') ? written : `${name}.${fact.check}()`;
  return fact.where === 'then'
    ? `inside ${codeSpan(`if ${shown}`)}`
    : `in the \`else\` of ${codeSpan(`if ${shown}`)}`;
}

export const panickingUnwrap: Rule = {
  id: 'panicking-unwrap',
  lesson: 'panicking-unwrap',
  defaultSeverity: 'error',
  enabledByDefault: true,
  clippyAllows: ['panicking_unwrap'],
  clippyGroups: ['correctness'],
  docs: 'https://rust-lang.github.io/rust-clippy/master/index.html#panicking_unwrap',
  inspiredBy: null,
  summary: '`unwrap`/`expect` on `x` where a check just showed it is `None`/`Err`: it always panics.',
  settingDescription: '`.unwrap()` inside `if x.is_none()` (or the `else` of `is_some()`): it always panics.',
  readmeFinds:
    '`unwrap`/`expect` on `x` inside `if x.is_none()` / `if x.is_err()` (or `!x.is_some()`, or the `else` of `is_some`/`is_ok`), and `unwrap_err` inside `if x.is_ok()`',
  kinds: ['call_expression'],
  anchors: ['unwrap', 'expect', 'unwrap_err', 'expect_err'],
  needles: ['is_some', 'is_ok', 'is_none', 'is_err'],
  // The same place: "always panics" replaces "may panic" and the unwrap-used fix (`?`), which
  // would turn the bug into an unconditional error return.
  supersedes: ['unwrap-used', 'expect-used', 'unnecessary-unwrap'],
  macroNeedles: ['unwrap', 'expect'],
  check(node, ctx) {
    const u = matchUnwrapCall(node, ALL_METHODS);
    if (!u || u.form !== 'method') return undefined;
    const fact = factAt(u, ctx);
    // After an early return the check left only the other case: that unwrap cannot fail.
    if (!fact || fact.where === 'after' || !alwaysPanics(u.method, fact)) return undefined;
    const name = u.receiver.text;
    const variant = wantedVariant(u.method, fact);
    const fix = ifLetFix(u, fact, ctx);
    return {
      node,
      range: ctx.rangeBetween(ctx.start(u.nameNode), ctx.end(node)),
      message: `this call to \`${u.method}()\` will always panic`,
      advice: `${codeSpan(name)} is always \`${fact.variant}\` here (${reason(name, fact)}); ${codeSpan(`if let ${variant}(${name}) = ${name}`)} or a \`match\` runs code only for the case it can handle`,
      fixes: fix ? [fix] : [],
    };
  },
};
