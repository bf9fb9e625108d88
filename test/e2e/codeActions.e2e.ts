/**
 * End-to-end: the lightbulb's learner actions in a real VS Code 1.100 (code-server). A fix that
 * writes placeholder text leaves it selected, so typing the reason replaces it and the warning
 * goes; "Allow here" inserts our comment or clippy's attribute, indented, and the finding goes;
 * "Open lesson" opens the finding's lesson. The tests run in order on one temp copy of the crate.
 *
 *   bash test/e2e/setup-vscode.sh && npm run package && node --import tsx --test test/e2e/codeActions.e2e.ts
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  Session,
  checkCrate,
  columnOf,
  e2eSkipReason,
  readProblemsByFile,
  replaceLine,
  waitFor,
  waitForFileChange,
  waitForLesson,
} from './session';
import { focusEditor, openFile, quickFix, saveActiveEditor } from './workbench';

const PLACEHOLDER = 'explain why this cannot fail';

describe(
  'code actions a learner can act on (code-server)',
  { skip: e2eSkipReason(), timeout: 240_000 },
  () => {
    const session = new Session('code-actions');
    const page = () => session.page;

    before(() => session.start());
    after(() => session.stop());

    /** Waits until Problems lists exactly these `line:code` entries for main.rs. */
    async function problemsOfMain(expected: string[]): Promise<void> {
      let seen: string[] = [];
      await waitFor(
        async () => {
          seen = (await readProblemsByFile(page()))
            .filter((p) => p.file.startsWith('main.rs') && p.code && p.line)
            .map((p) => `${p.line}:${p.code}`)
            .sort();
          return JSON.stringify(seen) === JSON.stringify([...expected].sort()) ? true : undefined;
        },
        () => `main.rs problems ${JSON.stringify(seen)}, expected ${JSON.stringify(expected)}`,
        20_000,
      );
    }

    /** The status bar's selection item: "Ln 23, Col 45 (28 selected)". */
    async function selectionStatus(): Promise<string> {
      return (await page().locator('[id="status.editor.selection"]').innerText()).trim();
    }

    it('a fix writing a placeholder selects it, and typing the reason ends the warning', async () => {
      await openFile(page(), 'src/main.rs');
      const file = session.file('src/main.rs');
      const before = session.read('src/main.rs');
      await problemsOfMain([
        '16:unwrap-used',
        '21:unwrap-used',
        '23:expect-used',
        '26:unnecessary-unwrap',
        '28:partialeq-to-none',
      ]);
      const line = 23;
      const titles = await quickFix(page(), {
        line,
        column: columnOf(before, line, 'expect'),
        pick: 'Write in the message why it cannot fail',
      });
      console.log(`quick fixes on line ${line}: ${JSON.stringify(titles)}`);
      assert.ok(
        titles.includes('Open lesson: expect() panics too, just with a better message'),
        JSON.stringify(titles),
      );
      let status = '';
      await waitFor(
        async () => {
          status = await selectionStatus();
          return status.includes(`(${PLACEHOLDER.length} selected)`) ? true : undefined;
        },
        () => `the placeholder is not selected; status bar: "${status}"`,
      );
      await session.shot('1-placeholder-selected');
      // The selection is the placeholder: typing replaces exactly it.
      const reason = 'the literal 8080 is a valid port';
      await focusEditor(page());
      await page().keyboard.type(reason);
      await page().keyboard.press('Escape');
      await saveActiveEditor(page());
      const after = await waitForFileChange(file, before);
      assert.equal(
        after,
        replaceLine(before, line, `    let port = config::port("8080").expect("${reason}");`),
      );
      await problemsOfMain([
        '16:unwrap-used',
        '21:unwrap-used',
        '26:unnecessary-unwrap',
        '28:partialeq-to-none',
      ]);
      await session.shot('1-reason-typed');
    });

    it('"Allow here" as a comment: indented above the line, and the finding goes', async () => {
      const file = session.file('src/main.rs');
      const before = session.read('src/main.rs');
      const line = 16;
      await quickFix(page(), {
        line,
        column: columnOf(before, line, 'unwrap'),
        pick: /^Allow `unwrap-used` here/,
      });
      await saveActiveEditor(page());
      const after = await waitForFileChange(file, before);
      const lines = before.split('\n');
      lines.splice(line - 1, 0, '    // safety-coach: allow(unwrap-used)');
      assert.equal(after, lines.join('\n'));
      await problemsOfMain(['22:unwrap-used', '27:unnecessary-unwrap', '29:partialeq-to-none']);
      await session.shot('2-allowed-by-comment');
    });

    it('"Allow here" as clippy\'s attribute on the enclosing fn: the finding goes, and the crate compiles', async () => {
      const file = session.file('src/main.rs');
      const before = session.read('src/main.rs');
      const line = 22;
      assert.equal(
        before.split('\n')[line - 1],
        '    let text = std::fs::read_to_string("Cargo.toml").unwrap();',
      );
      await quickFix(page(), {
        line,
        column: columnOf(before, line, 'unwrap'),
        pick: /^Allow `clippy::unwrap_used` in fn `main`/,
      });
      await saveActiveEditor(page());
      const after = await waitForFileChange(file, before);
      assert.equal(
        after,
        before.replace('\nfn main() {\n', '\n#[allow(clippy::unwrap_used)]\nfn main() {\n'),
      );
      await problemsOfMain(['28:unnecessary-unwrap', '30:partialeq-to-none']);
      await session.shot('3-allowed-by-attribute');
      const check = checkCrate(session.workspace);
      assert.ok(check.ok, `${check.command} failed:\n${check.output}`);
    });

    it('"Open lesson" in the lightbulb opens the finding\'s lesson', async () => {
      const before = session.read('src/main.rs');
      const line = 28;
      await quickFix(page(), {
        line,
        column: columnOf(before, line, 'unwrap'),
        pick: /^Open lesson: /,
      });
      // Fails unless the panel shows this lesson, for this finding.
      await waitForLesson(page(), {
        title: 'Checking is_some() and then calling unwrap()',
        where: `src/main.rs:${line}`,
      });
      await session.shot('4-open-lesson');
    });

    it('logged no activation error and no [error] in the extension output', () => {
      session.assertNoExtensionErrors();
    });
  },
);
