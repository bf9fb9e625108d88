import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { applyEdits, fixAllEdits } from '../src/engine';
import { findingsIn } from './support/engine';
import { FIXTURES, fixtureRules, rustFiles } from './support/fixtures';
import { compileRust } from './support/rustc';

const FIX_DIR = path.join(FIXTURES, 'fixes');

/** Applies preferred fixes round after round, as `--fix` does, until nothing changes. */
async function fixAll(text: string, rules: string[]): Promise<string> {
  let current = text;
  for (let round = 0; round < 10; round++) {
    // Fixtures are programs: their `fn main` is the entry point, as in a crate's src/main.rs.
    const findings = await findingsIn(current, { only: rules }, 'src/main.rs');
    const edits = fixAllEdits(current, findings);
    if (edits.length === 0) return current;
    current = applyEdits(current, edits);
  }
  throw new Error('fixes did not settle in 10 rounds');
}

describe('preferred fixes produce the expected code, and it compiles', () => {
  for (const { name, file, text } of rustFiles(FIX_DIR)) {
    it(name, async () => {
      const expectedFile = file.replace(/\.rs$/, '.fixed.rs');
      assert.ok(existsSync(expectedFile), `${name} needs a .fixed.rs`);
      const original = await compileRust(text, name);
      assert.ok(original.ok, `the fixture itself must compile:\n${original.stderr}`);
      const fixed = await fixAll(text, fixtureRules(text));
      assert.equal(fixed, readFileSync(expectedFile, 'utf8'));
      const result = await compileRust(fixed, name);
      assert.ok(result.ok, `fixed code must compile:\n${result.stderr}`);
    });
  }
});

describe('where no `?` form compiles, none is offered', () => {
  for (const { name, text } of rustFiles(path.join(FIX_DIR, 'none'))) {
    it(name, async () => {
      const original = await compileRust(text, name);
      assert.ok(original.ok, `the fixture itself must compile:\n${original.stderr}`);
      const findings = await findingsIn(text, { only: fixtureRules(text) }, 'src/main.rs');
      assert.ok(findings.length > 0, 'the fixture has findings');
      for (const f of findings) {
        assert.equal(
          f.fixes.filter((x) => x.applicability === 'safe').length,
          0,
          `no preferred fix at line ${f.range.start.line + 1}`,
        );
        for (const fix of f.fixes)
          assert.ok(
            fix.edits.every((e) => !e.newText.includes('?')),
            fix.title,
          );
      }
      // The offered alternatives still compile.
      for (const f of findings) {
        for (const fix of f.fixes) {
          const result = await compileRust(applyEdits(text, fix.edits), name);
          assert.ok(result.ok, `${fix.title} at line ${f.range.start.line + 1}:\n${result.stderr}`);
        }
      }
    });
  }
});
