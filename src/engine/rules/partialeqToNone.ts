import type { Rule } from '../rule';
import { needsParens } from '../propagate/questionMarkFix';

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
  readmeFinds: '`x == None` / `x != None`',
  kinds: ['binary_expression'],
  needles: ['None'],
  // Only a bare `None` operand counts, so it is a child of the comparison.
  anchors: ['None'],
  anchorDepth: 1,
  check(node, ctx) {
    const op = node.childForFieldName('operator')?.text;
    if (op !== '==' && op !== '!=') return undefined;
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (!left || !right) return undefined;
    const subject = right.text === 'None' ? left : left.text === 'None' ? right : null;
    if (!subject || subject.text === 'None') return undefined;
    const method = op === '==' ? 'is_none' : 'is_some';
    const receiver = needsParens(subject) ? `(${subject.text})` : subject.text;
    return {
      node,
      message: `Comparing with \`None\` needs \`PartialEq\`; \`${method}()\` asks the question directly.`,
      fixes: [
        {
          title: `Use \`${method}()\``,
          applicability: 'safe',
          edits: [ctx.edit(ctx.start(node), ctx.end(node), `${receiver}.${method}()`)],
        },
      ],
    };
  },
};
