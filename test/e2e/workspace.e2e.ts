/**
 * End-to-end: whole-workspace diagnostics in a real VS Code 1.100 (code-server). With the crate's
 * folder open and no file opened, the Problems panel lists the findings of every file; a file
 * written from outside the editor shows up through VS Code's file watcher.
 *
 *   bash test/e2e/setup-vscode.sh && npm run package && node --import tsx --test test/e2e/workspace.e2e.ts
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { Session, e2eSkipReason, readProblemsByFile, waitFor, type ProblemRow } from './session';

describe('workspace diagnostics (code-server)', { skip: e2eSkipReason(), timeout: 240_000 }, () => {
  const session = new Session('workspace');
  const page = () => session.page;

  before(() => session.start());
  after(() => session.stop());

  /** Problems rows of one file, once every row has its line and code (they render in steps). */
  async function problemsOf(fileStart: string, count: number, what: string): Promise<ProblemRow[]> {
    let seen: ProblemRow[] = [];
    await waitFor(
      async () => {
        seen = (await readProblemsByFile(page())).filter((p) => p.file.startsWith(fileStart));
        return seen.length >= count && seen.every((p) => p.code && p.line) ? true : undefined;
      },
      () => `${what}: Problems lists for ${fileStart}: ${JSON.stringify(seen, null, 2)}`,
      60_000,
    ).catch(() => undefined); // the assertions below report what was seen
    return seen;
  }

  it('lists the findings of files that were never opened', async () => {
    // No editor was opened: everything comes from the background scan.
    const config = await problemsOf('config.rs', 3, 'unopened config.rs');
    await session.shot('1-problems-unopened');
    // Problems sorts by severity first: compared in line order.
    assert.deepEqual(config.map((p) => `${p.line}:${p.code}`).sort(), [
      '11:question-mark',
      '15:unwrap-used',
      '5:unwrap-used',
    ]);
    const main = await problemsOf('main.rs', 5, 'unopened main.rs');
    assert.equal(main.length, 5, main.map((p) => p.text).join('\n'));
    const tabs = await page().locator('.tabs-container .tab').count();
    assert.equal(tabs, 0, 'no editor was opened');
  });

  it('picks up a file written outside the editor', async () => {
    fs.writeFileSync(
      session.file('src/extra.rs'),
      'pub fn pick(v: Option<u8>) -> u8 {\n    v.expect("failed")\n}\n',
    );
    const extra = await problemsOf('extra.rs', 1, 'src/extra.rs written on disk');
    await session.shot('2-problems-file-written');
    assert.deepEqual(
      extra.map((p) => `${p.line}:${p.code}`),
      ['2:expect-used'],
    );
  });
});
