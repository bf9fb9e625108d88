/**
 * End-to-end: the lesson panel (a webview) in a real VS Code 1.100 (code-server). It opens from
 * the hover's "Open lesson" link and from a finding in the sidebar, highlights its table row,
 * applies the fix with its "Apply fix" button, and comes back after the folder is reopened
 * (WebviewPanelSerializer + `onWebviewPanel:rustSafetyCoach.lesson`).
 *
 *   bash test/e2e/setup-vscode.sh && npm run package && node --import tsx --test test/e2e/lessonPanel.e2e.ts
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  Session,
  lessonFrame,
  clickFinding,
  clickFindingsTitleAction,
  e2eSkipReason,
  openCoachSidebar,
  readFindingsTree,
  replaceLine,
  saveAll,
  waitFor,
  waitForFileChange,
  waitForLesson,
} from './session';
import { hoverWord, openFile } from './workbench';

const UNWRAP_TITLE = 'unwrap() on None or Err panics';
const UNNECESSARY_UNWRAP_TITLE = 'Checking is_some() and then calling unwrap()';

describe('lesson panel (code-server)', { skip: e2eSkipReason(), timeout: 240_000 }, () => {
  const session = new Session('lesson');
  const page = () => session.page;

  before(() => session.start());
  after(() => session.stop());

  it('opens from the hover\'s "Open lesson" link with the title and the matching row highlighted', async () => {
    await openFile(page(), 'src/main.rs');
    const text = await hoverWord(page(), 16, 'unwrap', { until: /Open lesson/ });
    assert.match(text, /Open lesson/, `the hover has no "Open lesson" link:\n${text}`);
    const link = page().locator('.monaco-hover:not(.hidden) a', { hasText: 'Open lesson' }).first();
    await link.click();
    const { view } = await waitForLesson(page(), { title: UNWRAP_TITLE, where: 'src/main.rs:16' });
    await session.shot('1-open-from-hover');
    assert.deepEqual(view.highlighted, ['unwrap-none-err'], 'highlighted table rows');
    assert.ok(view.hasApplyFix, 'the panel offers no "Apply fix" button for the finding on line 16');
    // The fix preview is a diff: only the changed line, removed and added, with context around it.
    const { frame } = await waitForLesson(page(), { title: UNWRAP_TITLE, where: 'src/main.rs:16' });
    const diff = await frame.$$eval('pre.diff .line', (lines) =>
      lines.map((line) => `${line.classList[1]}:${line.querySelector('.text')?.textContent ?? ''}`),
    );
    assert.deepEqual(
      diff.filter((line) => !line.startsWith('context:')),
      [
        'removed:    let best = lengths.values().max().unwrap();',
        'added:    let best = lengths.values().max()?;',
      ],
    );
    assert.ok(diff.length <= 6, `the diff shows ${diff.length} lines:\n${diff.join('\n')}`);
    const tab = page().locator('.tabs-container .tab', { hasText: UNWRAP_TITLE });
    assert.equal(await tab.count(), 1, 'no editor tab titled with the lesson');
  });

  it('"Apply fix" in the panel edits the code', async () => {
    const file = session.file('src/main.rs');
    const before = session.read('src/main.rs');
    const { frame } = await waitForLesson(page(), { title: UNWRAP_TITLE, where: 'src/main.rs:16' });
    await frame.locator('#apply-fix').click();
    await waitFor(
      async () => {
        const text = await frame.locator('#status').innerText();
        return text && !/^Applying/.test(text) ? true : undefined;
      },
      () => 'the panel shows no result after "Apply fix"',
    );
    const status = await frame.locator('#status').innerText();
    await session.shot('2-apply-fix');
    await waitFor(
      async () => ((await page().locator('.tabs-container .tab.dirty').count()) > 0 ? true : undefined),
      () => `"Apply fix" did not edit main.rs (panel status: ${status})`,
    );
    await saveAll(page());
    const after = await waitForFileChange(file, before);
    console.log(`panel status after Apply fix: ${status}`);
    assert.equal(after, replaceLine(before, 16, '    let best = lengths.values().max()?;'));
  });

  it('opens from a finding in the Rust Safety Coach sidebar', async () => {
    await openCoachSidebar(page());
    // The open file's findings: the whole workspace's list is taller than the pane, and a
    // virtualised row below it is not rendered.
    await clickFindingsTitleAction(page(), 'Show Findings of the Current File');
    const rows = await waitFor(
      async () => {
        const tree = await readFindingsTree(page());
        return tree.some((row) => row.label.startsWith('line 26:')) ? tree : undefined;
      },
      () => 'the Findings view does not list line 26',
    );
    console.log(`Findings view: ${JSON.stringify(rows)}`);
    await clickFinding(page(), 'line 26:');
    const { view } = await waitForLesson(page(), {
      title: UNNECESSARY_UNWRAP_TITLE,
      where: 'src/main.rs:26',
    });
    await session.shot('3-open-from-sidebar');
    assert.deepEqual(view.highlighted, ['unwrap-none-err'], 'highlighted table rows');
    // Only one lesson panel: the same webview is reused.
    assert.equal(await page().locator('.tabs-container .tab', { hasText: UNWRAP_TITLE }).count(), 0);
  });

  it('is restored after the folder is closed and reopened', async () => {
    assert.ok(session.server);
    const url = session.server.url;
    // Everything so far must be clean before the extension host is shut down.
    session.assertNoExtensionErrors();
    // Close the window the way a user does: another tab comes to the front (VS Code for the
    // Web saves its state when its page is hidden), the old tab closes, the new one opens the
    // same folder URL in the same browser profile.
    const old = page();
    const next = await old.context().newPage();
    next.setDefaultTimeout(20_000);
    await next.bringToFront();
    await waitFor(
      async () => ((await old.evaluate(() => document.visibilityState)) === 'hidden' ? true : undefined),
      () => 'the old workbench page did not become hidden',
      5_000,
    ).catch(() => undefined);
    await next.waitForTimeout(1_000);
    await old.close({ runBeforeUnload: true });
    // The closed window's extension host stops now; later checks skip its logs.
    const teardown = session.retireExtensionHosts();
    if (teardown.length > 0) {
      console.log(
        `note: the closed window's extension host logged while stopping:\n${teardown
          .map((e) => e.split('\n').slice(0, 2).join(' | '))
          .join('\n')}`,
      );
    }
    assert.ok(session.workbench);
    session.workbench.page = next;
    await next.goto(url, { waitUntil: 'domcontentloaded' });
    await next.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
    const tab = page().locator('.tabs-container .tab', { hasText: UNNECESSARY_UNWRAP_TITLE });
    await tab
      .first()
      .waitFor({ state: 'visible', timeout: 30_000 })
      .catch(() => undefined);
    if ((await tab.count()) > 0 && !(await tab.first().getAttribute('class'))?.includes('active')) {
      await tab.first().click(); // a webview behind another tab is not rendered
    }
    const { view } = await waitForLesson(page(), { title: UNNECESSARY_UNWRAP_TITLE }, 40_000).catch(
      async (error: unknown) => {
        await session.shot('4-restore-failed');
        throw error;
      },
    );
    await session.shot('4-restored-after-reopen');
    assert.deepEqual(view.highlighted, ['unwrap-none-err'], 'highlighted table rows after the restore');
    // Versions start again after the reopen, but the file did not change: no "file changed" notice.
    const frame = await lessonFrame(page());
    assert.equal(await frame.locator('.finding .notice').count(), 0, 'a false "file changed" notice');
  });

  it('logged no activation error and no [error] in the extension output', () => {
    session.assertNoExtensionErrors();
  });
});
