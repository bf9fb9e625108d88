// The rule registry (RULES) is the one source: package.json's rule settings and the README's rule
// table are written from it by scripts/generate-registry.ts, and every rule has its lesson and its
// fixtures. test/manifest.test.ts checks the shape of the settings; this checks they are up to date.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import {
  generateLessonTitles,
  generatePackageJson,
  LESSON_TITLES,
  generateReadme,
  generateRuleLints,
  LESSONS_DIR,
  PACKAGE_JSON,
  README,
  RULE_LINTS_FILE,
} from '../scripts/generate-registry';
import { RULES } from '../src/engine';
import { loadLessons } from '../src/shared/lessons/catalog';
import { FIXTURES } from './support/fixtures';

const STALE = 'run npm run generate';
const CLIPPY_DOCS = 'https://rust-lang.github.io/rust-clippy/master/index.html#';

describe('generated from the registry', () => {
  it("package.json's rustSafetyCoach.rules setting", () => {
    const text = readFileSync(PACKAGE_JSON, 'utf8');
    assert.equal(text, generatePackageJson(text), STALE);
  });

  it("src/shared/ruleLints.ts, the rules' clippy lints for reading Cargo.toml", () => {
    assert.equal(readFileSync(RULE_LINTS_FILE, 'utf8'), generateRuleLints(), STALE);
  });

  it("the README's rule table", () => {
    const text = readFileSync(README, 'utf8');
    assert.equal(text, generateReadme(text), STALE);
  });

  it("the lessons' titles the hosts show", () => {
    const text = readFileSync(LESSON_TITLES, 'utf8');
    assert.equal(text, generateLessonTitles(text), STALE);
  });
});

describe('every rule', () => {
  const lessons = loadLessons(LESSONS_DIR);

  it('has a lesson in lessons/<lesson>.md that names the rule', () => {
    for (const rule of RULES) {
      assert.ok(
        existsSync(path.join(LESSONS_DIR, `${rule.lesson}.md`)),
        `${rule.id}: no lessons/${rule.lesson}.md`,
      );
      assert.ok(
        lessons.get(rule.lesson)?.rules.includes(rule.id),
        `${rule.id}: lesson ${rule.lesson} does not list it`,
      );
    }
  });

  it('has test/fixtures/rules/<id>/ with positive.rs and negative.rs, and no other rule folder exists', () => {
    const dir = path.join(FIXTURES, 'rules');
    for (const rule of RULES) {
      for (const name of ['positive.rs', 'negative.rs']) {
        assert.ok(
          existsSync(path.join(dir, rule.id, name)),
          `${rule.id}: no test/fixtures/rules/${rule.id}/${name}`,
        );
      }
    }
    assert.deepEqual(readdirSync(dir).sort(), RULES.map((r) => r.id).sort());
  });

  it('has a unique id and unique clippy switches', () => {
    const ids = RULES.map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length);
    const lints = RULES.flatMap((r) => r.clippyAllows);
    assert.equal(new Set(lints).size, lints.length, 'one clippy lint switches off one rule');
  });

  it('either is the same switch as a clippy lint, or only resembles one (or none)', () => {
    for (const rule of RULES) {
      for (const lint of [...rule.clippyAllows, ...rule.clippyGroups, rule.inspiredBy ?? 'x']) {
        assert.match(
          lint,
          /^[a-z][a-z0-9_]*$/,
          `${rule.id}: "${lint}" is not a lint name (no clippy:: prefix)`,
        );
      }
      if (rule.clippyAllows.length > 0) {
        assert.equal(rule.inspiredBy, null, `${rule.id}: the same switch is not merely an inspiration`);
        assert.equal(rule.docs, `${CLIPPY_DOCS}${rule.clippyAllows[0]}`, `${rule.id}: docs`);
      } else {
        // A group's allow switches off its lints: only a rule that is one of them can follow it.
        assert.deepEqual(rule.clippyGroups, [], `${rule.id}: clippy groups without a clippy lint`);
        // The code link of a rule that only resembles a lint must not suggest that lint's switch.
        assert.ok(
          !rule.docs?.startsWith(CLIPPY_DOCS),
          `${rule.id}: docs link to a lint whose allow leaves it on`,
        );
      }
      if (rule.docs !== null) assert.match(rule.docs, /^https:\/\//, `${rule.id}: docs`);
    }
  });
});
