/**
 * Playwright helpers that drive the VS Code workbench served by code-server, in Debian's
 * Chromium (`/usr/bin/chromium`; `npx playwright install` cannot work on these machines).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { REPO_ROOT } from './codeServer';

import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/browser';

export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'test-output', 'e2e');

const isMac = process.platform === 'darwin';
const mod = isMac ? 'Meta' : 'Control';

export async function launchBrowser(options: { headless?: boolean } = {}): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}; run: bash test/e2e/setup-vscode.sh`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: options.headless ?? true,
    args: CHROMIUM_ARGS,
  });
}

export interface Workbench {
  page: Page;
  /** Console errors and page errors seen so far (useful in failure messages). */
  consoleErrors: string[];
}

/** Opens the workbench URL in a new page and waits until `.monaco-workbench` is ready. */
export async function openWorkbench(browser: Browser, url: string, timeoutMs = 60_000): Promise<Workbench> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(String(error)));
  page.setDefaultTimeout(20_000);
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: timeoutMs });
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: timeoutMs });
  // The explorer shows once the folder is open; until then the keybindings are not all wired.
  await page
    .locator('.explorer-folders-view, .explorer-viewlet')
    .first()
    .waitFor({ state: 'visible', timeout: timeoutMs })
    .catch(() => undefined);
  // Seen here: Control+P only responds a few seconds after the workbench appears.
  await page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible' });
  await page.mouse.click(700, 450);
  await page.waitForTimeout(2_500);
  return { page, consoleErrors };
}

/** Opens a file by name through quick open (Ctrl+P) and waits for its editor tab. */
export async function openFile(page: Page, relativePath: string, timeoutMs = 20_000): Promise<void> {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  const baseName = path.basename(relativePath);
  // With the lesson panel open beside it, both editor groups may show the file as their active tab.
  const tab = page.locator('.tabs-container .tab.active', { hasText: baseName }).first();
  const deadline = Date.now() + timeoutMs;
  // Quick Open sometimes drops the Enter (a menu closing as it opens): the whole round is retried.
  for (let attempt = 1; ; attempt++) {
    try {
      // After Quick Open failed, the Explorer's row for the file (when shown) is the other way in.
      const explorerRow = page
        .locator('.explorer-folders-view .monaco-list-row', { hasText: new RegExp(`^${baseName}`) })
        .first();
      if (attempt > 1 && (await explorerRow.isVisible())) {
        await explorerRow.click();
        await tab.waitFor({ state: 'visible', timeout: 5_000 });
        break;
      }
      await page.keyboard.press(`${mod}+P`);
      await input.waitFor({ state: 'visible', timeout: 3_000 });
      await input.fill(relativePath);
      const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: baseName }).first();
      await row.waitFor({ state: 'visible', timeout: 5_000 });
      await page.keyboard.press('Enter');
      await tab.waitFor({ state: 'visible', timeout: 5_000 });
      break;
    } catch (error) {
      if (Date.now() > deadline) {
        // What the workbench showed instead is the first thing to look at when this fails.
        await screenshot(page, `open-file-failed-${baseName}`).catch(() => undefined);
        throw new Error(`${relativePath} did not open after ${attempt} tries: ${String(error)}`);
      }
      await page.keyboard.press('Escape');
      await page.mouse.click(700, 450);
    }
  }
  await page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor({ state: 'visible' });
}

/** Moves the cursor to `line` (1-based) and optional `column` (1-based) with Ctrl+G. */
export async function goToLine(page: Page, line: number, column?: number): Promise<void> {
  await focusEditor(page);
  await page.keyboard.press('Control+G'); // Ctrl+G on every platform in VS Code
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible' });
  await input.fill(column === undefined ? `:${line}` : `:${line}:${column}`);
  await page.waitForTimeout(150);
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden' });
}

export async function focusEditor(page: Page): Promise<void> {
  const editor = page.locator('.editor-instance .monaco-editor').first();
  await editor.waitFor({ state: 'visible' });
  const focused = await page.evaluate(() =>
    Boolean(document.activeElement?.closest('.editor-instance .monaco-editor')),
  );
  if (!focused) {
    // Click the editor's own textarea area without moving the caret far: a click into the
    // gutter-free text area then restores focus.
    await editor.locator('textarea').first().focus();
  }
}

/** Text of the line the caret is on (read from the rendered `.view-lines`). */
export async function currentLineText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const editor = document.querySelector('.editor-instance .monaco-editor');
    if (!editor) return '';
    const current = editor.querySelector<HTMLElement>('.view-overlays .current-line');
    const cursor = editor.querySelector<HTMLElement>('.cursors-layer .cursor');
    const top = current?.style.top || cursor?.style.top;
    for (const line of Array.from(editor.querySelectorAll<HTMLElement>('.view-lines .view-line'))) {
      if (line.style.top === top) return (line.textContent ?? '').replace(/\u00a0/g, ' ');
    }
    return '';
  });
}

