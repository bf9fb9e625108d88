/**
 * End-to-end smoke test in a real VS Code (code-server 4.100.3 = VS Code 1.100.3):
 * installs `rust-safety-coach.vsix`, opens the learner crate and checks the workbench,
 * the activation, the Problems panel and a hover.
 *
 *   bash test/e2e/setup-vscode.sh && npm run package && node --import tsx --test test/e2e/smoke.e2e.ts
 *
 * Screenshots go to `test-output/e2e/`. Set E2E_KEEP=1 to keep the temp profile.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import {
  CODE_SERVER_ENTRY,
  EXTENSION_ID,
  REPO_ROOT,
  VSIX_PATH,
  createProfile,
  findActivationErrors,
  findExtensionLogErrors,
  findExtensionOutputLogs,
  findExtensionHostLogs,
  installVsix,
  readExtensionHostLogs,
  startCodeServer,
  stopCodeServer,
  waitForActivation,
  type Profile,
  type RunningServer,
} from './codeServer';
import {
  dismiss,
  hoverWord,
  launchBrowser,
  openFile,
  openWorkbench,
  quickFix,
  readProblems,
  saveActiveEditor,
  screenshot,
  statusBarProblemText,
  type Workbench,
} from './workbench';

const FIXTURE = path.join(REPO_ROOT, 'test', 'fixtures', 'learner-crate');

/** A tiny crate used when the learner-crate fixture is not there. */
const FALLBACK_MAIN_RS = `fn main() {
    let text = std::fs::read_to_string("Cargo.toml").unwrap();
    let first = text.lines().next().unwrap();
    println!("{first}");
}
`;

/** Copies the learner crate (or writes the fallback) into a temp folder the test may change. */
function prepareWorkspace(root: string): string {
  const folder = path.join(root, 'learner-crate');
  if (fs.existsSync(path.join(FIXTURE, 'src', 'main.rs'))) {
    fs.cpSync(FIXTURE, folder, { recursive: true, filter: (src) => !src.includes(`${path.sep}target`) });
  } else {
    console.log(`${FIXTURE} not found: using a tiny temp crate instead`);
    fs.mkdirSync(path.join(folder, 'src'), { recursive: true });
    fs.writeFileSync(
      path.join(folder, 'Cargo.toml'),
      '[package]\nname = "learner-crate"\nversion = "0.1.0"\nedition = "2021"\n',
    );
    fs.writeFileSync(path.join(folder, 'src', 'main.rs'), FALLBACK_MAIN_RS);
  }
  return folder;
}

/** 1-based number of the first line of `text` matching `pattern`. */
function lineOf(text: string, pattern: RegExp): number {
  const index = text.split('\n').findIndex((line) => pattern.test(line));
  assert.ok(index >= 0, `no line matches ${String(pattern)}`);
  return index + 1;
}

const missing = [VSIX_PATH, CODE_SERVER_ENTRY].filter((file) => !fs.existsSync(file));
const skip =
  missing.length > 0
    ? `missing ${missing.map((file) => path.relative(REPO_ROOT, file)).join(', ')} ` +
      '(run: bash test/e2e/setup-vscode.sh && npm run package)'
    : false;

