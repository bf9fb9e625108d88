// The extension's activation time in a real VS Code (code-server 4.100.3 = VS Code 1.100.3), as the
// extension host itself records it: "Developer: Startup Performance" lists, per extension, the time
// to load its main file (`codeLoadingTime`), to run `activate()` until it returns (`activateCallTime`)
// and to settle the promise it returned (`activateResolvedTime`). Each run starts a fresh code-server
// with a fresh user-data-dir, opens a folder without Cargo.toml (so nothing activates the extension at
// start-up) and then a `.rs` file, so the figure is one `onLanguage:rust` activation.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import {
  EXTENSION_ID,
  createProfile,
  hasActivated,
  installVsix,
  startCodeServer,
  stopCodeServer,
  waitForActivation,
  writeUserSettings,
  type Profile,
  type RunningServer,
} from '../test/e2e/codeServer';
import { runCommand, waitFor } from '../test/e2e/session';
import { currentLineText, launchBrowser, openFile, openWorkbench } from '../test/e2e/workbench';

export interface ActivationTimes {
  /** `require()` of dist/extension.js and everything it imports (ms). */
  loadCode: number;
  /** The `activate()` call until it returns (ms). */
  callActivate: number;
  /** From `activate()` returning until its promise settles; ours returns nothing (ms). */
  finishActivate: number;
  /** The activation event VS Code reports, e.g. `onLanguage:rust`. */
  event: string;
  /** Share of the machine's CPU time that was idle in the second before the file was opened. */
  idleBefore: number;
}

const ROOT = path.resolve(__dirname, '..');
const RUST_FILE = path.join(ROOT, 'test', 'fixtures', 'learner-crate', 'src', 'main.rs');
const mod = process.platform === 'darwin' ? 'Meta' : 'Control';

/**
 * Parses this extension's row of the "Extension Activation Stats" table:
 * `| <id> | <eager> | <load code> | <call activate> | <finish activate> | <event> | <by> |`.
 */
export function parseActivationRow(
  line: string,
  extensionId = EXTENSION_ID,
): Omit<ActivationTimes, 'idleBefore'> | undefined {
  const cells = line
    .split('|')
    .slice(1, -1)
    .map((cell) => cell.trim());
  if (cells.length !== 7 || cells[0]?.toLowerCase() !== extensionId.toLowerCase()) return undefined;
  const [loadCode, callActivate, finishActivate] = cells.slice(2, 5).map(Number);
  if (loadCode === undefined || callActivate === undefined || finishActivate === undefined) return undefined;
  if (![loadCode, callActivate, finishActivate].every(Number.isFinite)) return undefined;
  return { loadCode, callActivate, finishActivate, event: cells[5] ?? '' };
}

/** Opens "Developer: Startup Performance" and reads this extension's row, once it is there. */
async function readStartupPerformance(page: Page): Promise<Omit<ActivationTimes, 'idleBefore'>> {
  await runCommand(page, 'Developer: Startup Performance');
  let last = '';
  return waitFor(
    async () => {
      // The view is a read-only markdown editor that renders only the lines in sight: find the
      // row with the editor's own Find, then read the line the caret is on.
      await page.locator('.editor-instance .monaco-editor textarea').first().focus();
      await page.keyboard.press(`${mod}+F`);
      const input = page.locator('.find-widget textarea, .find-widget input').first();
      await input.waitFor({ state: 'visible', timeout: 5_000 });
      await input.fill(`| ${EXTENSION_ID} `);
      await page.keyboard.press('Enter');
      await page.keyboard.press('Escape');
      await page.keyboard.press('Home');
      last = await currentLineText(page);
      return parseActivationRow(last);
    },
    () => `"Developer: Startup Performance" has no row for ${EXTENSION_ID}; last line read: ${last}`,
    30_000,
    1_000,
  );
}

