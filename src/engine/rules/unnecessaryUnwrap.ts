import type { Node } from 'web-tree-sitter';
import type { Fix } from '../../shared/types';
import type { FileContext } from '../context';
import type { Rule } from '../rule';
import { EXPECT_METHODS, matchUnwrapCall, UNWRAP_METHODS, type UnwrapCall } from '../propagate/unwrapCall';

const ALL_METHODS = new Set([...UNWRAP_METHODS, ...EXPECT_METHODS].filter((m) => !m.endsWith('_err')));
const CHECK = /^(.+?)\s*\.\s*(is_some|is_ok|is_none|is_err)\s*\(\s*\)$/s;

interface Guard {
  ifNode: Node;
  condition: Node;
  /** The checked expression's text, e.g. `x` or `self.x`. */
  subject: string;
  check: string;
  /** Whether the whole condition is the check, so `if let` can replace it. */
  simple: boolean;
}

/** The checks a condition makes: `x.is_some()`, or each side of an `&&` chain. */
function checksIn(condition: Node): Array<{ subject: string; check: string; simple: boolean }> {
  if (condition.type === 'binary_expression' && condition.childForFieldName('operator')?.text === '&&') {
    return [condition.childForFieldName('left'), condition.childForFieldName('right')]
      .filter((n): n is Node => !!n)
      .flatMap((n) => checksIn(n).map((c) => ({ ...c, simple: false })));
  }
  const m = CHECK.exec(condition.text);
  return m && m[1] && m[2] ? [{ subject: m[1].replace(/\s+/g, ''), check: m[2], simple: true }] : [];
}

/** The `if` whose check makes this unwrap unable to fail: inside the `then` of is_some/is_ok, or the `else` of is_none/is_err. */
function guardOf(u: UnwrapCall, ctx: FileContext): Guard | null {
  const subject = u.receiver.text.replace(/\s+/g, '');
  let child: Node = u.call;
  for (const a of ctx.ancestors(u.call)) {
    if (a.type === 'function_item' || a.type === 'closure_expression') return null;
    if (a.type === 'if_expression') {
      const condition = a.childForFieldName('condition');
      const consequence = a.childForFieldName('consequence');
      const alternative = a.childForFieldName('alternative');
      const inThen = !!consequence && child.id === consequence.id;
      const inElse = !!alternative && child.id === alternative.id;
      for (const c of condition ? checksIn(condition) : []) {
        if (c.subject !== subject) continue;
        const positive = c.check === 'is_some' || c.check === 'is_ok';
        if ((positive && inThen) || (!positive && inElse && c.simple)) {
          return { ifNode: a, condition: condition as Node, subject, check: c.check, simple: c.simple };
        }
      }
    }
    child = a;
  }
  return null;
}

/**
 * In a macro's tokens, the spans of `name.unwrap()` / `name.expect(..)`; null when `name`
 * appears any other way, including `{name}` captured by a format string.
 */
function macroUnwraps(tokens: Node, name: string): Array<[Node, Node]> | null {
  const spans: Array<[Node, Node]> = [];
  const kids = tokens.children.filter((c): c is Node => c !== null);
  for (let i = 0; i < kids.length; i++) {
    const k = kids[i] as Node;
    if (k.type === 'string_literal' && new RegExp(`\\{${name}\\b`).test(k.text)) return null;
    if (k.type === 'token_tree') {
      const inner = macroUnwraps(k, name);
      if (!inner) return null;
      spans.push(...inner);
    }
    if (k.type !== 'identifier' || k.text !== name || kids[i - 1]?.text === '.') continue;
    const [dot, method, args] = [kids[i + 1], kids[i + 2], kids[i + 3]];
    const isCall = dot?.text === '.' && method && ALL_METHODS.has(method.text) && args?.type === 'token_tree';
    if (!isCall || !args) return null;
    spans.push([k, args]);
    i += 3;
  }
  return spans;
}

/** `if let Some(x) = x { … x … }`: offered when x is a plain variable used only through its unwraps. */
function ifLetFix(guard: Guard, ctx: FileContext): Fix | null {
  if (!guard.simple || !/^[a-z_][a-zA-Z0-9_]*$/.test(guard.subject)) return null;
  if (guard.check !== 'is_some' && guard.check !== 'is_ok') return null;
  const consequence = guard.ifNode.childForFieldName('consequence');
  if (!consequence) return null;
  const name = guard.subject;
  const edits = [];
  let uses = 0;
  const unwraps: UnwrapCall[] = [];
  const walk = (n: Node) => {
    if (n.type === 'identifier' && n.text === name) uses++;
    if (n.type === 'closure_expression' && n.text.includes(name)) uses = Infinity;
    if (n.type === 'token_tree') {
      const spans = macroUnwraps(n, name);
      if (!spans) uses = Infinity;
      else for (const [start, end] of spans) edits.push(ctx.edit(ctx.start(start), ctx.end(end), name));
      return;
    }
    const u = matchUnwrapCall(n, ALL_METHODS);
    if (u && u.receiver.type === 'identifier' && u.receiver.text === name) unwraps.push(u);
    for (const c of n.namedChildren) if (c) walk(c);
  };
  walk(consequence);
  if (unwraps.length + edits.length === 0 || uses !== unwraps.length) return null;
  const pattern = guard.check === 'is_some' ? 'Some' : 'Ok';
  edits.push(
    ctx.edit(ctx.start(guard.condition), ctx.end(guard.condition), `let ${pattern}(${name}) = ${name}`),
  );
  for (const u of unwraps) edits.push(ctx.edit(ctx.start(u.call), ctx.end(u.call), name));
  return { title: `Use \`if let ${pattern}(${name}) = ${name}\``, applicability: 'safe', edits };
}

export const unnecessaryUnwrap: Rule = {
  id: 'unnecessary-unwrap',
  lesson: 'unnecessary-unwrap',
  defaultSeverity: 'warning',
  enabledByDefault: true,
  clippyAllows: ['unnecessary_unwrap'],
  clippyGroups: ['complexity'],
  docs: 'https://rust-lang.github.io/rust-clippy/master/index.html#unnecessary_unwrap',
  inspiredBy: null,
  summary:
    '`unwrap`/`expect` on `x` right after checking `x.is_some()` / `x.is_ok()`: `if let` says it once.',
  settingDescription: '`.unwrap()` right after checking `is_some()`/`is_ok()`.',
  readmeFinds:
    '`unwrap`/`expect` on `x` inside `if x.is_some()` / `if x.is_ok()` (or the `else` of `is_none`/`is_err`)',
  kinds: ['call_expression'],
  anchors: ['unwrap', 'expect'],
  needles: ['is_some', 'is_ok', 'is_none', 'is_err'],
  supersedes: ['unwrap-used', 'expect-used'],
  macroNeedles: ['unwrap', 'expect'],
  check(node, ctx) {
    const u = matchUnwrapCall(node, ALL_METHODS);
    if (!u || u.form !== 'method') return undefined;
    const guard = guardOf(u, ctx);
    if (!guard) return undefined;
    const fix = ifLetFix(guard, ctx);
    return {
      node,
      range: ctx.rangeBetween(ctx.start(u.nameNode), ctx.end(node)),
      message: `\`${guard.subject}\` was just checked with \`${guard.check}()\`, so this \`${u.method}\` cannot fail; \`if let\` binds the value instead of checking twice.`,
      fixes: fix ? [fix] : [],
    };
  },
};
