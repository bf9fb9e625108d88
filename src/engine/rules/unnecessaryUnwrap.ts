import type { Node } from 'web-tree-sitter';
import type { Fix } from '../../shared/types';
import type { FileContext } from '../context';
import { bindingOf } from '../semantics/bindings';
import { isOwnedOptionOrResult } from '../semantics/rustType';
import type { Rule } from '../rule';
import { EXPECT_METHODS, matchUnwrapCall, UNWRAP_METHODS, type UnwrapCall } from '../propagate/unwrapCall';
import { codeSpan, shortCodeSpan } from '../../shared/markdownCode';

/** The methods clippy's unnecessary_unwrap looks at: `expect_err` is not one of them. */
const CHECKED_METHODS = new Set(['unwrap', 'expect', 'unwrap_err']);
/** The methods that yield the success value, which `if let Some(x)` / `Ok(x)` binds instead. */
const ALL_METHODS = new Set([...UNWRAP_METHODS, ...EXPECT_METHODS].filter((m) => !m.endsWith('_err')));
const CHECKS: Record<string, boolean> = { is_some: true, is_ok: true, is_none: false, is_err: false };

interface Guard {
  ifNode: Node;
  condition: Node;
  /** The checked expression's text, e.g. `x` or `self.x`. */
  subject: string;
  check: string;
  /** Whether the whole condition is the check, so `if let` can replace it. */
  simple: boolean;
}

interface Check {
  subject: string;
  /** The checked expression. */
  node: Node;
  check: string;
  simple: boolean;
  /** Whether the branch can only be reached when `unwrap` (not `unwrap_err`) succeeds. */
  success: boolean;
}

/** A local or a field path on one (`x`, `self.a.b`): what clippy tracks; statics and calls are not. */
function localPath(node: Node | null): string | null {
  if (!node) return null;
  const text = node.text.replace(/\s+/g, '');
  return /^(self|[a-z_$][\w$]*)(\.\w+)*$/.test(text) ? text : null;
}

/**
 * The checks a condition makes for one branch, as clippy's `collect_unwrap_info`: `&&` (or `||` for
 * the else branch) combines them, `!` inverts; any other operator leaves nothing known.
 */