/** Idle and total CPU ticks of the whole machine (other jobs included), from /proc/stat. */
function cpuTicks(): { idle: number; total: number } | undefined {
  try {
    const fields = fs
      .readFileSync('/proc/stat', 'utf8')
      .split('\n')[0]
      ?.trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    if (!fields || fields.length < 5) return undefined;
    // user nice system idle iowait …: idle and iowait are the idle time.
    return { idle: (fields[3] ?? 0) + (fields[4] ?? 0), total: fields.reduce((a, b) => a + b, 0) };
  } catch {
    return undefined;
  }
}

/**
 * Waits until at least `minIdle` of the machine's CPU time was idle over one second (the
 * workbench's own start-up and other jobs compete with the extension host), or `timeoutMs`
 * passes; returns the idle share of the last second (NaN without /proc/stat).
 */
async function waitForQuietCpu(page: Page, minIdle = 0.5, timeoutMs = 20_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const before = cpuTicks();
    await page.waitForTimeout(1_000);
    const after = cpuTicks();
    if (!before || !after) return NaN;
    const idle = (after.idle - before.idle) / Math.max(1, after.total - before.total);
    if (idle >= minIdle || Date.now() > deadline) return idle;
  }
}

async function oneRun(
  browser: Browser,
  root: string,
  extensionsDir: string,
  folder: string,
  run: number,
  quietTimeoutMs: number,
): Promise<ActivationTimes> {
  const fresh = createProfile(path.join(root, `run-${run}`));
  // A fresh user-data-dir (no restored editors, no cached state); the extension installed once.
  const profile: Profile = { ...fresh, extensionsDir };
  writeUserSettings(profile);
  let server: RunningServer | undefined;
  let page: Page | undefined;
  // The folder holds no .rs file until the Rust file is opened: `workspaceContains:**/*.rs` would
  // activate the extension at start-up, and the row times `onLanguage:rust`.
  const rustFile = path.join(folder, 'src', 'main.rs');
  fs.rmSync(rustFile, { force: true });
  try {
    server = await startCodeServer({ profile, folder });
    page = (await openWorkbench(browser, server.url)).page;
    // Let the built-in extensions' start-up work finish first: it competes for the same cores.
    await page.waitForTimeout(2_000);
    const idleBefore = await waitForQuietCpu(page, 0.5, quietTimeoutMs);
    if (hasActivated(profile)) throw new Error(`${EXTENSION_ID} activated before a Rust file was opened`);
    fs.copyFileSync(RUST_FILE, rustFile);
    await openFile(page, 'src/main.rs');
    await waitForActivation(profile, EXTENSION_ID, 30_000);
    return { ...(await readStartupPerformance(page)), idleBefore };
  } finally {
    await page
      ?.context()
      .close()
      .catch(() => undefined);
    if (server) await stopCodeServer(server);
  }
}

/**
 * Installs `vsix` once and measures `runs` activations, each in a fresh code-server. Before each
 * Rust file is opened it waits up to `quietTimeoutMs` for the machine to be half idle.
 */
export async function measureActivation(
  vsix: string,
  runs: number,
  log: (message: string) => void,
  quietTimeoutMs = 20_000,
): Promise<ActivationTimes[]> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rsc-bench-activate-'));
  let browser: Browser | undefined;
  try {
    const folder = path.join(root, 'workspace');
    fs.mkdirSync(path.join(folder, 'src'), { recursive: true });
    const installed = installVsix(vsix, { profile: createProfile(path.join(root, 'install')) });
    browser = await launchBrowser();
    const times: ActivationTimes[] = [];
    for (let i = 0; i < runs; i++) {
      log(`activate() in code-server, run ${i + 1}/${runs}`);
      times.push(await oneRun(browser, root, installed.extensionsDir, folder, i, quietTimeoutMs));
    }
    return times;
  } finally {
    await browser?.close().catch(() => undefined);
    fs.rmSync(root, { recursive: true, force: true });
  }
}