describe('Rust Safety Coach in VS Code 1.100 (code-server)', { skip, timeout: 300_000 }, () => {
  let tempRoot = '';
  let profile: Profile | undefined;
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let workbench: Workbench | undefined;
  let workspace = '';
  let mainRs = '';

  const page = (): Page => {
    assert.ok(workbench, 'the workbench is not open');
    return workbench.page;
  };

  before(async () => {
    tempRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'rsc-e2e-'));
    workspace = prepareWorkspace(tempRoot);
    mainRs = fs.readFileSync(path.join(workspace, 'src', 'main.rs'), 'utf8');
    profile = installVsix(VSIX_PATH, { profile: createProfile(path.join(tempRoot, 'profile')) });
    assert.ok(
      fs.readdirSync(profile.extensionsDir).some((name) => name.startsWith(`${EXTENSION_ID}-`)),
      `the VSIX was not unpacked into ${profile.extensionsDir}`,
    );
    server = await startCodeServer({ profile, folder: workspace });
    browser = await launchBrowser();
  });

  after(async () => {
    if (workbench) await screenshot(workbench.page, 'smoke-final').catch(() => undefined);
    await browser?.close().catch(() => undefined);
    if (server) await stopCodeServer(server);
    if (profile && process.env.E2E_KEEP !== '1') {
      fs.rmSync(tempRoot, { recursive: true, force: true });
    } else if (profile) {
      console.log(`kept ${tempRoot}`);
    }
  });

  it('loads the workbench', async () => {
    assert.ok(server && browser);
    workbench = await openWorkbench(browser, server.url);
    await screenshot(page(), 'smoke-1-workbench');
    const title = await page().title();
    assert.match(title, /learner-crate/, `unexpected window title ${title}`);
  });

  it('activates the extension without an activation error', async () => {
    assert.ok(profile);
    // `workspaceContains:**/Cargo.toml` activates it as soon as the folder opens.
    try {
      await waitForActivation(profile, EXTENSION_ID, 30_000);
    } catch (error) {
      await screenshot(page(), 'smoke-activation-failed');
      throw error;
    }
    // Give the language server a moment to start, then check both logs again.
    await page().waitForTimeout(3_000);
    const errors = findActivationErrors(profile);
    assert.deepEqual(errors, [], `activation errors in ${findExtensionHostLogs(profile).exthost.join(', ')}`);
    const logErrors = findExtensionLogErrors(profile);
    assert.equal(
      logErrors.length,
      0,
      `the extension logged errors after activating (${findExtensionOutputLogs(profile).join(', ')}):\n` +
        logErrors.slice(0, 3).join('\n---\n'),
    );
  });

  it('reports unwrap-used for src/main.rs in the Problems panel', async () => {
    assert.ok(profile);
    await openFile(page(), 'src/main.rs');
    const problems = await readProblems(page(), { minCount: 1, timeoutMs: 20_000 });
    await screenshot(page(), 'smoke-2-problems');
    const unwrapRows = problems.filter((problem) =>
      `${problem.label} ${problem.text}`.includes('unwrap-used'),
    );
    assert.ok(
      unwrapRows.length > 0,
      `no unwrap-used problem. Problems panel: ${JSON.stringify(problems, null, 2)}\n` +
        `status bar: ${await statusBarProblemText(page())}\n` +
        `extension logs:\n${readExtensionHostLogs(profile).slice(-3_000)}`,
    );
    console.log(
      `${problems.length} problems, ${unwrapRows.length} unwrap-used; first: ${unwrapRows[0]?.text}`,
    );
  });

  it('explains unwrap and links its lesson in a hover', async () => {
    const line = lineOf(mainRs, /\.unwrap\(\)/);
    const text = await hoverWord(page(), line, 'unwrap', { until: /lesson/i });
    await screenshot(page(), 'smoke-3-hover');
    await dismiss(page());
    assert.match(text, /lesson/i, `the hover on line ${line} does not mention the lesson:\n${text}`);
    assert.match(text, /unwrap/i, `the hover on line ${line} does not mention unwrap:\n${text}`);
  });

  it('offers quick fixes for unwrap (Ctrl+.)', async () => {
    const line = lineOf(mainRs, /\.unwrap\(\)/);
    const column = (mainRs.split('\n')[line - 1] ?? '').indexOf('unwrap') + 2;
    const titles = await quickFix(page(), { line, column });
    await screenshot(page(), 'smoke-4-quick-fix');
    await dismiss(page());
    console.log(`quick fixes on line ${line}: ${JSON.stringify(titles)}`);
    assert.ok(titles.length > 0, 'the Quick Fix menu is empty');
  });

  it('applies the `?` quick fix and saves it to disk', async () => {
    const file = path.join(workspace, 'src', 'main.rs');
    // In `fn longest(..) -> Option<usize>` the unwrap can become `?`.
    const line = lineOf(mainRs, /\.max\(\)\.unwrap\(\)/);
    const column = (mainRs.split('\n')[line - 1] ?? '').indexOf('unwrap') + 2;
    const titles = await quickFix(page(), { line, column, pick: /\?/ });
    await saveActiveEditor(page());
    const deadline = Date.now() + 10_000;
    let saved = fs.readFileSync(file, 'utf8');
    while (saved === mainRs && Date.now() < deadline) {
      await page().waitForTimeout(200);
      saved = fs.readFileSync(file, 'utf8');
    }
    await screenshot(page(), 'smoke-5-after-fix');
    const fixedLine = saved.split('\n')[line - 1] ?? '';
    assert.doesNotMatch(
      fixedLine,
      /unwrap/,
      `line ${line} still unwraps after ${JSON.stringify(titles)}: ${fixedLine}`,
    );
    assert.match(fixedLine, /\?/, `line ${line} has no \`?\` after the fix: ${fixedLine}`);
  });
});
