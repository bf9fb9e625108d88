import type { Node } from 'web-tree-sitter';
import type { FileContext } from '../context';
import type { Report, Rule } from '../rule';
import { needsParens } from '../propagate/questionMarkFix';

const named = (n: Node | null): Node[] =>
  n ? n.namedChildren.filter((c): c is Node => c !== null && !c.type.endsWith('comment')) : [];

/** `return X` or `{ return X; }`, giving X's text. */
function returnedText(value: Node | null): string | null {
  if (!value) return null;
  if (value.type === 'return_expression') return named(value)[0]?.text.replace(/\s+/g, '') ?? null;
  if (value.type === 'block') {
    const inner = named(value);
    if (inner.length !== 1 || !inner[0]) return null;
    const only = inner[0].type === 'expression_statement' ? named(inner[0])[0] : inner[0];
    return only ? returnedText(only) : null;
  }
  return null;
}

/** `Some(v)` / `Ok(v)` / `Err(e)` / `None`: the constructor and the bound name. */
function patternParts(arm: Node): { ctor: string; binding: string | null } | null {
  const pattern = named(arm.childForFieldName('pattern'))[0];
  if (!pattern) return null;
  if (pattern.type === 'identifier') return { ctor: pattern.text, binding: null };
  if (pattern.type !== 'tuple_struct_pattern') return null;
  const parts = named(pattern);
  const ctor = parts[0]?.text ?? '';
  const binding = parts.length === 2 && parts[1]?.type === 'identifier' ? parts[1].text : null;
  return { ctor: ctor.replace(/^.*::/, ''), binding };
}

function replacement(subject: Node, suffix: string): string {
  return (needsParens(subject) ? `(${subject.text})` : subject.text) + suffix;
}

function checkMatch(node: Node, ctx: FileContext): Report | undefined {
  const subject = node.childForFieldName('value');
  const arms = named(node.childForFieldName('body')).filter((n) => n.type === 'match_arm');
  if (!subject || arms.length !== 2) return undefined;
  const parts = arms.map((a) => ({ arm: a, p: patternParts(a), value: a.childForFieldName('value') }));
  const find = (ctor: string) => parts.find((x) => x.p?.ctor === ctor);
  const some = find('Some');
  const none = find('None');
  const ok = find('Ok');
  const err = find('Err');
  let matched = false;
  if (some && none && some.p?.binding && some.value?.text === some.p.binding) {
    matched = returnedText(none.value) === 'None';
  } else if (ok && err && ok.p?.binding && ok.value?.text === ok.p.binding && err.p?.binding) {
    matched = returnedText(err.value) === `Err(${err.p.binding})`;
  }
  if (!matched || parts.some((x) => x.arm.childForFieldName('condition'))) return undefined;
  return {
    node,
    message: 'This `match` only passes the value through or returns the `None`/`Err`: that is what `?` does.',
    fixes: [
      {
        title: 'Replace the `match` with `?`',
        applicability: 'safe',
        edits: [ctx.edit(ctx.start(node), ctx.end(node), replacement(subject, '?'))],
      },
    ],
  };
}

function checkIf(node: Node, ctx: FileContext): Report | undefined {
  if (node.childForFieldName('alternative')) return undefined;
  const condition = node.childForFieldName('condition');
  const m = condition && /^(.+?)\s*\.\s*is_none\s*\(\s*\)$/s.exec(condition.text);
  if (!condition || !m || returnedText(node.childForFieldName('consequence')) !== 'None') return undefined;
  const call = condition.childForFieldName('function');
  const subject = call?.childForFieldName('value');
  if (!subject) return undefined;
  // `as_ref()` keeps a non-Copy Option usable after the check, as the original code did.
  let end = ctx.end(node);
  if (ctx.text[end] === ';') end++;
  return {
    node,
    message: '`if x.is_none() { return None; }` is what `?` does in one character.',
    fixes: [
      {
        title: 'Replace the `if` with `?`',
        applicability: 'safe',
        edits: [ctx.edit(ctx.start(node), end, `${replacement(subject, '.as_ref()?')};`)],
      },
    ],
  };
}

export const questionMark: Rule = {
  id: 'question-mark',
  lesson: 'question-mark',
  defaultSeverity: 'information',
  enabledByDefault: true,
  clippyAllows: ['question_mark'],
  clippyGroups: ['style'],
  docs: 'https://rust-lang.github.io/rust-clippy/master/index.html#question_mark',
  inspiredBy: null,
  summary:
    '`match e { Some(v) => v, None => return None }`, its `Ok`/`Err` twin, and `if x.is_none() { return None; }`.',
  settingDescription: 'Early returns of `None`/`Err` that `?` can express.',
  readmeFinds:
    '`match e { Some(v) => v, None => return None }`, its `Ok`/`Err` twin, `if x.is_none() { return None; }`',
  kinds: ['match_expression', 'if_expression'],
  needles: ['return'],
  // The `return` keyword → its expression → (statement →) block → arm → arms → `match`; an `if` is nearer.
  anchors: ['return'],
  anchorDepth: 6,
  check(node, ctx) {
    return node.type === 'match_expression' ? checkMatch(node, ctx) : checkIf(node, ctx);
  },
};
