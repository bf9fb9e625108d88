/**
 * End-to-end: beside rust-analyzer, one problem is reported once. A test-only extension
 * (fake-rust-analyzer/) publishes rustc's and clippy's diagnostics in rust-analyzer's shapes; our
 * finding of the same lint at the same place leaves the Problems view, the others stay, and their
 * diagnostic's light bulb offers our lesson (and our fix when theirs has none).
 *
 *   bash test/e2e/setup-vscode.sh && npm run package && node --import tsx --test test/e2e/besideRustAnalyzer.e2e.ts
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { installVsix, type Profile } from './codeServer';
import { FAKE_SPEC_FILE, type FakeSpec } from './fake-rust-analyzer/spec';
import { packageFakeRustAnalyzer } from './fakeRustAnalyzer';
import {
  Session,
  columnOf,
  e2eSkipReason,
  readProblemsByFile,
  runCommand,
  waitFor,
  waitForLesson,
  type ProblemRow,
} from './session';
import { openFile, quickFix } from './workbench';

const UNWRAP_TITLE = 'unwrap() on None or Err panics';

/** A `static mut` counter: rustc's `static_mut_refs` warns on line 8's `&COUNTER`. */
const COUNTER_RS = `//! A counter kept in a \`static mut\`.
static mut COUNTER: u32 = 0;

pub fn bump() -> u32 {
    // SAFETY: only main's thread calls this.
    unsafe {
        COUNTER += 1;
        let current = &COUNTER;
        *current
    }
}
`;

/** What rust-analyzer would publish for the fixture with clippy as its check command. */
const SPEC: FakeSpec = {
  diagnostics: [
    {
      file: 'src/main.rs',
      line: 16,
      match: 'lengths.values().max().unwrap()',
      source: 'clippy',
      code: 'unwrap_used',
      message: 'used `unwrap()` on an `Option` value',
      helps: [{ message: 'if this value is `None`, it will panic' }],
    },
    {
      file: 'src/main.rs',
      line: 28,
      match: 'longest(&lengths) == None',
      source: 'clippy',
      code: 'partialeq_to_none',
      message: 'binary comparison to literal `Option::None`',
      helps: [{ message: 'use `Option::is_none()` instead', replacement: 'longest(&lengths).is_none()' }],
    },
    {
      file: 'src/counter.rs',
      line: 8,
      match: '&COUNTER',
      source: 'rustc',
      code: 'static_mut_refs',
      message: 'creating a shared reference to mutable static',
      helps: [
        {
          message: 'use `&raw const` instead to create a raw pointer',
          replacement: '&raw const ',
          match: '&',
        },
      ],
    },
  ],
};

class BesideSession extends Session {
  protected override async prepare(profile: Profile): Promise<void> {
    fs.writeFileSync(this.file(FAKE_SPEC_FILE), JSON.stringify(SPEC, null, 2));
    fs.writeFileSync(this.file('src/counter.rs'), COUNTER_RS);
    const vsix = await packageFakeRustAnalyzer(path.join(this.tempRoot, 'fake'));
    // Installing writes the user settings again: keep the session's.
    const settings = JSON.parse(fs.readFileSync(userSettingsFile(profile), 'utf8')) as Record<
      string,
      unknown
    >;
    installVsix(vsix, { profile, settings });
  }
}

const userSettingsFile = (profile: Profile) => path.join(profile.userDataDir, 'User', 'settings.json');

const ours = (rule: string) => (row: ProblemRow) => row.code === rule;
const theirs = (source: string, lint: string) => (row: ProblemRow) =>
  new RegExp(`${source}\\(?${lint}\\)?\\s*\\[Ln`).test(row.text);
const at = (file: string, line: number) => (row: ProblemRow) =>
  row.file.startsWith(file) && row.line === line;