/**
 * The visible text of the active editor, in line order (`.view-lines` only holds the
 * rendered lines; for the whole file after a save, read the file on disk).
 */
export async function readVisibleEditorText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const editor = document.querySelector('.editor-instance .monaco-editor');
    if (!editor) return '';
    const lines = Array.from(editor.querySelectorAll<HTMLElement>('.view-lines .view-line'));
    return lines
      .map((line) => ({ top: parseFloat(line.style.top) || 0, text: line.textContent ?? '' }))
      .sort((a, b) => a.top - b.top)
      .map((line) => line.text.replace(/\u00a0/g, ' '))
      .join('\n');
  });
}

/** Saves the active editor (Ctrl+S). */
export async function saveActiveEditor(page: Page): Promise<void> {
  await focusEditor(page);
  await page.keyboard.press(`${mod}+S`);
  await page
    .locator('.tabs-container .tab.active.dirty')
    .waitFor({ state: 'detached', timeout: 10_000 })
    .catch(() => undefined);
}

export interface Problem {
  /** The row's accessible label: severity, message, source/code and position. */
  label: string;
  /** The rendered row text. */
  text: string;
}

/** A row of a Monaco list (the Problems panel, a tree view), as rendered. */
export interface ListRow {
  /** Its place in the whole list (`data-index`), not among the rendered rows. */
  index: number;
  /** 1 for a Problems file row, 2 for its markers. */
  level: string;
  label: string;
  text: string;
  /** A Problems marker row (a message with a severity icon), not a file row. */
  marker: boolean;
}

/**
 * Every row of a virtualised Monaco list: only the rows in view are rendered, so the list is
 * scrolled from its top to its end and each row read once (two-line diagnostics made the Problems
 * panel's rows taller than the panel).
 */
export async function allListRows(page: Page, container: Locator): Promise<ListRow[]> {
  const read = () =>
    container.locator('.monaco-list-row').evaluateAll((elements) =>
      elements
        // Sticky scroll repeats a scrolled-away parent (a Problems file row) at the top: not a row.
        .filter((element) => !element.closest('.monaco-tree-sticky-container'))
        .map((element) => ({
          index: Number(element.getAttribute('data-index') ?? -1),
          level: element.getAttribute('aria-level') ?? '',
          label: element.getAttribute('aria-label') ?? '',
          text: (element.textContent ?? '').replace(/\u00a0/g, ' '),
          // File rows (resource markers) hold no message; marker rows have `.marker-message-details`
          // or a severity icon.
          marker: !!element.querySelector(
            '.marker-message-details, .marker-icon, .codicon-warning, .codicon-error, .codicon-info',
          ),
        })),
    );
  const rows = new Map<number, ListRow>();
  const list = container.locator('.monaco-list').first();
  if ((await list.count()) === 0) return [];
  await list.hover();
  for (let i = 0; i < 20 && !(await read()).some((r) => r.index === 0); i++) await page.mouse.wheel(0, -2000);
  for (let unchanged = 0; unchanged < 2;) {
    const before = rows.size;
    for (const row of await read()) rows.set(row.index, row);
    unchanged = rows.size === before ? unchanged + 1 : 0;
    await page.mouse.wheel(0, 150);
    await page.waitForTimeout(100);
  }
  for (let i = 0; i < 20 && !(await read()).some((r) => r.index === 0); i++) await page.mouse.wheel(0, -2000);
  // A mouse left over the list opens a row's hover, which then takes the next keys (Enter in
  // Quick Open went to it): move it off the workbench.
  await page.mouse.move(0, 0);
  await page.keyboard.press('Escape');
  return [...rows.values()].sort((a, b) => a.index - b.index);
}

/** Opens the Problems panel (Ctrl+Shift+M) and returns its marker rows. */
export async function readProblems(page: Page, options: { minCount?: number; timeoutMs?: number } = {}) {
  const panel = page.locator('.markers-panel');
  if (!(await panel.isVisible())) {
    await page.keyboard.press(`${mod}+Shift+M`);
    await panel.waitFor({ state: 'visible' });
  }
  const minCount = options.minCount ?? 0;
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  let problems: Problem[] = [];
  for (;;) {
    problems = (await allListRows(page, panel))
      .filter((row) => row.marker)
      .map(({ label, text }) => ({ label, text }));
    if (problems.length >= minCount || Date.now() > deadline) return problems;
    await page.waitForTimeout(300);
  }
}

/** The problem counts shown in the status bar (`⊗ errors ⚠ warnings`). */
export async function statusBarProblemText(page: Page): Promise<string> {
  const item = page.locator('.statusbar-item[id="status.problems"]');
  return ((await item.count()) > 0 ? await item.innerText() : '').replace(/\s+/g, ' ').trim();
}

/**
 * Hovers the first occurrence of `word` on `line` (1-based) with the mouse and returns
 * the hover's text. Falls back to the "Show Hover" keybinding when the mouse hover does
 * not appear. Hover parts arrive one by one (a diagnostic first, then each provider's
 * content), so this waits until the text matches `until` or, without it, stops changing.
 */
