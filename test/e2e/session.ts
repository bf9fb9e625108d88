/**
 * Shared set-up for the end-to-end files: one code-server, one browser and one workbench per
 * test file, opened on a temp copy of `test/fixtures/learner-crate`, plus UI helpers that the
 * smoke test does not need (command palette, Problems by file, the lesson webview, the sidebar).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser, Frame, Locator, Page } from 'playwright-core';
import {
  CODE_SERVER_ENTRY,
  EXTENSION_ID,
  REPO_ROOT,
  VSIX_PATH,
  createProfile,
  findActivationErrors,
  findExtensionHostLogs,
  findExtensionLogErrors,
  findExtensionOutputLogs,
  installVsix,
  startCodeServer,
  stopCodeServer,
  waitForActivation,
  type Profile,
  type RunningServer,
} from './codeServer';
import {
  allListRows,
  focusEditor,
  goToLine,
  launchBrowser,
  openWorkbench,
  screenshot,
  type Workbench,
} from './workbench';

export const FIXTURE = path.join(REPO_ROOT, 'test', 'fixtures', 'learner-crate');
const mod = process.platform === 'darwin' ? 'Meta' : 'Control';

/** Every rule id the server knows (the Problems panel shows them as `Rust Safety Coach(<id>)`). */
export const RULE_IDS = [
  'unwrap-used',
  'expect-used',
  'undocumented-unsafe-block',
  'missing-safety-doc',
  'unnecessary-unwrap',
  'question-mark',
  'partialeq-to-none',
  'static-mut',
  'uninit-memory',
  'transmute',
  'no-std-panic-handler',
  'blocking-in-async',
  'indexing-may-panic',
  'truncating-cast',
];
const CODE_PATTERN = new RegExp(`rust-safety-coach\\(?(${RULE_IDS.join('|')})\\)?\\s*\\[Ln `);

/** Why the e2e files must be skipped (nothing installed or packaged yet), or `false`. */
export function e2eSkipReason(): string | false {
  const missing = [VSIX_PATH, CODE_SERVER_ENTRY].filter((file) => !fs.existsSync(file));
  if (missing.length > 0) {
    return (
      `missing ${missing.map((file) => path.relative(REPO_ROOT, file)).join(', ')} ` +
      '(run: bash test/e2e/setup-vscode.sh && npm run package)'
    );
  }
  if (!fs.existsSync(path.join(FIXTURE, 'src', 'main.rs'))) return `missing ${FIXTURE}`;
  return false;
}

/** Editor settings that keep typed text exactly as typed. */
const TYPING_SETTINGS = {
  'editor.autoClosingBrackets': 'never',
  'editor.autoClosingQuotes': 'never',
  'editor.autoClosingOvertype': 'never',
  'editor.autoSurround': 'never',
  'editor.autoIndent': 'none',
  'editor.formatOnType': false,
  'editor.formatOnSave': false,
  'editor.acceptSuggestionOnEnter': 'off',
  'editor.quickSuggestions': { other: 'off', comments: 'off', strings: 'off' },
  'editor.suggestOnTriggerCharacters': false,
  'editor.minimap.enabled': false,
  'files.autoSave': 'off',
  'files.insertFinalNewline': false,
  'files.trimTrailingWhitespace': false,
  'workbench.editor.enablePreview': false,
};

export class Session {
  tempRoot = '';
  workspace = '';
  profile: Profile | undefined;
  server: RunningServer | undefined;
  browser: Browser | undefined;
  workbench: Workbench | undefined;
  /** The fixture's files as they were before any test changed them. */
  readonly original: Record<string, string> = {};

  constructor(
    readonly name: string,
    /** User settings for the profile. */
    private readonly settings: Readonly<Record<string, unknown>> = TYPING_SETTINGS,
  ) {}

  get page(): Page {
    assert.ok(this.workbench, 'the workbench is not open');
    return this.workbench.page;
  }

  file(relative: string): string {
    return path.join(this.workspace, ...relative.split('/'));
  }

  read(relative: string): string {
    return fs.readFileSync(this.file(relative), 'utf8');
  }

  /** Copies the crate, installs the VSIX, starts code-server and opens the workbench. */
  async start(): Promise<void> {
    this.tempRoot = fs.mkdtempSync(path.join(os.tmpdir(), `rsc-e2e-${this.name}-`));
    this.workspace = path.join(this.tempRoot, 'learner-crate');
    fs.cpSync(FIXTURE, this.workspace, { recursive: true, filter: (src) => !src.includes('target') });
    for (const name of ['main.rs', 'config.rs', 'raw.rs']) {
      this.original[`src/${name}`] = this.read(`src/${name}`);
    }
    this.profile = installVsix(VSIX_PATH, {
      profile: createProfile(path.join(this.tempRoot, 'profile')),
      settings: this.settings,
    });
    await this.prepare(this.profile);
    this.server = await startCodeServer({ profile: this.profile, folder: this.workspace });
    this.browser = await launchBrowser();
    this.workbench = await openWorkbench(this.browser, this.server.url);
    await this.opened();
  }

