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
