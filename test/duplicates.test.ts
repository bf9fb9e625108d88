// The client's matching of our findings against rustc's and clippy's diagnostics (as rust-analyzer
// publishes them), with the real registry's lint names.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  duplicated,
  duplicatesOf,
  lintOf,
  overlaps,
  SameLints,
  suggestsFix,
  type OtherDiagnostic,
} from '../src/client/duplicates/sameLint';
import { ruleInfos } from '../src/engine';
import type { Range } from '../src/shared/types';

const range = (line: number, from: number, to: number, endLine = line): Range => ({
  start: { line, character: from },
  end: { line: endLine, character: to },
});

/** rust-analyzer's shape for a clippy lint: source `clippy`, the bare lint as code, a docs link. */
const clippy = (lint: string, at: Range): OtherDiagnostic => ({
  source: 'clippy',
  code: { value: lint },
  range: at,
});
/** rustc's lints have no code description, so the code stays a plain string. */
const rustc = (lint: string, at: Range): OtherDiagnostic => ({ source: 'rustc', code: lint, range: at });

const lints = new SameLints(ruleInfos());

describe('lintOf', () => {
  it('scopes the codes rust-analyzer publishes for rustc and clippy', () => {
    assert.equal(lintOf(clippy('unwrap_used', range(0, 0, 1))), 'clippy::unwrap_used');
    assert.equal(lintOf(rustc('static_mut_refs', range(0, 0, 1))), 'rustc::static_mut_refs');
  });

  it('takes a code that is still scoped as it is', () => {
    assert.equal(
      lintOf({ source: 'clippy', code: 'clippy::unwrap_used', range: range(0, 0, 1) }),
      'clippy::unwrap_used',
    );
  });

  it('knows no lint for other sources, numbers, no code, or our own diagnostics', () => {
    assert.equal(
      lintOf({ source: 'rust-analyzer', code: 'unused_variables', range: range(0, 0, 1) }),
      undefined,
    );
    assert.equal(lintOf({ source: 'clippy', code: 42, range: range(0, 0, 1) }), undefined);
    assert.equal(lintOf({ source: 'rustc', range: range(0, 0, 1) }), undefined);
    assert.equal(
      lintOf({ source: 'rust-safety-coach', code: 'clippy::unwrap_used', range: range(0, 0, 1) }),
      undefined,
    );
  });
});

describe('SameLints (from the registry)', () => {
  it('maps the lints the brief names to our rules, and no others', () => {
    const rule = (lint: string | undefined) => lints.rulesFor(lint).map((r) => r.id);
    assert.deepEqual(rule('rustc::static_mut_refs'), ['static-mut']);
    assert.deepEqual(rule('clippy::question_mark'), ['question-mark']);
    assert.deepEqual(rule('clippy::partialeq_to_none'), ['partialeq-to-none']);
    assert.deepEqual(rule('clippy::unnecessary_unwrap'), ['unnecessary-unwrap']);
    assert.deepEqual(rule('clippy::missing_safety_doc'), ['missing-safety-doc']);
    assert.deepEqual(rule('clippy::unwrap_used'), ['unwrap-used']);
    assert.deepEqual(rule('clippy::expect_used'), ['expect-used']);
    // A lint a rule only resembles (`inspiredBy`) is not the same lint.
    assert.deepEqual(rule('clippy::cast_possible_truncation'), []);
    assert.deepEqual(rule('rustc::unused_variables'), []);
    assert.deepEqual(rule(undefined), []);
  });

  it('has one entry per lint of every rule', () => {
    for (const info of ruleInfos()) {
      for (const lint of info.clippyAllows) assert.ok(lints.hasLint(info.id, `clippy::${lint}`), info.id);
      for (const lint of info.rustcLints ?? []) assert.ok(lints.hasLint(info.id, `rustc::${lint}`), info.id);
    }
    assert.equal(new SameLints([]).isEmpty, true);
    assert.equal(lints.isEmpty, false);
  });
});

describe('overlaps', () => {
  it('counts a shared character, not ranges that only touch', () => {
    assert.equal(overlaps(range(3, 4, 10), range(3, 9, 12)), true);
    assert.equal(overlaps(range(3, 4, 10), range(3, 10, 12)), false);
    assert.equal(overlaps(range(3, 4, 10), range(4, 0, 2)), false);
    // clippy's whole `if` block over our finding on its first line.
    assert.equal(overlaps(range(2, 4, 5, 6), range(2, 7, 20)), true);
  });

  it('counts an empty range inside or at the edge of the other', () => {
    assert.equal(overlaps(range(3, 6, 6), range(3, 4, 10)), true);
    assert.equal(overlaps(range(3, 4, 10), range(3, 10, 10)), true);
    assert.equal(overlaps(range(3, 11, 11), range(3, 4, 10)), false);
  });
});

describe('duplicated', () => {
  // `let best = lengths.values().max().unwrap();`: ours on `unwrap`, clippy's on the whole call.
  const ours = [
    { rule: 'unwrap-used', range: range(15, 38, 44) },
    { rule: 'unwrap-used', range: range(20, 50, 56) },
    { rule: 'expect-used', range: range(22, 36, 42) },
    { rule: 'static-mut', range: range(30, 14, 21) },
  ];

  it('hides ours where the same lint overlaps, and nothing else', () => {
    const others = [
      clippy('unwrap_used', range(15, 15, 46)),
      // Another lint on the same place hides nothing.
      clippy('expect_used', range(20, 20, 58)),
      rustc('static_mut_refs', range(30, 8, 21)),
    ];
    assert.deepEqual(duplicated(ours, others, lints), [true, false, false, true]);
  });

  it('hides nothing without other diagnostics or without the registry', () => {
    assert.deepEqual(duplicated(ours, [], lints), [false, false, false, false]);
    assert.deepEqual(duplicated(ours, [clippy('unwrap_used', range(15, 15, 46))], new SameLints([])), [
      false,
      false,
      false,
      false,
    ]);
  });

  it('finds ours under one of theirs', () => {
    assert.deepEqual(duplicatesOf(clippy('unwrap_used', range(15, 15, 46)), ours, lints), [0]);
    assert.deepEqual(duplicatesOf(clippy('unwrap_used', range(16, 0, 10)), ours, lints), []);
    assert.deepEqual(duplicatesOf(rustc('unused_mut', range(30, 8, 21)), ours, lints), []);
  });
});

describe('suggestsFix', () => {
  it("reads rust-analyzer's appended replacement as a fix of theirs", () => {
    assert.equal(suggestsFix(['use `Option::is_none()` instead: `longest(&lengths).is_none()`']), true);
    assert.equal(suggestsFix(['replace it with: `let x = y?;`\n']), false);
    assert.equal(suggestsFix(['replace it with: `let v = f()?;\nuse(v);`']), true);
  });

  it('reads helps without a replacement as no fix', () => {
    assert.equal(suggestsFix([]), false);
    assert.equal(suggestsFix(['if this value is `None`, it will panic']), false);
    assert.equal(suggestsFix(['the check is happening here', 'try using `if let` or `match`']), false);
  });
});
