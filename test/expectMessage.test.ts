// The criterion that splits expect-used (placeholders) from idiomatic-unwrap (stated invariants).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { literalStatesInvariant } from '../src/engine/rules/expectMessage';
import { EXPECT_PLACEHOLDER, OK_OR_PLACEHOLDER } from '../src/engine/placeholderTexts';
import { findingsIn } from './support/engine';

describe('an expect message states an invariant', () => {
  const stated = [
    'id 1 is inserted in new()',
    'the regex literal is valid',
    'no thread panics while holding the lock',
    'stdin is readable',
    'key is present',
    'Fatal internal error. Please consider filing a bug report',
    'env variable `IMPORTANT_PATH` should be set by `wrapper_script.sh`',
    'there should be an error',
    'is present',
    'required',
    'validated',
    'infallible',
  ];
  const placeholders = [
    '',
    '   ',
    'failed',
    'error',
    'TODO',
    'todo: say why',
    'FIXME the port is set',
    'should not happen',
    'unwrap failed',
    'something went wrong',
    'it should never fail',
    '…',
    'the value is ...',
    '<why>',
    EXPECT_PLACEHOLDER,
    OK_OR_PLACEHOLDER,
    'Value was missing',
    'failed to parse the port',
    'Unable to read config',
    "couldn't open the log file",
    'could not connect',
    'error reading stdin',
    'not present',
    'must not fail',
    "shouldn't fail",
    'present',
    'ok',
    'expected',
    'unwrapped',
    'foo',
    'allowed',
    'used',
  ];
  for (const text of stated)
    it(`"${text}" states one`, () => assert.equal(literalStatesInvariant(text), true));
  for (const text of placeholders)
    it(`"${text}" is a placeholder`, () => assert.equal(literalStatesInvariant(text), false));
});

describe('following the coach leaves no expect-used warning', () => {
  it('the unwrap fix writes a placeholder that is reported until the reason is typed over it', async () => {
    const source = `pub fn first(v: &[u32]) -> u32 {\n    *v.first().unwrap()\n}\n`;
    const [unwrap] = await findingsIn(source, { only: ['unwrap-used'] });
    const fix = unwrap?.fixes.find((f) => f.title.includes('expect'));
    assert.ok(fix, 'the unwrap offers expect(..)');
    const edit = fix.edits[0];
    assert.ok(edit);
    const lines = source.split('\n');
    const line = lines[edit.range.start.line] ?? '';
    const applied = (text: string) => {
      const newLine = line.slice(0, edit.range.start.character) + text + line.slice(edit.range.end.character);
      return [
        ...lines.slice(0, edit.range.start.line),
        newLine,
        ...lines.slice(edit.range.start.line + 1),
      ].join('\n');
    };
    const [placeholder] = fix.placeholders ?? [];
    assert.ok(placeholder, 'the fix marks its placeholder');
    assert.equal(
      edit.newText.slice(placeholder.start, placeholder.start + placeholder.length),
      EXPECT_PLACEHOLDER,
    );
    const left = await findingsIn(applied(edit.newText), { only: ['expect-used'] });
    assert.deepEqual(
      left.map((f) => f.rule),
      ['expect-used'],
      'a placeholder left as is is still reported',
    );
    const typed =
      edit.newText.slice(0, placeholder.start) +
      'callers pass a non-empty slice' +
      edit.newText.slice(placeholder.start + placeholder.length);
    assert.deepEqual(await findingsIn(applied(typed), { only: ['expect-used', 'unwrap-used'] }), []);
  });

  it('a placeholder expect offers to write the reason, selecting it', async () => {
    const source = `pub fn first(v: &[u32]) -> u32 {\n    *v.first().expect("failed")\n}\n`;
    const [finding] = await findingsIn(source, { only: ['expect-used'] });
    const fix = finding?.fixes.find((f) => f.title === 'Write in the message why it cannot fail');
    assert.ok(fix);
    assert.equal(fix.applicability, 'suggestion');
    assert.deepEqual(fix.edits[0]?.range, {
      start: { line: 1, character: 22 },
      end: { line: 1, character: 30 },
    });
    assert.deepEqual(fix.placeholders, [{ edit: 0, start: 1, length: EXPECT_PLACEHOLDER.length }]);
  });

  it('data that plainly can fail gets no such fix', async () => {
    const source = `pub fn port(s: &str) -> u16 {\n    s.parse().expect("failed")\n}\n`;
    const [finding] = await findingsIn(source, { only: ['expect-used'] });
    assert.ok(finding);
    assert.equal(
      finding.fixes.some((f) => f.title === 'Write in the message why it cannot fail'),
      false,
    );
  });
});