describe('beside rust-analyzer (code-server)', { skip: e2eSkipReason(), timeout: 300_000 }, () => {
  const session = new BesideSession('beside-ra');
  const page = () => session.page;

  before(() => session.start());
  after(() => session.stop());

  /** Waits until the Problems rows satisfy `ready`; fails listing them. */
  const problemsUntil = (ready: (rows: ProblemRow[]) => boolean, what: string) => {
    let last: ProblemRow[] = [];
    return waitFor(
      async () => {
        last = await readProblemsByFile(page());
        return ready(last) ? last : undefined;
      },
      () => `${what}; Problems:\n${last.map((r) => `${r.file} ${r.line} ${r.text}`).join('\n')}`,
      30_000,
      500,
    );
  };
  const has = (rows: ProblemRow[], ...tests: Array<(row: ProblemRow) => boolean>) =>
    rows.some((row) => tests.every((test) => test(row)));

  it('hides our finding where clippy reports the same lint; the others stay', async () => {
    await openFile(page(), 'src/main.rs');
    const rows = await problemsUntil(
      (r) =>
        has(r, at('main.rs', 16), theirs('clippy', 'unwrap_used')) &&
        has(r, at('main.rs', 28), theirs('clippy', 'partialeq_to_none')) &&
        has(r, at('main.rs', 21), ours('unwrap-used')) &&
        !has(r, at('main.rs', 16), ours('unwrap-used')) &&
        !has(r, at('main.rs', 28), ours('partialeq-to-none')),
      'clippy at 16 and 28 and ours at 21, without ours at 16 and 28',
    );
    await session.shot('1-problems-main');
    // Lints clippy does not report here stay ours.
    assert.ok(has(rows, at('main.rs', 23), ours('expect-used')), 'expect-used on line 23 is gone');
    assert.ok(
      has(rows, at('main.rs', 26), ours('unnecessary-unwrap')),
      'unnecessary-unwrap on line 26 is gone',
    );
  });

  it('hides our use of a static mut where rustc reports static_mut_refs', async () => {
    await openFile(page(), 'src/counter.rs');
    await problemsUntil(
      (r) =>
        has(r, at('counter.rs', 8), theirs('rustc', 'static_mut_refs')) &&
        has(r, at('counter.rs', 2), ours('static-mut')) &&
        has(r, at('counter.rs', 7), ours('static-mut')) &&
        !has(r, at('counter.rs', 8), ours('static-mut')),
      'rustc at counter.rs:8 and ours at 2 and 7 only',
    );
    await session.shot('2-problems-counter');
    // Theirs has a fix (`&raw const`): the light bulb shows it and our lesson.
    // On the `&`, where rust-analyzer attaches the help's fix.
    const titles = await quickFix(page(), { line: 8, column: columnOf(COUNTER_RS, 8, '&') });
    await page().keyboard.press('Escape');
    console.log(`counter.rs:8 light bulb: ${JSON.stringify(titles)}`);
    assert.ok(
      titles.some((t) => t.includes('&raw const')),
      'their fix is missing',
    );
    assert.ok(
      titles.some((t) => /Open lesson on rustc::static_mut_refs/.test(t)),
      'no Open lesson',
    );
  });

  it('offers only their fix, and our lesson, where theirs has one', async () => {
    await openFile(page(), 'src/main.rs');
    const main = session.read('src/main.rs');
    const titles = await quickFix(page(), { line: 28, column: columnOf(main, 28, 'None') });
    await page().keyboard.press('Escape');
    console.log(`main.rs:28 light bulb: ${JSON.stringify(titles)}`);
    assert.equal(titles.filter((t) => /is_none/.test(t)).length, 1, 'one is_none fix, theirs');
    assert.ok(
      titles.some((t) => /Open lesson on clippy::partialeq_to_none/.test(t)),
      'no Open lesson',
    );
  });

  it('offers "Open lesson" and our fix on clippy\'s diagnostic, and opens the lesson', async () => {
    const main = session.read('src/main.rs');
    const titles = await quickFix(page(), {
      line: 16,
      column: columnOf(main, 16, 'unwrap'),
      pick: 'Open lesson on clippy::unwrap_used',
    });
    console.log(`main.rs:16 light bulb: ${JSON.stringify(titles)}`);
    // clippy has no fix for unwrap_used, so ours is offered: the `?` that compiles here.
    assert.ok(
      titles.some((t) => t.includes('?')),
      `no fix of ours: ${JSON.stringify(titles)}`,
    );
    const { view } = await waitForLesson(page(), { title: UNWRAP_TITLE, where: 'src/main.rs:16' });
    await session.shot('3-lesson-from-clippy');
    assert.deepEqual(view.highlighted, ['unwrap-none-err']);
    assert.ok(view.hasApplyFix, 'the panel shows no fix for the hidden finding');
  });

  it('shows ours again when theirs go away, and hides it when they come back', async () => {
    await runCommand(page(), 'Fake rust-analyzer: Clear');
    await problemsUntil(
      (r) => has(r, at('main.rs', 16), ours('unwrap-used')) && !has(r, theirs('clippy', 'unwrap_used')),
      'ours at 16 after clippy cleared',
    );
    await runCommand(page(), 'Fake rust-analyzer: Publish');
    await problemsUntil(
      (r) =>
        has(r, at('main.rs', 16), theirs('clippy', 'unwrap_used')) &&
        !has(r, at('main.rs', 16), ours('unwrap-used')),
      'ours hidden again at 16',
    );
  });

  it('shows both with rustSafetyCoach.hideDuplicates off', async () => {
    // As a user does: the Settings editor's checkbox.
    await runCommand(page(), 'Preferences: Open Settings (UI)');
    const editor = page().locator('.settings-editor');
    await editor.waitFor({ state: 'visible' });
    await page().keyboard.type('rustSafetyCoach.hideDuplicates');
    const checkbox = editor.locator('.setting-item-bool .setting-value-checkbox').first();
    await checkbox.waitFor({ state: 'visible' });
    assert.equal(await checkbox.getAttribute('aria-checked'), 'true', 'the setting is not on by default');
    await checkbox.click();
    await waitFor(
      async () => ((await checkbox.getAttribute('aria-checked')) === 'false' ? true : undefined),
      () => 'the checkbox did not turn off',
    );
    await session.shot('4-setting');
    await problemsUntil(
      (r) =>
        has(r, at('main.rs', 16), theirs('clippy', 'unwrap_used')) &&
        has(r, at('main.rs', 16), ours('unwrap-used')),
      'both at 16 with the setting off',
    );
    await session.shot('4-setting-off');
    session.assertNoExtensionErrors();
  });
});
