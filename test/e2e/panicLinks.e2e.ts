/**
 * End-to-end: a panic in VS Code's integrated terminal (code-server 1.100) is a link to its lesson.
 * The learner crate is built with cargo and run where it finds no Cargo.toml to read, so it
 * really panics at `read_to_string(..).unwrap()`. Ctrl+click on the `thread 'main' (…) panicked
 * at src/main.rs:…` line opens main.rs at that place and the unwrap lesson with that finding;
 * Ctrl+click on std's message line opens the lesson.
 *
 *   bash test/e2e/setup-vscode.sh && npm run package && node --import tsx --test test/e2e/panicLinks.e2e.ts
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { Session, e2eSkipReason, lineOf, runCommand, waitFor, waitForLesson } from './session';
import { focusEditor } from './workbench';

const UNWRAP_TITLE = 'unwrap() on None or Err panics';

/** The DOM renderer keeps the terminal's text in `.xterm-rows`, where the test can find it. */
const SETTINGS = { 'terminal.integrated.gpuAcceleration': 'off', 'workbench.editor.enablePreview': false };

describe('panic links in the terminal (code-server)', { skip: e2eSkipReason(), timeout: 300_000 }, () => {
  const session = new Session('panic-links', SETTINGS);
  const page = () => session.page;
  let panicLine = 0;
  let panicColumn = 0;

  before(async () => {
    await session.start();
    const build = spawnSync('cargo', ['build', '--quiet', '--offline'], {
      cwd: session.workspace,
      encoding: 'utf8',
    });
    assert.equal(build.status, 0, `cargo build failed:\n${build.stderr}`);
    const main = session.read('src/main.rs');
    panicLine = lineOf(main, /read_to_string\("Cargo\.toml"\)\.unwrap\(\)/);
    panicColumn = (main.split('\n')[panicLine - 1] ?? '').indexOf('unwrap') + 1;
  });
  after(() => session.stop());

  it('opens the file at the panic and the lesson with its finding', async () => {
    await runCommand(page(), 'Terminal: Create New Terminal');
    const input = page().locator('.terminal-wrapper.active .xterm-helper-textarea').first();
    await input.waitFor({ state: 'attached' });
    await input.focus();
    // From target/, the program finds no Cargo.toml to read and panics.
    await page().keyboard.type('cd target && RUST_BACKTRACE=0 ./debug/learner-crate; cd ..');
    await page().keyboard.press('Enter');

    const header = terminalRow(page(), /thread 'main' \(\d+\) panicked at src\/main\.rs:\d+:\d+:/);
    await header.waitFor({ state: 'visible', timeout: 30_000 });
    const headerText = await header.innerText();
    console.log(`terminal: ${headerText}`);
    assert.match(headerText, new RegExp(`panicked at src/main\\.rs:${panicLine}:${panicColumn}:`));
    await session.shot('1-panic-in-terminal');

    const { view } = await followLink(page(), header, () =>
      waitForLesson(page(), { title: UNWRAP_TITLE, where: `src/main.rs:${panicLine}` }, 3_000),
    );
    assert.deepEqual(view.highlighted, ['unwrap-none-err']);
    const tab = page().locator('.tabs-container .tab.active', { hasText: 'main.rs' });
    assert.ok((await tab.count()) > 0, 'main.rs is not the active editor');
    // The terminal may keep the keyboard after the click: the cursor's place is the editor's.
    await focusEditor(page());
    const selection = await waitFor(
      async () => {
        const text = await page().locator('[id="status.editor.selection"]').first().innerText();
        return /Ln \d+, Col \d+/.test(text) ? text : undefined;
      },
      () => 'the status bar shows no cursor position',
    );
    assert.match(selection, new RegExp(`^Ln ${panicLine}, Col ${panicColumn}\\b`));
    await session.shot('2-file-and-lesson');
  });

  it("opens the lesson from std's message line", async () => {
    // Closed first, so that it is the link that opens the panel again.
    await runCommand(page(), 'View: Close All Editors');
    await page().locator('.tabs-container .tab').first().waitFor({ state: 'detached' });
    const message = terminalRow(page(), /called `Result::unwrap\(\)` on an `Err` value/);
    await message.waitFor({ state: 'visible' });
    await page().locator('.terminal-wrapper.active .xterm-helper-textarea').first().focus();
    const { view } = await followLink(page(), message, () =>
      waitForLesson(page(), { title: UNWRAP_TITLE }, 3_000),
    );
    assert.equal(view.where, '', 'a message line names no place, so no finding');
    await session.shot('3-lesson-from-message');
    session.assertNoExtensionErrors();
  });
});

function terminalRow(page: Page, text: RegExp): Locator {
  return page.locator('.terminal-wrapper.active .xterm-rows > div', { hasText: text }).last();
}

/**
 * Ctrl+clicks the start of a terminal row until `opened` sees the result: the link appears only
 * once the extension host has answered for the hovered line.
 */
async function followLink<T>(page: Page, row: Locator, opened: () => Promise<T>): Promise<T> {
  let attempts = 0;
  return waitFor(
    async () => {
      attempts++;
      const box = await row.boundingBox();
      if (!box) return undefined;
      const x = box.x + 40 + (attempts % 3) * 8;
      const y = box.y + box.height / 2;
      await page.mouse.move(x, y);
      await page.waitForTimeout(500);
      await page.keyboard.down('Control');
      await page.mouse.click(x, y);
      await page.keyboard.up('Control');
      return opened().catch(() => undefined);
    },
    () => `Ctrl+click on the terminal line opened nothing (${attempts} attempts)`,
    60_000,
  );
}
