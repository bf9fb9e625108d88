// Issue 7.4, engine side: hostile shapes that used to stall analysis (quadratic time).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyze, ParsedFile } from '../../src/engine';
import { testParser } from '../support/engine';

async function timed(text: string): Promise<{ findings: number; ms: number }> {
  const file = new ParsedFile(await testParser(), text, 'src/lib.rs');
  try {
    const started = Date.now();
    const findings = analyze(file).length;
    return { findings, ms: Date.now() - started };
  } finally {
    file.dispose();
  }
}

describe('analysis stays fast on hostile shapes', () => {
  test('8,000 top-level fns with a finding each: linear, not quadratic (was > 60 s)', async () => {
    const { findings, ms } = await timed('fn f(v: Option<i32>) -> i32 { v.unwrap() }\n'.repeat(8_000));
    assert.equal(findings, 8_000);
    assert.ok(ms < 8_000, `${ms} ms`);
  });

  test('100,000 nested parentheses: bounded time (was hours), no findings reported', async () => {
    const n = 100_000;
    const { findings, ms } = await timed(
      `fn f(v: Option<i32>) -> i32 { ${'('.repeat(n)}v.unwrap()${')'.repeat(n)} }\n`,
    );
    assert.equal(findings, 0);
    assert.ok(ms < 2_000, `${ms} ms`);
  });

  test('ordinary nesting is still analysed', async () => {
    const { findings } = await timed(
      `fn f(v: Option<i32>) -> i32 { ${'('.repeat(200)}v.unwrap()${')'.repeat(200)} }\n`,
    );
    assert.equal(findings, 1);
  });
});
