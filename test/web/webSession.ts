/**
 * A code-server session whose extension runs in the browser's web-worker extension host: the
 * VSIX's `browser` entry, chosen by `"remote.extensionKind": { <id>: ["ui"] }` in user settings.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { EXTENSION_ID } from '../e2e/codeServer';
import { Session } from '../e2e/session';

export const WEB_SETTINGS: Readonly<Record<string, unknown>> = {
  'remote.extensionKind': { [EXTENSION_ID]: ['ui'] },
  'editor.minimap.enabled': false,
  'files.autoSave': 'off',
  'files.insertFinalNewline': false,
  'files.trimTrailingWhitespace': false,
  'workbench.editor.enablePreview': false,
  'editor.quickSuggestions': { other: 'off', comments: 'off', strings: 'off' },
};

/** The e2e session, with the web settings and a record of the page's workers. */
export class WebSession extends Session {
  /** URLs of the page's workers, as Playwright reported them (the extension host's among them). */
  readonly workerUrls: string[] = [];

  constructor() {
    super('web', WEB_SETTINGS);
  }

  /** No Node extension host runs the extension here: the test checks the web one itself. */
  protected override opened(): Promise<void> {
    const note = (url: string) => this.workerUrls.push(url);
    for (const worker of this.page.workers()) note(worker.url());
    this.page.on('worker', (worker) => note(worker.url()));
    return Promise.resolve();
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