  /** After the VSIX is installed, before code-server starts: other extensions, workspace files. */
  protected async prepare(_profile: Profile): Promise<void> {}

  /** After the workbench opened: waits for the Node extension host to activate the extension. */
  protected async opened(): Promise<void> {
    assert.ok(this.profile);
    try {
      await waitForActivation(this.profile, EXTENSION_ID, 30_000);
    } catch (error) {
      await this.shot('activation-failed');
      throw error;
    }
  }

  async stop(): Promise<void> {
    if (this.workbench) await this.shot('final').catch(() => undefined);
    await this.browser?.close().catch(() => undefined);
    if (this.server) await stopCodeServer(this.server);
    if (!this.tempRoot) return;
    if (process.env.E2E_KEEP === '1') console.log(`kept ${this.tempRoot}`);
    else fs.rmSync(this.tempRoot, { recursive: true, force: true });
  }

  /**
   * Log folders (`exthost<N>`) of extension hosts that were shut down on purpose (the page was
   * closed): what they log while stopping ("Channel has been closed" from requests in flight) is
   * not the extension's fault. `retireExtensionHosts` returns those lines for a note.
   */
  readonly retiredHostDirs = new Set<string>();

  /** Call after closing the page: later checks skip the logs of the extension hosts so far. */
  retireExtensionHosts(): string[] {
    assert.ok(this.profile);
    const dirs = findExtensionHostLogs(this.profile).exthost.map((file) => path.dirname(file));
    const inDirs = (file: string) => dirs.some((dir) => file.startsWith(dir + path.sep));
    const lines = [
      ...findActivationErrors(this.profile, EXTENSION_ID, inDirs),
      ...findExtensionLogErrors(this.profile, EXTENSION_ID, inDirs),
    ];
    for (const dir of dirs) this.retiredHostDirs.add(dir);
    return lines;
  }

  /** Screenshot `test-output/e2e/<file>-<step>.png`. */
  shot(step: string): Promise<string> {
    return screenshot(this.page, `${this.name}-${step}`);
  }

