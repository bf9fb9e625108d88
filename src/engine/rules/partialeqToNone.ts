import type { Node } from 'web-tree-sitter';
import type { Fix } from '../../shared/types';
import type { FileContext } from '../context';
import type { Rule } from '../rule';
import { needsParens } from '../propagate/questionMarkFix';
import { lastSegment, type RustType } from '../semantics/rustType';

/** `None`, `&None`, `&&None`: clippy looks through the references on the `None` side. */
function isNoneOperand(node: Node): boolean {
  let n: Node | null = node;
  while (n?.type === 'reference_expression') n = n.childForFieldName('value');
  return !!n && /^(?:(?:(?:std|core)::option::)?Option::)?None$/.test(n.text);
}

function peelRefs(t: RustType): RustType {
  return t.kind === 'ref' ? peelRefs(t.inner) : t;
}

/** A file that declares an enum with a `None` variant: a bare `None` there may be that variant. */
function declaresNoneVariant(ctx: FileContext): boolean {
  return ctx.memo('partialeq-to-none:none-variant', () =>
    /\benum\s+\w+[^{;]*\{[^}]*(^|[,{\s])None\s*[,}(=]/m.test(ctx.text),
  );
}

/**
 * The subject's type decides, as in clippy: an `Option` is reported, any other known type is not
 * (a user type with `PartialEq<Option<_>>`, or an enum of its own with a `None` variant). An unknown
 * type is reported unless the file declares such an enum, and its fix is only offered.
 */
function optionKnown(subject: Node, ctx: FileContext): boolean | undefined {
  // `Foobar == None` with `struct Foobar;`: a unit struct's value, whose type is the struct.
  const unit = subject.type === 'identifier' && /^[A-Z]/.test(subject.text) ? subject.text : null;
  const isStruct = (name: string) =>
    ctx.memo(`partialeq-to-none:struct:${name}`, () => new RegExp(`\\bstruct\\s+${name}\\b`).test(ctx.text));
  if (unit && isStruct(unit)) return false;
  const t = peelRefs(ctx.semantics.typeOf(subject));
  if (t.kind === 'path') return lastSegment(t.path) === 'Option';
  return t.kind === 'unknown' ? undefined : false;
}

/** The comments inside `node` but outside `keep`: the fix must not lose them. */
function droppedComments(node: Node, keep: Node): Node[] {
  return node
    .descendantsOfType(['line_comment', 'block_comment'])
    .filter((c): c is Node => !!c && (c.startIndex < keep.startIndex || c.endIndex > keep.endIndex));
}

function fixFor(node: Node, subject: Node, method: string, known: boolean, ctx: FileContext): Fix[] {
  const comments = droppedComments(node, subject);
  // A line comment would swallow the rest of the line: rather no fix than a lost or misplaced one.
  if (comments.some((c) => c.type === 'line_comment' || c.text.startsWith('//'))) return [];
  const receiver = needsParens(subject) ? `(${subject.text})` : subject.text;
  const kept = comments.map((c) => ` ${c.text}`).join('');
  return [
    {
      title: `Use \`${method}()\``,
      applicability: known ? 'safe' : 'suggestion',
      edits: [ctx.edit(ctx.start(node), ctx.end(node), `${receiver}${kept}.${method}()`)],
    },
  ];
}

export const partialeqToNone: Rule = {
  id: 'partialeq-to-none',
  lesson: 'partialeq-to-none',
  defaultSeverity: 'information',
  enabledByDefault: true,
  clippyAllows: ['partialeq_to_none'],
  clippyGroups: ['style'],
  docs: 'https://rust-lang.github.io/rust-clippy/master/index.html#partialeq_to_none',
  inspiredBy: null,
  summary: '`x == None` / `x != None`: `is_none()` and `is_some()` say it without needing `PartialEq`.',
  settingDescription: 'Comparing with `== None` instead of `.is_none()`.',
  readmeFinds: '`x == None` / `x != None` (also through `&None`) on an `Option`',
  kinds: ['binary_expression'],
  needles: ['None'],
  // `None` is an operand of the comparison, possibly under `&`/`&&`.
  anchors: ['None'],
  anchorDepth: 4,
  check(node, ctx) {
    const op = node.childForFieldName('operator')?.text;
    if (op !== '==' && op !== '!=') return undefined;
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (!left || !right) return undefined;
    const subject = isNoneOperand(right) ? left : isNoneOperand(left) ? right : null;
    if (!subject || isNoneOperand(subject)) return undefined;
    const known = optionKnown(subject, ctx);
    if (known === false || (known === undefined && declaresNoneVariant(ctx))) return undefined;
    const method = op === '==' ? 'is_none' : 'is_some';
    return {
      node,
      message: `comparison with \`None\` using \`${op}\``,
      advice: `\`${method}()\` asks the question directly and, unlike \`${op}\`, does not need \`T: PartialEq\``,
      fixes: fixFor(node, subject, method, known === true, ctx),
    };
  },
};
