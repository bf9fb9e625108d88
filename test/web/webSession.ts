/**
 * A code-server session whose extension runs in the browser's web-worker extension host: the
 * VSIX's `browser` entry, chosen by `"remote.extensionKind": { <id>: ["ui"] }` in user settings.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import {
  EXTENSION_ID,
  VSIX_PATH,
  createProfile,
  installVsix,
  startCodeServer,
  stopCodeServer,
  type Profile,
  type RunningServer,
} from '../e2e/codeServer';
import { FIXTURE } from '../e2e/session';
import { launchBrowser, openWorkbench, screenshot, type Workbench } from '../e2e/workbench';

export const WEB_SETTINGS: Readonly<Record<string, unknown>> = {
  'remote.extensionKind': { [EXTENSION_ID]: ['ui'] },
  'editor.minimap.enabled': false,
  'files.autoSave': 'off',
  'files.insertFinalNewline': false,
  'files.trimTrailingWhitespace': false,
  'workbench.editor.enablePreview': false,
  'editor.quickSuggestions': { other: 'off', comments: 'off', strings: 'off' },
};

export class WebSession {
  tempRoot = '';
  workspace = '';
  profile: Profile | undefined;
  server: RunningServer | undefined;
  browser: Browser | undefined;
  workbench: Workbench | undefined;
  /** URLs of the page's workers, as Playwright reported them (the extension host's among them). */
  readonly workerUrls: string[] = [];

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

  async start(): Promise<void> {
    this.tempRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'rsc-web-'));
    this.workspace = path.join(this.tempRoot, 'learner-crate');
    fs.cpSync(FIXTURE, this.workspace, { recursive: true, filter: (src) => !src.includes('target') });
    this.profile = installVsix(VSIX_PATH, {
      profile: createProfile(path.join(this.tempRoot, 'profile')),
      settings: WEB_SETTINGS,
    });
    this.server = await startCodeServer({ profile: this.profile, folder: this.workspace });
    this.browser = await launchBrowser();
    this.workbench = await openWorkbench(this.browser, this.server.url);
    const note = (url: string) => this.workerUrls.push(url);
    for (const worker of this.page.workers()) note(worker.url());
    this.page.on('worker', (worker) => note(worker.url()));
  }

  async stop(): Promise<void> {
    if (this.workbench) await this.shot('final').catch(() => undefined);
    await this.browser?.close().catch(() => undefined);
    if (this.server) await stopCodeServer(this.server);
    if (!this.tempRoot) return;
    if (process.env.E2E_KEEP === '1') console.log(`kept ${this.tempRoot}`);
    else fs.rmSync(this.tempRoot, { recursive: true, force: true });
  }

  /** Screenshot `test-output/e2e/web-<step>.png`. */
  shot(step: string): Promise<string> {
    return screenshot(this.page, `web-${step}`);
  }

  /** Node processes running the extension's desktop server from this session's profile. */
  nodeServerProcesses(): string[] {
    assert.ok(this.profile);
    const ps = spawnSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
    return ps.stdout
      .split('\n')
      .filter((line) => line.includes(this.profile?.extensionsDir ?? '\0') && /dist[\\/]server/.test(line));
  }
}