  /**
   * Fails with the log excerpt when the extension host logged an activation error or the
   * extension's output channel has an `[error]` line.
   */
  assertNoExtensionErrors(): void {
    assert.ok(this.profile);
    const include = (file: string) =>
      ![...this.retiredHostDirs].some((dir) => file.startsWith(dir + path.sep));
    const activation = findActivationErrors(this.profile, EXTENSION_ID, include);
    assert.deepEqual(
      activation,
      [],
      `The extension host logged an activation error for ${EXTENSION_ID} ` +
        `(${findExtensionHostLogs(this.profile).exthost.join(', ')}):\n${activation.join('\n---\n')}`,
    );
    const logged = findExtensionLogErrors(this.profile, EXTENSION_ID, include);
    assert.deepEqual(
      logged,
      [],
      `The extension's output log has [error] entries ` +
        `(${findExtensionOutputLogs(this.profile).join(', ')}):\n${logged.slice(0, 5).join('\n---\n')}`,
    );
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it returns a value other than `undefined`; throws `message()` on time-out. */
export async function waitFor<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  message: () => string,
  timeoutMs = 15_000,
  intervalMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${message()} (waited ${timeoutMs} ms)`);
    await sleep(intervalMs);
  }
}

/** Waits until the file on disk differs from `before`, then returns its text. */
export function waitForFileChange(file: string, before: string, timeoutMs = 15_000): Promise<string> {
  return waitFor(
    () => {
      const text = fs.readFileSync(file, 'utf8');
      return text !== before ? text : undefined;
    },
    () => `${file} was not changed on disk`,
    timeoutMs,
  );
}

/** Replaces the 1-based `line` of `text`. */
export function replaceLine(text: string, line: number, replacement: string): string {
  const lines = text.split('\n');
  assert.ok(line >= 1 && line <= lines.length, `no line ${line}`);
  lines[line - 1] = replacement;
  return lines.join('\n');
}

/** 1-based number of the first line of `text` matching `pattern`. */
export function lineOf(text: string, pattern: RegExp): number {
  const index = text.split('\n').findIndex((line) => pattern.test(line));
  assert.ok(index >= 0, `no line matches ${String(pattern)}`);
  return index + 1;
}

/** 1-based column of the middle of the first `word` on `line` of `text`. */
export function columnOf(text: string, line: number, word: string): number {
  const index = (text.split('\n')[line - 1] ?? '').indexOf(word);
  assert.ok(index >= 0, `"${word}" is not on line ${line}`);
  return index + 1 + Math.floor(word.length / 2);
}

/** Runs a command through the command palette (F1), picking the row whose label is `label`. */
export async function runCommand(page: Page, label: string): Promise<void> {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await waitFor(
    async () => {
      if (await input.isVisible()) return true;
      await page.keyboard.press('F1');
      return (await input
        .waitFor({ state: 'visible', timeout: 2_000 })
        .then(() => true)
        .catch(() => false))
        ? true
        : undefined;
    },
    () => 'the command palette (F1) did not open',
    15_000,
  );
  await input.fill(`>${label}`);
  const row = page
    .locator('.quick-input-widget .monaco-list-row', { has: page.locator('.label-name', { hasText: label }) })
    .first();
  await row.waitFor({ state: 'visible', timeout: 10_000 });
  // The first row is focused; make sure it is ours before pressing Enter.
  const focused = page.locator('.quick-input-widget .monaco-list-row.focused .label-name');
  const focusedText = (await focused.first().innerText()).replace(/\s+/g, ' ').trim();
  if (!focusedText.includes(label)) await row.click();
  else await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden', timeout: 10_000 });
}

/** Saves every dirty editor (File: Save All, Ctrl+K S) and waits until no tab is dirty. */
export async function saveAll(page: Page): Promise<void> {
  await runCommand(page, 'File: Save All');
  await page
    .locator('.tabs-container .tab.dirty')
    .first()
    .waitFor({ state: 'detached', timeout: 10_000 })
    .catch(() => undefined);
}

export interface ProblemRow {
  file: string;
  /** 1-based, from the row's `[Ln 16, Col 39]`. */
  line: number;
  code: string;
  text: string;
}

/**
 * Opens the Problems panel and returns the marker rows with the file row they are under, in
 * display order (scrolled through: see `allListRows`).
 */
export async function readProblemsByFile(page: Page): Promise<ProblemRow[]> {
  const panel = page.locator('.markers-panel');
  if (!(await panel.isVisible())) {
    await page.keyboard.press(`${mod}+Shift+M`);
    await panel.waitFor({ state: 'visible' });
  }
  const rows = await allListRows(page, panel);
  const problems: ProblemRow[] = [];
  let file = '';
  for (const row of rows) {
    // A file row ("3 problems in file main.rs of folder src"); its aria-level is not always set.
    if (row.level === '1' || (!row.marker && / in file /.test(row.label))) {
      // File rows render "main.rs src 5" (name, folder, count).
      file = row.text.trim();
      continue;
    }
    const position = /\[Ln (\d+), Col (\d+)\]/.exec(row.text);
    // "…message.rust-safety-coach(unwrap-used)[Ln 16, Col 39]"; the parentheses are CSS, so
    // the text may run the source and the code together.
    const code = CODE_PATTERN.exec(row.text)?.[1] ?? '';
    problems.push({ file, line: position ? Number(position[1]) : 0, code, text: row.text });
  }
  return problems;
}

/** The frame that holds the lesson panel's page (webview iframe → `active-frame`), once drawn. */
export async function lessonFrame(page: Page, timeoutMs = 20_000): Promise<Frame> {
  return waitFor(
    async () => {
      const candidates = page
        .frames()
        .filter(
          (frame) =>
            frame.name() === 'active-frame' || /vscode-webview|webview\/browser\/pre/.test(frame.url()),
        );
      for (const frame of candidates) {
        try {
          if ((await frame.locator('#lesson-title').count()) > 0) return frame;
        } catch {
          // a frame that is navigating or detached
        }
      }
      return undefined;
    },
    () =>
      `no webview frame shows #lesson-title; frames: ${JSON.stringify(
        page.frames().map((frame) => `${frame.name()} ${frame.url().slice(0, 120)}`),
      )}`,
    timeoutMs,
  );
}

export interface LessonView {
  title: string;
  /** `data-row` of the highlighted (`tr.match`) rows. */
  highlighted: string[];
  /** "src/main.rs:21" when the panel shows a finding. */
  where: string;
  hasApplyFix: boolean;
}

export async function readLessonView(frame: Frame): Promise<LessonView> {
  return frame.evaluate(() => ({
    title: document.getElementById('lesson-title')?.textContent ?? '',
    highlighted: Array.from(document.querySelectorAll('tr.match')).map(
      (row) => row.getAttribute('data-row') ?? '',
    ),
    where: document.querySelector('.finding .where')?.textContent ?? '',
    hasApplyFix: Boolean(document.getElementById('apply-fix')),
  }));
}

/** Waits until the lesson panel shows `title` (and, when given, the finding at `where`). */
export async function waitForLesson(
  page: Page,
  expected: { title: string; where?: string },
  timeoutMs = 20_000,
): Promise<{ frame: Frame; view: LessonView }> {
  let last: LessonView | undefined;
  return waitFor(
    async () => {
      const frame = await lessonFrame(page, timeoutMs).catch(() => undefined);
      if (!frame) return undefined;
      const view = await readLessonView(frame).catch(() => undefined);
      last = view;
      if (!view || view.title !== expected.title) return undefined;
      if (expected.where !== undefined && view.where !== expected.where) return undefined;
      return { frame, view };
    },
    () => `the lesson panel does not show ${JSON.stringify(expected)}; last seen: ${JSON.stringify(last)}`,
    timeoutMs,
  );
}

/** Opens the Rust Safety Coach container from the activity bar and returns the Findings pane. */
export async function openCoachSidebar(page: Page): Promise<Locator> {
  const icon = page
    .locator('.activitybar .action-item a.action-label[aria-label^="Rust Safety Coach"]')
    .first();
  await icon.waitFor({ state: 'visible' });
  const pane = findingsPane(page);
  if (!(await pane.isVisible())) await icon.click();
  await pane.waitFor({ state: 'visible' });
  return pane;
}

function findingsPane(page: Page): Locator {
  return page
    .locator('.part.sidebar .pane', {
      has: page.locator('.pane-header', { has: page.locator('h3.title', { hasText: /^Findings$/ }) }),
    })
    .first();
}

/** The Findings view's description in its header (the count it lists). */
export async function findingsDescription(page: Page): Promise<string> {
  const description = findingsPane(page).locator('.pane-header .description').first();
  return ((await description.textContent().catch(() => '')) ?? '').trim();
}

/** Clicks a button of the Findings view's title (shown while the header is hovered). */
export async function clickFindingsTitleAction(page: Page, label: string): Promise<void> {
  const header = findingsPane(page).locator('.pane-header').first();
  await header.hover();
  const button = header.locator(`.actions a.action-label[aria-label="${label}"]`).first();
  await button.waitFor({ state: 'visible' });
  await button.click();
}

export interface TreeRow {
  level: number;
  label: string;
  description: string;
}

/** The rows of the Findings view, in display order. */
export async function readFindingsTree(page: Page): Promise<TreeRow[]> {
  const pane = findingsPane(page);
  return pane.locator('.monaco-list-row').evaluateAll((elements) =>
    elements
      .map((element) => ({
        top: parseFloat((element as HTMLElement).style.top) || 0,
        level: Number(element.getAttribute('aria-level') ?? '0'),
        label: (element.querySelector('.label-name')?.textContent ?? '').replace(/\u00a0/g, ' ').trim(),
        description: (element.querySelector('.label-description')?.textContent ?? '').trim(),
      }))
      .sort((a, b) => a.top - b.top)
      .map(({ level, label, description }) => ({ level, label, description })),
  );
}

/** Clicks the Findings row at `level` (2: under a lesson, 3: under a file) whose label starts with `labelStart`. */
export async function clickFinding(page: Page, labelStart: string, level = 2): Promise<void> {
  const row = findingsPane(page)
    .locator(`.monaco-list-row[aria-level="${level}"]`, {
      has: page.locator('.label-name', { hasText: labelStart }),
    })
    .first();
  await row.waitFor({ state: 'visible' });
  await row.click();
}

/** Places the caret at the end of `line` and types `text` on a new line below it. */
export async function typeNewLineAfter(page: Page, line: number, text: string): Promise<void> {
  await goToLine(page, line);
  await focusEditor(page);
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.keyboard.type(text);
}

/** Type-checks the crate: `cargo check --offline`, or `rustc --emit=metadata` without cargo. */
export function checkCrate(workspace: string): { ok: boolean; command: string; output: string } {
  const targetDir = path.join(workspace, '..', 'cargo-target');
  const cargo = spawnSync('cargo', ['check', '--offline', '--quiet'], {
    cwd: workspace,
    encoding: 'utf8',
    env: { ...process.env, CARGO_TARGET_DIR: targetDir },
    timeout: 120_000,
  });
  if (!cargo.error) {
    return {
      ok: cargo.status === 0,
      command: 'cargo check --offline',
      output: `${cargo.stdout}${cargo.stderr}`,
    };
  }
  fs.mkdirSync(targetDir, { recursive: true });
  const rustc = spawnSync(
    'rustc',
    ['--edition', '2021', '--emit=metadata', '--out-dir', targetDir, 'src/main.rs'],
    { cwd: workspace, encoding: 'utf8', timeout: 120_000 },
  );
  if (rustc.error) throw new Error(`neither cargo nor rustc can run: ${rustc.error.message}`);
  return {
    ok: rustc.status === 0,
    command: 'rustc --edition 2021 --emit=metadata src/main.rs',
    output: `${rustc.stdout}${rustc.stderr}`,
  };
}
