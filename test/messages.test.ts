import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { RULES } from '../src/engine';
import type { Finding } from '../src/shared/types';
import { findingsIn } from './support/engine';
import { FIXTURES, rustFiles } from './support/fixtures';

// Diagnostic messages in rustc's and clippy's voice: one short main line saying what is wrong,
// the advice on a line of its own; whether a fix exists is the lightbulb's to say.
const MAX_MAIN_LINE = 80;
const ALL_RULES = RULES.map((r) => r.id);

/** Every finding of every rule in the fixtures that hold findings: rules, fixes and the learner crate. */
async function allFindings(): Promise<Array<{ where: string; finding: Finding }>> {
  const sources = [
    ...RULES.map((r) => path.join(FIXTURES, 'rules', r.id, 'positive.rs')),
    ...rustFiles(path.join(FIXTURES, 'fixes')).map((f) => f.file),
    ...rustFiles(path.join(FIXTURES, 'learner-crate', 'src')).map((f) => f.file),
  ];
  const out: Array<{ where: string; finding: Finding }> = [];
  for (const file of sources) {
    const findings = await findingsIn(readFileSync(file, 'utf8'), { only: ALL_RULES });
    for (const finding of findings) {
      out.push({ where: `${path.relative(FIXTURES, file)}:${finding.range.start.line + 1}`, finding });
    }
  }
  return out;
}

describe('diagnostic messages', () => {
  const found = allFindings();

  it('every rule reports in the fixtures read here', async () => {
    const rules = new Set((await found).map((f) => f.finding.rule));
    assert.deepEqual(
      ALL_RULES.filter((id) => !rules.has(id)),
      [],
    );
  });

  it(`have a main line of at most ${MAX_MAIN_LINE} characters, one line, no final period`, async () => {
    const bad = (await found)
      .map(({ where, finding: f }) => ({ where, message: f.message }))
      .filter(({ message }) => message.length > MAX_MAIN_LINE || /\n/.test(message) || /\.$/.test(message));
    assert.deepEqual(bad, []);
  });

  it('have advice on its own line, and neither line talks about fixes', async () => {
    for (const { where, finding: f } of await found) {
      assert.ok(f.advice.length > 0, `${where}: no advice`);
      assert.doesNotMatch(f.advice, /\n/, where);
      for (const text of [f.message, f.advice]) {
        assert.doesNotMatch(text, /\bfix(es|ed)?\b|quick ?fix|automatic/i, `${where}: ${text}`);
      }
    }
  });

  it('spell behavior the American way', async () => {
    for (const { where, finding: f } of await found) {
      assert.doesNotMatch(`${f.message}\n${f.advice}`, /behaviour/i, where);
    }
  });

  it('an Option finding speaks of `None`, never of an error', async () => {
    const options = (await found).filter(({ finding: f }) => f.message.includes('an `Option` value'));
    assert.ok(options.length > 0, 'some finding is on an Option');
    for (const { where, finding: f } of options) {
      assert.doesNotMatch(`${f.message}\n${f.advice}`, /\berrors?\b/i, where);
      assert.match(f.advice, /`None`/, where);
    }
  });

  it('name long code in the advice only: the main line keeps its limit', async () => {
    const long = 'a_name_long_enough_to_push_the_main_line_past_its_limit_'.repeat(2);
    const source = `static mut ${long.toUpperCase()}: u8 = 0;
pub unsafe fn ${long}() {}
`;
    const findings = await findingsIn(source, { only: ALL_RULES });
    assert.deepEqual([...new Set(findings.map((f) => f.rule))].sort(), ['missing-safety-doc', 'static-mut']);
    for (const f of findings) assert.ok(f.message.length <= MAX_MAIN_LINE, f.message);
  });
});
