/**
 * End-to-end on the web: code-server with the extension forced into the browser's web-worker
 * extension host (the VSIX's `browser` entry, its server in a nested Web Worker started from a
 * Blob URL). Diagnostics, hover, the `?` quick fix, the lesson panel and the sidebar, with
 * screenshots in test-output/e2e/web-*.png.
 *
 *   bash test/e2e/setup-vscode.sh && npm run package && node --import tsx --test test/web/web.e2e.ts
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { EXTENSION_ID, hasActivated } from '../e2e/codeServer';
import {
  columnOf,
  e2eSkipReason,
  openCoachSidebar,
  readFindingsTree,
  readProblemsByFile,
  replaceLine,
  waitFor,
  waitForFileChange,
  waitForLesson,
} from '../e2e/session';
import { hoverWord, openFile, quickFix, saveActiveEditor } from '../e2e/workbench';
import { WebSession } from './webSession';

const UNWRAP_TITLE = 'unwrap() on None or Err panics';

describe(
  'VS Code for the Web: the coach in the web-worker extension host (code-server)',
  {
    skip: e2eSkipReason(),
    timeout: 240_000,
  },
  () => {
    const session = new WebSession();
    const page = () => session.page;

    before(() => session.start());
    after(() => session.stop());

    it('shows diagnostics on an unwrap, from a server in a Web Worker', async () => {
      await openFile(page(), 'src/main.rs');
      let seen: Awaited<ReturnType<typeof readProblemsByFile>> = [];
      await waitFor(
        async () => {
          seen = (await readProblemsByFile(page())).filter((problem) => problem.file.startsWith('main.rs'));
          return seen.some((problem) => problem.line === 16 && problem.code === 'unwrap-used')
            ? true
            : undefined;
        },
        () => `Problems has no unwrap-used on main.rs:16: ${JSON.stringify(seen, null, 2)}`,
        60_000,
      ).catch(async (error: unknown) => {
        await session.shot('1-diagnostics-failed');
        throw error;
      });
      await session.shot('1-diagnostics');
      console.log(`main.rs problems: ${JSON.stringify(seen.map((p) => `${p.line}:${p.code}`))}`);
      console.log(`workers: ${JSON.stringify(session.workerUrls.map((url) => url.slice(0, 100)))}`);
      // Not the desktop route: the Node extension host never activated the extension, and no Node
      // server process was started for this profile.
      assert.ok(session.profile);
      assert.equal(
        hasActivated(session.profile, EXTENSION_ID),
        false,
        'activated in the Node extension host',
      );
      assert.deepEqual(session.nodeServerProcesses(), []);
      // The web-worker extension host's iframe, whose workers (and the server's) start from Blob URLs.
      const frames = page()
        .frames()
        .map((frame) => frame.url());
      assert.ok(
        frames.some((url) => /webWorkerExtensionHostIframe/.test(url)),
        `no web-worker extension host iframe among ${JSON.stringify(frames)}`,
      );
      assert.ok(
        session.workerUrls.some((url) => url.startsWith('blob:')),
        'no worker from a Blob URL',
      );
    });

    it('hovers the unwrap with its lesson link', async () => {
      const text = await hoverWord(page(), 16, 'unwrap', { until: /Open lesson/ });
      await session.shot('2-hover');
      assert.match(text, /Open lesson/, `the hover has no "Open lesson" link:\n${text}`);
    });

    it('opens the lesson panel from the hover link, rendered with the finding', async () => {
      const link = page().locator('.monaco-hover:not(.hidden) a', { hasText: 'Open lesson' }).first();
      await link.click();
      const { view } = await waitForLesson(page(), { title: UNWRAP_TITLE, where: 'src/main.rs:16' });
      await session.shot('3-lesson-panel');
      assert.deepEqual(view.highlighted, ['unwrap-none-err'], 'highlighted table rows');
      assert.ok(view.hasApplyFix, 'the panel offers no "Apply fix" button');
    });

    it('lists the findings in the sidebar', async () => {
      await openFile(page(), 'src/main.rs');
      await openCoachSidebar(page());
      const rows = await waitFor(
        async () => {
          const tree = await readFindingsTree(page());
          return tree.some((row) => row.label.startsWith('line 16:')) ? tree : undefined;
        },
        () => 'the Findings view does not list line 16',
      );
      await session.shot('4-sidebar');
      console.log(`findings: ${JSON.stringify(rows.map((row) => row.label))}`);
    });

    it('applies the `?` quick fix', async () => {
      await openFile(page(), 'src/main.rs');
      const file = session.file('src/main.rs');
      const before = session.read('src/main.rs');
      const line = 16;
      assert.equal(before.split('\n')[line - 1], '    let best = lengths.values().max().unwrap();');
      await quickFix(page(), {
        line,
        column: columnOf(before, line, 'unwrap'),
        pick: /^Propagate `None` with `\?`/,
      });
      await saveActiveEditor(page());
      const after = await waitForFileChange(file, before);
      await session.shot('5-question-mark-fix');
      assert.equal(after, replaceLine(before, line, '    let best = lengths.values().max()?;'));
    });
  },
);
