// Issue 22: the unwrap rules agree with the lessons. The idioms of the unwrap lesson give no
// warning by default and every unwrap once `idiomatic-unwrap` is on (clippy's strictness); an
// unwrap that always panics is panicking-unwrap's error; messages offer only what is possible.
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { applyEdits } from '../src/engine';
import type { Finding } from '../src/shared/types';
import { findingsIn } from './support/engine';
import { FIXTURES, rustFiles } from './support/fixtures';
import { compileRust } from './support/rustc';

const RULES_DIR = path.join(FIXTURES, 'rules');
const IDIOMS = readFileSync(path.join(RULES_DIR, 'idiomatic-unwrap', 'positive.rs'), 'utf8');
const NEAR_MISSES = readFileSync(path.join(RULES_DIR, 'idiomatic-unwrap', 'negative.rs'), 'utf8');
const STRICT = { settings: { rules: { 'idiomatic-unwrap': 'warning' as const }, includeTests: false } };
const UNWRAP_RULES = new Set(['unwrap-used', 'expect-used', 'idiomatic-unwrap']);
const HAS_CLIPPY = spawnSync('clippy-driver', ['--version']).status === 0;

const lines = (findings: Finding[], rules: ReadonlySet<string>) =>
  [...new Set(findings.filter((f) => rules.has(f.rule)).map((f) => f.range.start.line + 1))].sort(
    (a, b) => a - b,
  );

/** The lines clippy's unwrap_used / expect_used report in a lib crate. */
function clippyLines(source: string): Promise<number[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rsc-clippy-'));
  const file = path.join(dir, 'lib.rs');
  writeFileSync(file, source);
  const args = ['--edition', '2021', '--crate-type', 'lib', '--emit=metadata', '-o', path.join(dir, 'out')];
  // `-A warnings` silences every warning, so the two lints are errors here.
  args.push('-A', 'warnings', '-D', 'clippy::unwrap_used', '-D', 'clippy::expect_used', file);
  return new Promise((resolve) => {
    execFile('clippy-driver', args, { timeout: 120_000 }, (_error, _stdout, stderr) => {
      rmSync(dir, { recursive: true, force: true });
      const found = [...stderr.matchAll(/--> .*lib\.rs:(\d+):\d+/g)].map((m) => Number(m[1]));
      resolve([...new Set(found)].sort((a, b) => a - b));
    });
  });
}

describe("the unwrap lesson's idioms", () => {
  it('give no finding under the default rules', async () => {
    const found = await findingsIn(IDIOMS);
    assert.deepEqual(
      found.map((f) => `${f.range.start.line + 1}: ${f.rule}`),
      [],
    );
  });

  it(
    'are each reported once idiomatic-unwrap is on: every unwrap, as clippy reports them',
    { skip: !HAS_CLIPPY },
    async () => {
      for (const source of [IDIOMS, NEAR_MISSES]) {
        const strict = lines(await findingsIn(source, STRICT), UNWRAP_RULES);
        const clippy = await clippyLines(source);
        assert.ok(clippy.length > 10, 'clippy reports the fixture');
        assert.deepEqual(strict, clippy);
      }
    },
  );

  it('leave their near misses to unwrap-used and expect-used', async () => {
    const found = await findingsIn(NEAR_MISSES);
    assert.ok(found.length > 10);
    assert.ok(found.every((f) => f.rule === 'unwrap-used' || f.rule === 'expect-used'));
    assert.ok(
      found.some((f) => f.rule === 'expect-used'),
      'placeholder messages are expect-used',
    );
  });
});

