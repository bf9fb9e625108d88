import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseLesson } from '../src/shared/lessons/catalog';

const FRONT = `---
id: demo
title: Demo
rules: []
table: failure-modes
row: unwrap-none-err
level: beginner
order: 2
---
`;

test('a self-check section becomes a question with one right choice, out of the body', () => {
  const lesson = parseLesson(
    'demo',
    `${FRONT}Intro.

## Self-check

Which never panics?

- [ ] \`v[3]\` — Index 3 is past the end of three items.
- [x] \`v.get(3)\` — Right: it returns \`None\`.

## Try it

Do it.

### Answer

Done.
`,
  );
  assert.equal(lesson.level, 'beginner');
  assert.equal(lesson.order, 2);
  assert.equal(lesson.selfCheck?.question, 'Which never panics?');
  assert.deepEqual(
    lesson.selfCheck?.choices.map((c) => [c.text, c.correct, c.feedback]),
    [
      ['`v[3]`', false, 'Index 3 is past the end of three items.'],
      ['`v.get(3)`', true, 'Right: it returns `None`.'],
    ],
  );
  assert.doesNotMatch(lesson.body, /Self-check|Which never panics/);
  assert.match(lesson.body, /## Try it\n\nDo it\.\n\n### Answer\n\nDone\./);
});

test('a malformed self-check or level is an error naming the file', () => {
  const bad =
    (body: string, front = FRONT) =>
    () =>
      parseLesson('demo', `${front}${body}`);
  assert.throws(bad('## Self-check\n\nQ?\n\n- [x] a — b\n- [x] c — d\n'), /demo\.md: .*exactly one/);
  assert.throws(bad('## Self-check\n\nQ?\n\n- [x] a — b\n'), /at least two choices/);
  assert.throws(bad('## Self-check\n\nQ?\n\n- [x] a - b\n- [ ] c — d\n'), /not "- \[ \] text — feedback"/);
  assert.throws(bad('', FRONT.replace('level: beginner', 'level: expert')), /"level" is "expert"/);
  assert.throws(bad('', FRONT.replace('order: 2', 'order: 0')), /"order" must be a whole number/);
});