export async function hoverWord(
  page: Page,
  line: number,
  word: string,
  options: { until?: RegExp; timeoutMs?: number } = {},
): Promise<string> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  await goToLine(page, line);
  const text = await currentLineText(page);
  const index = text.indexOf(word);
  if (index < 0) throw new Error(`"${word}" is not on line ${line}: ${JSON.stringify(text)}`);
  // Put the caret in the middle of the word, then point the mouse at the caret.
  await goToLine(page, line, index + 1 + Math.floor(word.length / 2));
  await page.waitForTimeout(200);
  const hover = page.locator('.monaco-editor .monaco-hover:not(.hidden)').first();
  const cursor = page.locator('.editor-instance .monaco-editor .cursors-layer .cursor').first();
  const box = await cursor.boundingBox();
  if (box) {
    await page.mouse.move(box.x - 40, box.y + box.height / 2);
    await page.mouse.move(box.x + 1, box.y + box.height / 2, { steps: 5 });
    try {
      await hover.waitFor({ state: 'visible', timeout: Math.min(timeoutMs, 5_000) });
    } catch {
      // fall through to the keyboard
    }
  }
  if (!(await hover.isVisible())) {
    await focusEditor(page);
    await page.keyboard.press(`${mod}+K`);
    await page.keyboard.press(`${mod}+I`);
    await hover.waitFor({ state: 'visible', timeout: timeoutMs });
  }
  const pending = /^Loading\.{3}$|Checking for quick fixes/m;
  const deadline = Date.now() + timeoutMs;
  let content = '';
  let stableSince = Date.now();
  while (Date.now() < deadline) {
    const next = (await hover.innerText()).trim();
    if (next !== content) {
      content = next;
      stableSince = Date.now();
    }
    if (
      options.until
        ? options.until.test(content)
        : content && !pending.test(content) && Date.now() - stableSince > 1_000
    ) {
      break;
    }
    await page.waitForTimeout(200);
  }
  return content;
}

/** Closes a hover, quick input or menu. */
export async function dismiss(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
  await page.waitForTimeout(150);
}

/** The action widget rows shown by the Quick Fix menu. */
function quickFixRows(page: Page): Locator {
  return page.locator('.action-widget .monaco-list-row.action');
}

/**
 * Moves the caret to `line`:`column` (if given), opens the Quick Fix menu (Ctrl+.) and
 * returns the titles offered. With `pick`, applies the first item whose title contains (or matches) it.
 */
export async function quickFix(
  page: Page,
  options: { line?: number; column?: number; pick?: string | RegExp; timeoutMs?: number } = {},
): Promise<string[]> {
  const rows = quickFixRows(page);
  // Right after an edit the server may still be re-analysing: VS Code then shows "no code actions"
  // instead of the menu, so ask again (a condition retry, not a longer sleep).
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  for (let attempt = 1; ; attempt++) {
    if (options.line !== undefined) await goToLine(page, options.line, options.column);
    await focusEditor(page);
    await page.keyboard.press(`${mod}+Period`);
    const shown = await rows
      .first()
      .waitFor({ state: 'visible', timeout: 5_000 })
      .then(() => true)
      .catch(() => false);
    if (shown) break;
    if (Date.now() > deadline) throw new Error(`the quick fix menu did not open after ${attempt} tries`);
    await page.keyboard.press('Escape');
  }
  const titles = (await rows.allInnerTexts()).map((title) => title.replace(/\s+/g, ' ').trim());
  if (options.pick !== undefined) {
    const pick = options.pick;
    const matches = (title: string) => (typeof pick === 'string' ? title.includes(pick) : pick.test(title));
    if (!titles.some(matches)) {
      await dismiss(page);
      throw new Error(`No quick fix matching ${String(pick)}; offered: ${JSON.stringify(titles)}`);
    }
    // A mouse click is swallowed by the menu's `.context-view-pointerBlock`, so walk the
    // list with the arrow keys until the focused row matches, then press Enter.
    const focused = page.locator('.action-widget .monaco-list-row.action.focused');
    for (let step = 0; step <= titles.length; step++) {
      const title =
        (await focused.count()) > 0 ? (await focused.first().innerText()).replace(/\s+/g, ' ') : '';
      if (title && matches(title)) {
        await page.keyboard.press('Enter');
        await rows
          .first()
          .waitFor({ state: 'hidden' })
          .catch(() => undefined);
        return titles;
      }
      await page.keyboard.press('ArrowDown');
    }
    await dismiss(page);
    throw new Error(
      `Could not focus the quick fix matching ${String(pick)}; offered: ${JSON.stringify(titles)}`,
    );
  }
  return titles;
}

/** Saves a full-page screenshot to `test-output/e2e/<name>.png` and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name.replace(/[^\w.-]+/g, '-')}.png`);
  await page.screenshot({ path: file });
  return file;
}