function checksIn(condition: Node, invert: boolean, entire = true): Check[] {
  if (condition.type === 'parenthesized_expression') {
    const inner = condition.namedChildren.find((c) => c && !c.type.endsWith('comment'));
    return inner ? checksIn(inner, invert, entire) : [];
  }
  if (condition.type === 'unary_expression' && condition.text.trimStart().startsWith('!')) {
    const inner = condition.namedChildren.find((c) => c && !c.type.endsWith('comment'));
    return inner ? checksIn(inner, !invert, false) : [];
  }
  if (condition.type === 'binary_expression') {
    const op = condition.childForFieldName('operator')?.text;
    const joins = invert ? op === '||' || op === '|' : op === '&&' || op === '&';
    if (!joins) return [];
    return [condition.childForFieldName('left'), condition.childForFieldName('right')]
      .filter((n): n is Node => !!n)
      .flatMap((n) => checksIn(n, invert, false));
  }
  if (condition.type !== 'call_expression') return [];
  const fn = condition.childForFieldName('function');
  const args = condition.childForFieldName('arguments');
  const method = fn?.type === 'field_expression' ? fn.childForFieldName('field')?.text : undefined;
  const subject = fn?.type === 'field_expression' ? localPath(fn.childForFieldName('value')) : null;
  if (!method || !(method in CHECKS) || !subject || (args && args.namedChildren.length > 0)) return [];
  const value = fn?.childForFieldName('value');
  if (!value) return [];
  return [{ subject, node: value, check: method, simple: entire, success: CHECKS[method] !== invert }];
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Whether the condition or the branch may change `subject`: an assignment to it or to a place it
 * is part of (`s = ..`, `s.a = ..` for `s.a.b`), `&mut` of one, a method call on or a use of a
 * place that holds it (`self.clear()` may take `&mut self`), or a method that replaces an
 * `Option`'s value. `as_mut()` cannot change the variant, as clippy's mutation check allows.
 */
function mayMutate(subject: string, texts: string[]): boolean {
  const parts = subject.split('.');
  const places = parts.map((_, i) => parts.slice(0, i + 1).join('.'));
  const text = texts.join('\n');
  for (const place of places) {
    const p = `(?<![\\w.$])${escape(place).replace(/\\\./g, '\\s*\\.\\s*')}`;
    const exact = place === subject;
    // An assignment to a place that holds the subject, or to the subject's own parts.
    if (new RegExp(`${p}${exact ? '(\\s*\\.\\s*\\w+)*' : ''}\\s*(?:[-+*/%&|^]|<<|>>)?=(?![=>])`).test(text))
      return true;
    if (new RegExp(`&\\s*mut\\s+${p}(?!\\s*\\.)`).test(text)) return true;
    // A place that holds the subject, handed on whole or given a method call (`self.clear()`,
    // `reset(self)`): without types, it may take `&mut self` and change the subject.
    const methodCall = `${p}\\s*\\.\\s*\\w+\\s*(?:::\\s*<[^>]*>\\s*)?\\(`;
    const wholeUse = `${p}(?!\\s*[\\w.[])`;
    if (!exact && new RegExp(`${methodCall}|${wholeUse}`).test(text)) return true;
  }
  const p = `(?<![\\w.$])${escape(subject).replace(/\\\./g, '\\s*\\.\\s*')}`;
  if (new RegExp(`&\\s*mut\\s+${p}`).test(text)) return true;
  return new RegExp(
    `${p}\\s*\\.\\s*(take|replace|insert|get_or_insert(_with|_default)?|take_if)\\s*\\(`,
  ).test(text);
}

/** `x` of `x`, `x.a.b`: the local a place starts from. */
function rootOf(node: Node): Node {
  let n = node;
  while (n.type === 'field_expression' || n.type === 'parenthesized_expression') {
    const inner = n.type === 'field_expression' ? n.childForFieldName('value') : n.namedChildren[0];
    if (!inner) break;
    n = inner;
  }
  return n;
}

/**
 * Whether the checked place and the unwrapped one start from the same variable, not one that
 * shadows it in between (`for x in ys`, a match arm's `x`, `if let x @ ..`).
 */
function sameRoot(checked: Node, unwrapped: Node, ctx: FileContext): boolean {
  const [a, b] = [rootOf(checked), rootOf(unwrapped)];
  if (a.type !== 'identifier' || b.type !== 'identifier') return true;
  const key = (ident: Node) => {
    const found = bindingOf(ident, ctx);
    return found ? `${ctx.start(found.pattern)}:${ctx.end(found.pattern)}` : null;
  };
  return key(a) === key(b);
}

/**
 * The `if` whose check makes this unwrap unable to fail, as clippy's unnecessary_unwrap: the
 * outermost enclosing `if` (within the fn or closure) whose condition proves the variant for the
 * branch the unwrap is in, and which does not change the value in that condition or branch.
 */
function guardOf(u: UnwrapCall, receiver: Node, ctx: FileContext): Guard | null {
  const subject = localPath(receiver);
  if (!subject) return null;
  const wantSuccess = u.method !== 'unwrap_err';
  let child: Node = u.call;
  let found: Guard | null = null;
  for (const a of ctx.ancestors(u.call)) {
    if (a.type === 'function_item' || a.type === 'closure_expression') break;
    if (a.type === 'if_expression') {
      const condition = a.childForFieldName('condition');
      const consequence = a.childForFieldName('consequence');
      const alternative = a.childForFieldName('alternative');
      const inElse = !!alternative && child.id === alternative.id;
      const branch = inElse ? alternative : consequence && child.id === consequence.id ? consequence : null;
      const checks = condition && branch ? checksIn(condition, inElse) : [];
      const c = checks.find((x) => x.subject === subject && sameRoot(x.node, receiver, ctx));
      // clippy keeps the outermost check of the subject; a mutated one is not kept at all.
      const mutated = () =>
        ctx.memo(`unnecessary-unwrap:mutates:${branch?.id}:${branch?.startIndex}:${subject}`, () =>
          mayMutate(subject, [condition?.text ?? '', branch?.text ?? '']),
        );
      if (c && branch && condition && !mutated()) {
        found =
          c.success === wantSuccess
            ? { ifNode: a, condition, subject, check: c.check, simple: c.simple }
            : null;
      }
    }
    child = a;
  }
  return found;
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

/** `x` of `x.as_ref()` / `x.as_mut()`. */
function asRefReceiver(receiver: Node): Node | null {
  const fn = receiver.type === 'call_expression' ? receiver.childForFieldName('function') : null;
  const args = receiver.childForFieldName('arguments');
  const method = fn?.type === 'field_expression' ? fn.childForFieldName('field')?.text : undefined;
  if ((method !== 'as_ref' && method !== 'as_mut') || (args && args.namedChildren.length > 0)) return null;
  return fn?.childForFieldName('value') ?? null;
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
  // `if let Some(x) = x` binds by reference when `x` is a `&Option`, and the uses then have another
  // type: safe on an owned value, a suggestion when the type is unknown, none on a reference.
  const checked = guard.condition.childForFieldName('function')?.childForFieldName('value');
  const type = checked ? ctx.semantics.typeOf(checked) : { kind: 'unknown' as const };
  if (type.kind === 'ref') return null;
  return {
    title: `Use \`if let ${pattern}(${name}) = ${name}\``,
    applicability: isOwnedOptionOrResult(type) ? 'safe' : 'suggestion',
    edits,
  };
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
    '`unwrap`/`expect` (`unwrap_err`) on `x` or `x.as_ref()` where an `if` on `x.is_some()` / `x.is_ok()` (`is_err()`), alone or in `&&`/`||`, proved the variant',
  kinds: ['call_expression'],
  anchors: ['unwrap', 'expect', 'unwrap_err'],
  needles: ['is_some', 'is_ok', 'is_none', 'is_err'],
  supersedes: ['unwrap-used', 'expect-used'],
  macroNeedles: ['unwrap', 'expect'],
  check(node, ctx) {
    const u = matchUnwrapCall(node, CHECKED_METHODS);
    if (!u || u.form !== 'method') return undefined;
    // `x.as_ref().unwrap()` / `x.as_mut().unwrap()` unwrap `x`'s variant too.
    const peeled = asRefReceiver(u.receiver);
    const guard = guardOf(u, peeled ?? u.receiver, ctx);
    if (!guard) return undefined;
    const fix = peeled || u.method === 'unwrap_err' ? null : ifLetFix(guard, ctx);
    return {
      node,
      range: ctx.rangeBetween(ctx.start(u.nameNode), ctx.end(node)),
      message: `called \`${u.method}()\` on ${shortCodeSpan(guard.subject, 'a value', 24)} after checking it with \`${guard.check}()\``,
      advice: `the \`${guard.check}()\` check on ${codeSpan(guard.subject)} means this \`${u.method}()\` cannot panic; \`if let\` binds the value instead of checking twice`,
      fixes: fix ? [fix] : [],
    };
  },
};