describe('messages offer only what is possible', () => {
  const fixtures = [
    ...rustFiles(path.join(RULES_DIR, 'unwrap-used')),
    ...rustFiles(path.join(RULES_DIR, 'expect-used')),
    ...rustFiles(path.join(FIXTURES, 'fixes')),
    ...rustFiles(path.join(FIXTURES, 'fixes', 'none')),
  ];

  it('suggest `?` exactly where the `?` fix exists', async () => {
    let withQuestionMark = 0;
    let without = 0;
    for (const { name, text } of fixtures) {
      for (const f of await findingsIn(text, { only: ['unwrap-used', 'expect-used'] })) {
        const hasFix = f.fixes.some((x) => x.edits.some((e) => e.newText.includes('?')));
        const says = f.advice.includes('`?`');
        assert.equal(says, hasFix, `${name}:${f.range.start.line + 1}: ${f.advice}`);
        assert.doesNotMatch(f.message, /`\?`/);
        if (hasFix) withQuestionMark++;
        else without++;
      }
    }
    assert.ok(withQuestionMark > 5 && without > 5, `${withQuestionMark} with, ${without} without`);
  });

  const EXPECT_CASES: Array<[string, string, boolean]> = [
    ['a plain Option in a fn returning a value', 'pub fn f(v: &[u8]) -> u8 { *v.first().unwrap() }', true],
    ['parse of input (rustlings errors6)', 'pub fn f(s: &str) -> u64 { s.parse::<u64>().unwrap() }', false],
    [
      'a fn returning Result, whose caller should get the failure',
      'pub fn f(v: &[u8]) -> Result<u8, String> { Ok(*v.first().unwrap()) }',
      false,
    ],
    ['I/O', 'pub fn f() -> String { std::fs::read_to_string("x").unwrap() }', false],
    ['the environment', 'pub fn f() -> String { std::env::var("HOME").unwrap() }', false],
  ];
  for (const [name, source, offered] of EXPECT_CASES) {
    it(`${offered ? 'offer' : 'do not offer'} expect("…"): ${name}`, async () => {
      const [finding, ...rest] = await findingsIn(source, { only: ['unwrap-used'] });
      assert.ok(finding);
      assert.deepEqual(rest, []);
      const expect = finding.fixes.filter((f) => f.edits.some((e) => e.newText.startsWith('expect(')));
      assert.equal(expect.length, offered ? 1 : 0, finding.advice);
      assert.equal(finding.advice.includes('expect('), offered, finding.advice);
      for (const f of expect) assert.equal(f.applicability, 'suggestion');
    });
  }
});

describe('panicking-unwrap', () => {
  const CLIPPY3 = `#[allow(unused_variables, unused_assignments)]
fn main() {
    let my_option: Option<()> = None;
    if my_option.is_none() {
        println!("{:?}", my_option.unwrap());
    }
}
`;

  it('reports the rustlings clippy3 bug as an error, with no safe fix (no unconditional Err return)', async () => {
    const found = await findingsIn(CLIPPY3);
    assert.deepEqual(
      found.map((f) => [f.rule, f.severity]),
      [['panicking-unwrap', 'error']],
    );
    const [finding] = found;
    assert.ok(finding);
    assert.ok(finding.fixes.every((f) => f.applicability === 'suggestion'));
    assert.doesNotMatch(`${finding.message}\n${finding.advice}`, /`\?`/);
    const fixed = applyEdits(CLIPPY3, finding.fixes[0]?.edits ?? []);
    assert.match(fixed, /if let Some\(my_option\) = my_option \{\n\s*println!\("\{:\?\}", my_option\);/);
    assert.deepEqual(await findingsIn(fixed), []);
    const compiled = await compileRust(fixed, 'clippy3');
    assert.ok(compiled.ok, compiled.stderr);
  });

  it("offers `if let` fixes that compile, on the positive fixture's findings", async () => {
    const text = readFileSync(path.join(RULES_DIR, 'panicking-unwrap', 'positive.rs'), 'utf8');
    const found = await findingsIn(text, { only: ['panicking-unwrap'] });
    const fixes = found.flatMap((f) => f.fixes.map((fix) => ({ f, fix })));
    assert.ok(fixes.length >= 2, `${fixes.length} fixes`);
    for (const { f, fix } of fixes) {
      assert.equal(fix.applicability, 'suggestion');
      const result = await compileRust(applyEdits(text, fix.edits), 'panicking');
      assert.ok(result.ok, `${fix.title} at line ${f.range.start.line + 1}:\n${result.stderr}`);
    }
  });

  it('replaces the unwrap-used finding at the same place, and gives none after an early return', async () => {
    const source = `pub fn f(x: Option<u32>) -> u32 {
    if x.is_none() {
        return x.unwrap();
    }
    x.unwrap()
}
`;
    const found = await findingsIn(source);
    assert.deepEqual(
      found.map((f) => `${f.range.start.line + 1}: ${f.rule}`),
      ['3: panicking-unwrap'],
    );
  });
});
