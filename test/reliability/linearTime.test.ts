// Issue 20.7: analysis time is near-linear in the input, per rule, in one long fn and in many items.
// Each rule's own positive fixture is grown 4× and the time ratio compared: linear work grows ~4×,
// quadratic work ~16×. Ratios, not milliseconds, so a slow machine does not fail it.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { Node } from 'web-tree-sitter';
import { analyze, ParsedFile, RULES } from '../../src/engine';
import { REPO_ROOT, testParser } from '../support/engine';

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'rules');
const GROWTH = 4;
/** Between linear (4) and quadratic (16), with room for noise. */
const MAX_RATIO = 9;
/** Below this the run is too short to time: it is fast whatever its shape. */
const TOO_SHORT_MS = 150;

async function timeRule(text: string, rule: string): Promise<{ ms: number; findings: number }> {
  const file = new ParsedFile(await testParser(), text, 'src/lib.rs');
  try {
    // CPU time, not wall time: other processes on a busy machine stretch the wall clock of one
    // run and not another's, and the ratio is then theirs, not the rule's.
    const started = process.cpuUsage();
    const findings = analyze(file, { only: [rule] }).length;
    const used = process.cpuUsage(started);
    return { ms: (used.user + used.system) / 1000, findings };
  } finally {
    file.dispose();
  }
}

/** Every fn body's statements repeated `copies` times inside the same fn (its tail kept once). */
async function longBodies(fixture: string, copies: number): Promise<string> {
  const parser = await testParser();
  const tree = parser.parse(fixture);
  if (!tree) throw new Error('fixture did not parse');
  const bodies = tree.rootNode
    .descendantsOfType('function_item')
    .map((fn) => fn?.childForFieldName('body'))
    .filter((b): b is Node => !!b && b.namedChildCount > 0)
    // Outermost first; nested fns are inside a grown body already.
    .filter(
      (b, _, all) => !all.some((o) => o !== b && o.startIndex < b.startIndex && b.endIndex < o.endIndex),
    );
  let out = '';
  let at = 0;
  for (const body of bodies) {
    const children = body.namedChildren.filter((c): c is Node => c !== null);
    const last = children[children.length - 1] as Node;
    const hasTail = !/(statement|declaration|_item|comment)$/.test(last.type);
    const statementsEnd = hasTail ? last.startIndex : body.endIndex - 1;
    const statements = fixture.slice(body.startIndex + 1, statementsEnd);
    out += fixture.slice(at, body.startIndex + 1) + `${statements}\n`.repeat(copies);
    at = statementsEnd;
  }
  tree.delete();
  return out + fixture.slice(at);
}

async function ratio(rule: string, grow: (copies: number) => Promise<string>, copies: number) {
  const small = await grow(copies);
  const large = await grow(copies * GROWTH);
  await timeRule(small, rule); // warm the JIT
  const first = await timeRule(small, rule);
  const again = await timeRule(small, rule);
  let big = await timeRule(large, rule);
  let smallMs = Math.min(first.ms, again.ms);
  // A growth past the bound is measured once more, each size's best run kept: one slow run (a
  // major GC, a busy machine's cache) is not a shape.
  if (big.ms / smallMs >= MAX_RATIO) {
    smallMs = Math.min(smallMs, (await timeRule(small, rule)).ms);
    const bigAgain = await timeRule(large, rule);
    if (bigAgain.ms < big.ms) big = bigAgain;
  }
  return { small: smallMs, large: big.ms, findings: big.findings };
}

describe('analysis time grows linearly with the input, for every rule', () => {
  for (const rule of RULES) {
    const file = path.join(FIXTURES, rule.id, 'positive.rs');
    if (!fs.existsSync(file)) continue; // registry.test.ts demands the fixtures
    const fixture = fs.readFileSync(file, 'utf8');
    const shapes = {
      'in one long fn': (copies: number) => longBodies(fixture, copies),
      'in many items': (copies: number) => Promise.resolve(fixture.repeat(copies)),
    };
    for (const [shape, grow] of Object.entries(shapes)) {
      test(`${rule.id}: ${shape}`, async () => {
        const { small, large, findings } = await ratio(rule.id, grow, 60);
        assert.ok(findings > 0, `the grown ${rule.id} fixture has no finding: the test measures nothing`);
        const growth = large / small;
        console.log(
          `# ${rule.id} ${shape}: ${small.toFixed(0)} ms → ${large.toFixed(0)} ms (×${growth.toFixed(1)})`,
        );
        if (large < TOO_SHORT_MS) return;
        assert.ok(growth < MAX_RATIO, `${GROWTH}× the input took ${growth.toFixed(1)}× the time`);
      });
    }
  }

  test('20,000 unwraps in one fn finish (quadratic took hours)', async () => {
    const n = 20_000;
    const text = `fn main() {\n    let v: Option<u8> = Some(1);\n${'    let _a = v.unwrap();\n'.repeat(n)}}\n`;
    const { findings, ms } = await timeRule(text, 'unwrap-used');
    console.log(`# 20,000 unwraps in main: ${ms.toFixed(0)} ms`);
    assert.equal(findings, n);
    // Linear work is seconds; the quadratic path took 542 s for this many.
    assert.ok(ms < 120_000, `${ms} ms`);
  });
});
