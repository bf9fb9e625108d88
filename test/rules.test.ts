import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { RULES } from '../src/engine';
import { findingsIn } from './support/engine';
import { FIXTURES } from './support/fixtures';

/** `//~ a b` at a line's end: the rule findings expected to start on that line. */
function expectedMarks(text: string): string[] {
  const marks: string[] = [];
  text.split('\n').forEach((line, i) => {
    const m = /\/\/~\s*(.+)$/.exec(line);
    for (const rule of m?.[1]?.trim().split(/\s+/) ?? []) marks.push(`${i + 1}:${rule}`);
  });
  return marks.sort();
}

describe('every rule has positive and negative fixtures', () => {
  for (const rule of RULES) {
    const dir = path.join(FIXTURES, 'rules', rule.id);
    it(`${rule.id}: positive fixture findings match the //~ marks`, async () => {
      const file = path.join(dir, 'positive.rs');
      assert.ok(existsSync(file), `missing ${file}`);
      const text = readFileSync(file, 'utf8');
      const marks = expectedMarks(text);
      assert.ok(
        marks.some((m) => m.endsWith(`:${rule.id}`)),
        'the positive fixture marks this rule',
      );
      const found = (await findingsIn(text, { only: [...new Set(marks.map((m) => m.split(':')[1] ?? ''))] }))
        .map((f) => `${f.range.start.line + 1}:${f.rule}`)
        .sort();
      assert.deepEqual(found, marks);
    });
    it(`${rule.id}: negative fixture has no finding`, async () => {
      const file = path.join(dir, 'negative.rs');
      assert.ok(existsSync(file), `missing ${file}`);
      const found = await findingsIn(readFileSync(file, 'utf8'), { only: [rule.id] });
      assert.deepEqual(
        found.map((f) => `${f.range.start.line + 1}: ${f.message}`),
        [],
      );
    });
  }
});

describe("clippy's switches", () => {
  const TRANSMUTE = `pub fn bits(x: u32) -> f32 {
    // SAFETY: every u32 is a valid f32 bit pattern.
    unsafe { std::mem::transmute::<u32, f32>(x) }
}
`;
  const UNWRAP = `pub fn first(v: &[u32]) -> u32 {
    *v.first().unwrap()
}
`;

  it('#[allow(clippy::transmute_ptr_to_ref)] leaves transmute on: the lint only resembles the rule', async () => {
    const allowed = `#[allow(clippy::transmute_ptr_to_ref)]\n${TRANSMUTE}`;
    assert.deepEqual(
      (await findingsIn(allowed, { only: ['transmute'] })).map((f) => f.rule),
      ['transmute'],
    );
  });

  it('#[allow(clippy::unwrap_used)] switches unwrap-used off: the same lint', async () => {
    assert.equal((await findingsIn(UNWRAP, { only: ['unwrap-used'] })).length, 1);
    assert.deepEqual(
      await findingsIn(`#[allow(clippy::unwrap_used)]\n${UNWRAP}`, { only: ['unwrap-used'] }),
      [],
    );
  });

  for (const rule of RULES) {
    const file = path.join(FIXTURES, 'rules', rule.id, 'positive.rs');
    const switches = [...rule.clippyAllows, ...rule.clippyGroups];
    if (switches.length > 0) {
      it(`${rule.id}: #![allow(clippy::…)] of ${switches.join(', ')} switches it off`, async () => {
        const text = readFileSync(file, 'utf8');
        for (const lint of switches) {
          const found = await findingsIn(`#![allow(clippy::${lint})]\n${text}`, { only: [rule.id] });
          assert.deepEqual(
            found.map((f) => f.range.start.line),
            [],
            lint,
          );
        }
      });
    }
    if (rule.inspiredBy) {
      it(`${rule.id}: #![allow(clippy::${rule.inspiredBy})] leaves it on`, async () => {
        const text = readFileSync(file, 'utf8');
        const plain = await findingsIn(text, { only: [rule.id] });
        const allowed = await findingsIn(`#![allow(clippy::${rule.inspiredBy})]\n${text}`, {
          only: [rule.id],
        });
        assert.ok(plain.length > 0);
        assert.equal(allowed.length, plain.length);
      });
    }
  }
});
