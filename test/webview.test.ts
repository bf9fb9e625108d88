// The lesson panel (webview): its real HTML and bundled script in headless Chromium, with a fake
// `acquireVsCodeApi`, plus the pure pieces it is fed by (message validator, arguments, fix preview).
//
// Needs `node scripts/build.mjs` (run here when dist/webview is missing or older than webview/).
// Screenshots go to test-output/webview/.
// Run: node --import tsx --test test/webview.test.ts
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';

import { renderMarkdown } from '../webview/markdown';
import { parseLessonPanelArgs, parsePanelState } from '../src/client/lessonPanel/args';
import { applyEdits, findingView, fixDiff } from '../src/client/lessonPanel/findingView';
import { lessonPanelHtml } from '../src/client/lessonPanel/html';
import { parseLesson } from '../src/shared/lessons/catalog';
import { TABLES, TABLE_IDS } from '../src/shared/lessons/tables';
import type { LessonFindingArgs } from '../src/shared/protocol';
import { parseWebviewMessage, type FindingView, type ShowLessonMessage } from '../src/shared/webviewProtocol';
import { launchBrowser, WebviewHost, type OpenWebviewOptions, type WebviewPage } from './support/browser';
import {
  ensureWebviewBuilt,
  highlightedLessonMessage,
  realLessonMessage,
  RUST,
  UNWRAP_FINDING,
} from './support/lessonPanelFixture';

const ROOT = path.resolve(__dirname, '..');
const DIST = path.join(ROOT, 'dist', 'webview');
const OUT = path.join(ROOT, 'test-output', 'webview');
const NONCE = 'dGVzdC1ub25jZS0xMjM0NTY3';

/** The same HTML the extension sets, with `asWebviewUri` mapped to file:// URLs of the bundle. */
function panelHtml(): string {
  return lessonPanelHtml({
    cspSource: 'file:',
    scriptUri: pathToFileURL(path.join(DIST, 'lessonPanel.js')).href,
    styleUri: pathToFileURL(path.join(DIST, 'lessonPanel.css')).href,
    nonce: NONCE,
  });
}

const LESSON = parseLesson(
  'unwrap-used',
  `---
id: unwrap-used
title: unwrap() on None or Err panics
rules: [unwrap-used]
table: failure-modes
row: unwrap-none-err
level: beginner
order: 4
---

\`unwrap()\` says "I am certain this \`Option\` is \`Some\`". When you are wrong, the program panics.

## What goes wrong

Calling \`unwrap()\` on \`None\` starts a panic:

\`\`\`text
called \`Option::unwrap()\` on a \`None\` value
\`\`\`

## Try it

Then read [expect() panics too](lesson:expect-used) and [the Rust book](https://doc.rust-lang.org/book/).

## Self-check

What does \`unwrap()\` on \`None\` do?

- [x] It panics — Right: it never returns a missing value.
- [ ] It returns a default — That is \`unwrap_or_default()\`.
`,
);

const FINDING = UNWRAP_FINDING;

function showLesson(overrides: Partial<ShowLessonMessage> = {}, finding?: FindingView): ShowLessonMessage {
  const message: ShowLessonMessage = {
    type: 'showLesson',
    lesson: { id: LESSON.id, title: LESSON.title, rules: LESSON.rules, markdown: LESSON.body },
    tables: TABLE_IDS.map((id) => TABLES[id]),
    highlight: [{ table: LESSON.table, row: LESSON.row }],
    available: ['unwrap-used', 'expect-used', 'row-null-dereference'],
    understood: false,
    restore: finding ? { lesson: LESSON.id, finding: FINDING } : { lesson: LESSON.id },
    ...overrides,
  };
  if (finding) message.finding = finding;
  return message;
}

const FINDING_VIEW = findingView(FINDING, RUST, { file: 'src/main.rs', stale: false });

let browser: Browser | undefined;
let host: WebviewHost;

function open(name: string, options: OpenWebviewOptions = {}): Promise<WebviewPage> {
  return host.open(panelHtml(), path.join(OUT, `${name}.html`), options);
}

async function openWithLesson(name: string, message: ShowLessonMessage, options: OpenWebviewOptions = {}) {
  const view = await open(name, options);
  await view.page.waitForFunction(() =>
    (window as unknown as { __posted: Array<{ type: string }> }).__posted.some((m) => m.type === 'ready'),
  );
  await view.send(message);
  await view.page.waitForSelector('#lesson-title');
  return view;
}

async function assertClean(view: WebviewPage): Promise<void> {
  assert.deepEqual(await view.violations(), [], 'CSP violations');
  assert.deepEqual(view.consoleErrors, [], 'console errors');
  assert.deepEqual(view.dialogs, [], 'dialogs');
}

describe('lesson panel (webview)', { timeout: 60_000 }, () => {
  before(async () => {
    ensureWebviewBuilt();
    fs.mkdirSync(OUT, { recursive: true });
    browser = await launchBrowser();
    host = await WebviewHost.create(browser);
  });

  after(async () => {
    await browser?.close();
  });

  it('renders the lesson, its tables with the matching row highlighted, and the finding', async () => {
    const view = await openWithLesson('finding', showLesson({}, FINDING_VIEW));
    const { page } = view;

    assert.equal(await page.textContent('#lesson-title'), 'unwrap() on None or Err panics');
    const body = (await page.textContent('.lesson-body')) ?? '';
    assert.match(body, /When you are wrong, the program panics\./);
    assert.equal(await page.textContent('.lesson-body h2'), 'What goes wrong');
    assert.match((await page.textContent('.lesson-body pre code')) ?? '', /called `Option::unwrap\(\)`/);

    // Both tables, as real tables, and exactly the lesson's row marked.
    assert.deepEqual(await page.$$eval('table caption', (els) => els.map((e) => e.textContent)), [
      'Failure modes',
      'Bug classes',
    ]);
    assert.equal(await page.$$eval('thead th[scope="col"]', (els) => els.length), 3 + 4);
    assert.equal(await page.$$eval('tbody th[scope="row"]', (els) => els.length), 5 + 7);
    const marked = await page.$$eval('tr.match, tr[aria-current]', (rows) =>
      rows.map((row) => ({
        table: row.closest('table')?.getAttribute('data-table'),
        row: row.getAttribute('data-row'),
        current: row.getAttribute('aria-current'),
        hidden: row.querySelector('.visually-hidden')?.textContent,
      })),
    );
    assert.deepEqual(marked, [
      { table: 'failure-modes', row: 'unwrap-none-err', current: 'true', hidden: ' (matches this finding)' },
    ]);
    // Inline code in cells is rendered, not shown as backticks.
    assert.equal(await page.textContent('tr[data-row="unwrap-none-err"] th code'), 'unwrap()');

    // The learner's code, with the finding's line marked, and the fix preview.
    assert.equal(
      await page.textContent('.finding-message'),
      'unwrap() panics when the value is None. — src/main.rs:4',
    );
    assert.equal(await page.textContent('.finding-message code'), 'unwrap()');
    const lines = await page.$$eval('.finding > figure.code .line', (els) =>
      els.map((e) => ({ text: e.querySelector('.text')?.textContent, focus: e.classList.contains('focus') })),
    );
    assert.deepEqual(
      lines.map((l) => l.text),
      RUST.split('\n')
        .slice(1, 6)
        .map((l) => l || ' '),
    );
    assert.deepEqual(
      lines.filter((l) => l.focus).map((l) => l.text),
      ['    let raw = config.get("port").unwrap();'],
    );
    const diff = await page.$$eval('pre.diff .line', (els) =>
      els.map((e) => `${e.className.replace('line ', '')}|${e.textContent}`),
    );
    // Old and new line numbers, the sign, what a screen reader hears, the line.
    assert.deepEqual(diff, [
      'context|22  ',
      'context|33 fn port(config: &HashMap<&str, &str>) -> Option<u16> {',
      'removed|4−Removed:     let raw = config.get("port").unwrap();',
      'added|4+Added:     let raw = config.get("port")?;',
      'context|55     raw.parse().ok()',
      'context|66 }',
    ]);
    assert.equal(await page.textContent('pre.diff .hunk-header [aria-hidden]'), '@@ -2,5 +2,5 @@');
    assert.equal(await page.textContent('.fix-title'), 'Replace .unwrap() with ?');

    // The toolkit's elements are defined and have rendered their shadow DOM.
    const toolkit = await page.evaluate(() =>
      ['vscode-button', 'vscode-divider'].map((name) => ({
        name,
        defined: customElements.get(name) !== undefined,
        rendered: [...document.querySelectorAll(name)].every((el) => el.shadowRoot !== null),
        count: document.querySelectorAll(name).length,
      })),
    );
    for (const t of toolkit) assert.ok(t.defined && t.rendered && t.count > 0, JSON.stringify(t));
    assert.ok(await page.$eval('#apply-fix', (el) => el.shadowRoot?.querySelector('button') !== null));

    // Keyboard: Tab goes header button, the code excerpt, the fix's buttons, then the lesson's links.
    const order: string[] = [];
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('Tab');
      order.push(
        await page.evaluate(() => {
          const el = document.activeElement;
          return (
            el?.id ||
            `${el?.tagName.toLowerCase()}${el?.getAttribute('data-lesson') ? `:${el.getAttribute('data-lesson')}` : ''}`
          );
        }),
      );
    }
    assert.deepEqual(order, [
      'mark-understood',
      'apply-fix',
      'go-to-code',
      'a:expect-used',
      'a', // the external link
      'a:row-null-dereference', // a table row's lesson (the lesson's own row is not a link)
    ]);

    // The page kept what the serializer needs to reopen it.
    const state = (await view.state()) as { restore: unknown; view: { lesson: { id: string } } };
    assert.deepEqual(state.restore, { lesson: 'unwrap-used', finding: FINDING });
    assert.equal(state.view.lesson.id, 'unwrap-used');
    await assertClean(view);
  });

  it('folds the answer under Try it until asked for, from the keyboard', async () => {
    const view = await openWithLesson('answer', realLessonMessage('unwrap-used', false));
    const { page } = view;
    const answer = page.locator('details.answer');
    assert.equal(await answer.count(), 1);
    assert.equal(await page.textContent('details.answer > summary'), 'Show the answer');
    assert.equal(await answer.getAttribute('open'), null);
    // Folded: the answer's code is not shown, and the section after it is not folded with it.
    assert.equal(await page.isVisible('details.answer pre'), false);
    assert.ok(
      (await page.textContent('details.answer pre'))?.includes(
        'fn parse_pair(s: &str) -> Option<(i32, i32)>',
      ),
    );
    assert.equal(await page.$('details.answer h2'), null);
    assert.equal(await page.$('.lesson-body h3:text-is("Answer")'), null);
    // The exercise itself stays visible.
    assert.ok(await page.isVisible('.lesson-body p:has-text("Rewrite")'));

    await page.focus('details.answer > summary');
    await page.keyboard.press('Enter');
    assert.equal(await answer.getAttribute('open'), '');
    assert.equal(await page.isVisible('details.answer pre'), true);
    await answer.scrollIntoViewIfNeeded();
    await answer.screenshot({ path: path.join(OUT, 'answer-open.png') });
    await assertClean(view);
  });

  it('asks the self-check with instant, announced feedback and reports the choice', async () => {
    const message = realLessonMessage('unwrap-used', false);
    assert.ok(message.lesson.selfCheck, 'unwrap-used has a self-check');
    const view = await openWithLesson('self-check', message);
    const { page } = view;
    assert.equal(await page.textContent('#self-check-heading'), 'Self-check');
    assert.match((await page.textContent('#self-check-question')) ?? '', /Where does/);
    // The self-check is not left in the lesson's Markdown as well.
    assert.equal(await page.$('.lesson-body h2:text-is("Self-check")'), null);
    const feedback = page.locator('#self-check-feedback');
    assert.equal(await feedback.getAttribute('aria-live'), 'polite');
    assert.equal((await feedback.textContent()) ?? '', '');

    // Keyboard: Tab reaches the choices; Enter answers.
    await page.focus('.self-check button.choice >> nth=0');
    await page.keyboard.press('Enter');
    assert.match(
      (await feedback.textContent()) ?? '',
      /^Incorrect\. No: `?\?`? never panics.*Try another answer\.$/,
    );
    assert.equal(await page.getAttribute('.self-check button.choice >> nth=0', 'aria-pressed'), 'true');
    assert.equal(await page.textContent('.self-check button.choice >> nth=0 >> .mark'), '✗');

    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    assert.match((await feedback.textContent()) ?? '', /^Correct\. Right: /);
    assert.deepEqual(
      await page.$$eval('.self-check button.choice', (els) => els.map((e) => e.getAttribute('aria-pressed'))),
      ['false', 'true', 'false'],
    );
    assert.equal(await page.textContent('.self-check button.choice >> nth=1 >> .mark'), '✓');
    const answers = ((await view.posted()) as Array<{ type: string }>).filter(
      (m) => m.type === 'answerSelfCheck',
    );
    assert.deepEqual(answers, [
      { type: 'answerSelfCheck', lesson: 'unwrap-used', choice: 0 },
      { type: 'answerSelfCheck', lesson: 'unwrap-used', choice: 1 },
    ]);
    for (const posted of answers) assert.deepEqual(parseWebviewMessage(posted), posted);
    await assertClean(view);
  });

  it('shows a lesson without answer or self-check as before', async () => {
    const view = await openWithLesson('no-self-check', showLesson());
    assert.equal(await view.page.$('.self-check'), null);
    assert.equal(await view.page.$('details.answer'), null);
    await assertClean(view);
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`screenshots the diff preview, the opened answer and the answered self-check in ${theme}`, async () => {
      const message = realLessonMessage('unwrap-used', true);
      const view = await openWithLesson(`features-${theme}`, message, {
        theme,
        viewport: { width: 900, height: 900 },
      });
      const { page } = view;
      await page.locator('.finding').screenshot({ path: path.join(OUT, `diff-preview-${theme}.png`) });
      await page.click('details.answer > summary');
      await page.click('.self-check button.choice >> nth=1');
      await page.locator('details.answer').screenshot({ path: path.join(OUT, `answer-open-${theme}.png`) });
      await page.locator('.self-check').screenshot({ path: path.join(OUT, `self-check-${theme}.png`) });
      await assertClean(view);
    });
  }

  for (const theme of ['light', 'dark'] as const) {
    it(`colours Rust in the lesson's code blocks and the fix preview in ${theme}, text unchanged`, async () => {
      const plain = realLessonMessage('unwrap-used', true);
      const message = await highlightedLessonMessage('unwrap-used', true);
      const view = await openWithLesson(`highlight-${theme}`, message, {
        theme,
        viewport: { width: 900, height: 900 },
      });
      const { page } = view;
      const drawn = () =>
        page.evaluate(() => ({
          lesson: [...document.querySelectorAll('.lesson-body pre > code')].map((c) => c.textContent),
          finding: [...document.querySelectorAll('.finding pre')].map((p) => p.textContent),
          tokens: [...document.querySelectorAll('.tok')].map((t) => `${t.className}:${t.textContent}`),
          rustBlocks: document.querySelectorAll('.lesson-body pre > code.language-rust').length,
          colouredBlocks: [...document.querySelectorAll('.lesson-body pre > code.language-rust')].filter(
            (c) => c.querySelector('.tok-keyword'),
          ).length,
          textBlock: document.querySelector('.lesson-body pre > code.language-text')?.querySelector('.tok'),
          colours: Object.fromEntries(
            [...document.querySelectorAll('.tok')].map((t) => [t.className, getComputedStyle(t).color]),
          ),
          foreground: getComputedStyle(document.body).color,
        }));
      const highlighted = await drawn();
      // Every Rust block of the real lesson is coloured; a `text` block is not.
      assert.ok(highlighted.rustBlocks >= 3, `${highlighted.rustBlocks} rust blocks`);
      assert.equal(highlighted.colouredBlocks, highlighted.rustBlocks);
      assert.equal(highlighted.textBlock, null);
      for (const token of [
        'tok tok-keyword:fn',
        'tok tok-keyword:let',
        'tok tok-function:unwrap',
        'tok tok-type:Option',
        'tok tok-string:"port"',
      ]) {
        assert.ok(highlighted.tokens.includes(token), `${token} in ${highlighted.tokens.join(' ')}`);
      }
      // The fix preview's added line is coloured too.
      const added = await page.$$eval('pre.diff .line.added .tok', (els) => els.map((e) => e.textContent));
      assert.ok(added.includes('let') && added.includes('"port"'), added.join(' '));
      // Each kind has a colour of its own, not the text colour.
      for (const kind of ['keyword', 'string', 'function', 'type']) {
        const colour = highlighted.colours[`tok tok-${kind}`];
        assert.ok(colour && colour !== highlighted.foreground, `${kind}: ${colour}`);
      }
      await page.locator('.finding').screenshot({ path: path.join(OUT, `highlight-diff-${theme}.png`) });
      await page
        .locator('.lesson-body pre:has(code.language-rust) >> nth=0')
        .screenshot({ path: path.join(OUT, `highlight-lesson-block-${theme}.png`) });
      await assertClean(view);

      // What a screen reader reads is the same text as without colours.
      const without = await openWithLesson(`highlight-${theme}-plain`, plain, { theme });
      const plainText = await without.page.evaluate(() => ({
        lesson: [...document.querySelectorAll('.lesson-body pre > code')].map((c) => c.textContent),
        finding: [...document.querySelectorAll('.finding pre')].map((p) => p.textContent),
        tokens: document.querySelectorAll('.tok').length,
      }));
      assert.equal(plainText.tokens, 0);
      assert.deepEqual(highlighted.lesson, plainText.lesson);
      assert.deepEqual(highlighted.finding, plainText.finding);
    });
  }

  it('builds colours from token data without ever making markup of it', async () => {
    const evil = '<img src=x onerror=alert(1)>';
    const code = `let s = "${evil}";\n`;
    const message = showLesson({
      lesson: {
        id: 'unwrap-used',
        title: 'Hostile tokens',
        rules: ['unwrap-used'],
        markdown: `\`\`\`rust\n${code}\`\`\`\n`,
        highlights: [
          {
            code,
            lines: [
              {
                line: 1,
                tokens: [
                  [0, 3, 'keyword'],
                  // An unknown kind, a range past the line, an overlap and a non-number: all skipped.
                  [4, 5, `x"><img src=x onerror=alert(1)>` as never],
                  [8, 400, 'string'],
                  [2, 6, 'type'],
                  ['8' as never, 10, 'string'],
                  [8, 8 + evil.length + 2, 'string'],
                ],
              },
            ],
          },
        ],
      },
    });
    const view = await openWithLesson('highlight-hostile', message);
    const result = await view.page.evaluate(() => {
      const block = document.querySelector('.lesson-body pre > code');
      return {
        text: block?.textContent,
        images: document.querySelectorAll('img').length,
        tokens: [...(block?.querySelectorAll('span') ?? [])].map((s) => `${s.className}:${s.textContent}`),
      };
    });
    assert.equal(result.text, code);
    assert.equal(result.images, 0);
    assert.deepEqual(result.tokens, ['tok tok-keyword:let', `tok tok-string:"${evil}"`]);
    await assertClean(view);
  });

  it('posts applyFix, goToCode, openLesson and markUnderstood, and announces the result', async () => {
    const view = await openWithLesson('actions', showLesson({}, FINDING_VIEW));
    const { page } = view;
    const postedTypes = async () => ((await view.posted()) as Array<{ type: string }>).map((m) => m.type);

    await page.click('#apply-fix');
    await page.click('#go-to-code');
    await page.click('.lesson-body a[data-lesson="expect-used"]');
    await page.click('tr[data-row="null-dereference"] a.lesson-link');
    await page.click('#mark-understood');
    assert.deepEqual(await view.posted(), [
      { type: 'ready' },
      { type: 'applyFix' },
      { type: 'goToCode' },
      { type: 'openLesson', lesson: 'expect-used' },
      { type: 'openLesson', lesson: 'row-null-dereference' },
      { type: 'markUnderstood', lesson: 'unwrap-used', understood: true },
    ]);
    // Every posted message passes the extension's validator.
    for (const message of await view.posted()) assert.deepEqual(parseWebviewMessage(message), message);

    // While the fix is on its way the button is unavailable (but focusable); a second click posts nothing.
    assert.equal(await page.getAttribute('#apply-fix', 'aria-disabled'), 'true');
    assert.equal(await page.getAttribute('#apply-fix', 'disabled'), null);
    await page.click('#apply-fix', { force: true });
    assert.equal((await postedTypes()).filter((t) => t === 'applyFix').length, 1);

    await view.send({
      type: 'fixStatus',
      status: 'applied',
      text: 'Fix applied: Replace `.unwrap()` with `?`.',
    });
    await page.waitForFunction(() =>
      document.getElementById('status')?.textContent?.startsWith('Fix applied'),
    );
    assert.equal(await page.getAttribute('#status', 'aria-live'), 'polite');
    assert.equal(await page.getAttribute('#status', 'role'), 'status');
    assert.equal(await page.textContent('#apply-fix'), 'Fix applied');
    // The title's code spans are rendered, as in the heading above.
    assert.equal(await page.textContent('#status code'), '.unwrap()');

    await view.send({ type: 'understood', lesson: 'unwrap-used', understood: true });
    // The state reaches the real button inside the toolkit's element; the label stays the same.
    await page.waitForFunction(
      () =>
        document
          .getElementById('mark-understood')
          ?.shadowRoot?.querySelector('button')
          ?.getAttribute('aria-pressed') === 'true',
    );
    assert.equal(await page.textContent('#mark-understood'), '✓Mark as understood');
    assert.equal(await page.textContent('#understood-status'), 'Marked as understood.');

    await assertClean(view);
  });

  it('hides the finding and its buttons when opened from the catalog', async () => {
    const view = await openWithLesson('catalog', showLesson());
    const { page } = view;
    assert.equal(await page.$('.finding'), null);
    assert.equal(await page.$('#apply-fix'), null);
    assert.equal(await page.$('#go-to-code'), null);
    assert.equal(await page.textContent('tr.match .visually-hidden'), ' (this lesson)');
    await assertClean(view);
  });

  it('shows a stale finding without its fix', async () => {
    const stale = findingView(FINDING, RUST, { file: 'src/main.rs', stale: true });
    const view = await openWithLesson('stale', showLesson({}, stale));
    assert.equal(await view.page.$('#apply-fix'), null);
    assert.equal(await view.page.$('.diff'), null);
    assert.ok(await view.page.$('#go-to-code'));
    assert.match((await view.page.textContent('.notice')) ?? '', /file changed/);
    await assertClean(view);
  });

  it('renders hostile lesson text and code as text', async () => {
    const evil = '<script>alert(1)</script> <img src=x onerror=alert(1)>';
    const message = showLesson(
      {
        lesson: {
          id: 'unwrap-used',
          title: `Title ${evil}`,
          rules: ['unwrap-used'],
          markdown: `# Heading\n\n${evil}\n\n<div onclick="alert(1)">block</div>\n\n[bad](javascript:alert(1)) [odd](lesson:../x)\n\n\`${evil}\`\n\n![img](x)\n`,
        },
      },
      {
        ...FINDING_VIEW,
        message: evil,
        rule: evil,
        code: { firstLine: 1, lines: [evil, `let s = "${evil}";`] },
        focus: { first: 1, last: 1 },
        fix: {
          title: evil,
          hunks: [
            {
              oldStart: 1,
              oldCount: 1,
              newStart: 1,
              newCount: 1,
              lines: [
                { kind: 'removed', oldLine: 1, text: evil },
                { kind: 'added', newLine: 1, text: evil },
              ],
            },
          ],
        },
      },
    );
    const view = await openWithLesson('hostile', message);
    const { page } = view;
    await page.waitForTimeout(150);
    const counts = await page.evaluate(() => ({
      scripts: document.querySelectorAll('script').length,
      images: document.querySelectorAll('img').length,
      handlers: document.querySelectorAll('[onerror], [onclick]').length,
      divs: document.querySelectorAll('.lesson-body div').length,
      hrefs: [...document.querySelectorAll('.lesson-body a')].map((a) => a.getAttribute('href')),
    }));
    assert.deepEqual(counts, { scripts: 1, images: 0, handlers: 0, divs: 0, hrefs: [null, null] });
    assert.equal(await page.textContent('#lesson-title'), `Title ${evil}`);
    const body = (await page.textContent('.lesson-body')) ?? '';
    assert.ok(body.includes(evil), body);
    assert.ok(body.includes('<div onclick="alert(1)">block</div>'), body);
    assert.equal(await page.textContent('.finding > figure.code .line .text'), evil);
    assert.ok(((await page.textContent('.finding-message')) ?? '').includes(evil));
    assert.equal(await page.textContent('.fix-title'), evil);
    await assertClean(view);
  });

  it('draws the saved lesson at once after a reload, then asks for a fresh one', async () => {
    const saved = showLesson({}, FINDING_VIEW);
    const view = await open('restored', { initialState: { restore: saved.restore, view: saved } });
    await view.page.waitForSelector('#lesson-title');
    assert.equal(await view.page.textContent('#lesson-title'), LESSON.title);
    assert.deepEqual(await view.posted(), [{ type: 'ready' }]);
    assert.deepEqual(parsePanelState(await view.state()), { lesson: 'unwrap-used', finding: FINDING });
    await assertClean(view);
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`screenshots the panel in a ${theme} theme`, async () => {
      const view = await openWithLesson(`screenshot-${theme}`, showLesson({}, FINDING_VIEW), {
        theme,
        viewport: { width: 1280, height: 1000 },
      });
      await view.page.screenshot({ path: path.join(OUT, `lesson-panel-${theme}.png`), fullPage: true });
      // The theme reached the page through VS Code's variables only.
      const colors = await view.page.evaluate(() => ({
        body: getComputedStyle(document.body).backgroundColor,
        match: getComputedStyle(document.querySelector('tr.match') as Element).backgroundColor,
      }));
      assert.equal(colors.body, theme === 'light' ? 'rgb(255, 255, 255)' : 'rgb(31, 31, 31)');
      assert.notEqual(colors.match, 'rgba(0, 0, 0, 0)');
      // A narrow panel stacks the tables under the lesson and the before/after previews.
      await view.page.setViewportSize({ width: 560, height: 900 });
      await view.page.screenshot({ path: path.join(OUT, `lesson-panel-${theme}-narrow.png`) });
      await assertClean(view);
    });
  }
});

describe('lesson panel messages and arguments', () => {
  it('accepts only well-formed webview messages, keeping known fields', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'ready', extra: 1 }), { type: 'ready' });
    assert.deepEqual(parseWebviewMessage({ type: 'openLesson', lesson: 'row-data-race' }), {
      type: 'openLesson',
      lesson: 'row-data-race',
    });
    assert.deepEqual(
      parseWebviewMessage({ type: 'markUnderstood', lesson: 'unwrap-used', understood: false }),
      {
        type: 'markUnderstood',
        lesson: 'unwrap-used',
        understood: false,
      },
    );
    assert.deepEqual(
      parseWebviewMessage({ type: 'answerSelfCheck', lesson: 'unwrap-used', choice: 2, x: 1 }),
      {
        type: 'answerSelfCheck',
        lesson: 'unwrap-used',
        choice: 2,
      },
    );
    for (const bad of [
      null,
      'ready',
      [],
      { type: 'nope' },
      { type: 'openLesson' },
      { type: 'openLesson', lesson: '../../etc/passwd' },
      { type: 'openLesson', lesson: 'Unwrap' },
      { type: 'markUnderstood', lesson: 'unwrap-used' },
      { type: 'applyFix ' },
      { type: 'answerSelfCheck', lesson: 'unwrap-used' },
      { type: 'answerSelfCheck', lesson: 'unwrap-used', choice: -1 },
      { type: 'answerSelfCheck', lesson: 'unwrap-used', choice: 1.5 },
      { type: 'answerSelfCheck', lesson: 'unwrap-used', choice: '1' },
    ]) {
      assert.equal(parseWebviewMessage(bad), undefined, JSON.stringify(bad));
    }
  });

  it('parses openLesson arguments with and without a finding', () => {
    assert.deepEqual(parseLessonPanelArgs({ lesson: 'unwrap-used' }), { lesson: 'unwrap-used' });
    assert.deepEqual(parseLessonPanelArgs({ lesson: 'unwrap-used', finding: FINDING }), {
      lesson: 'unwrap-used',
      finding: FINDING,
    });
    // A malformed finding is dropped, the lesson kept; a malformed fix is dropped, the finding kept.
    assert.deepEqual(parseLessonPanelArgs({ lesson: 'unwrap-used', finding: { uri: 'x' } }), {
      lesson: 'unwrap-used',
    });
    const withoutFix: LessonFindingArgs = { ...FINDING };
    delete withoutFix.fix;
    assert.deepEqual(
      parseLessonPanelArgs({
        lesson: 'unwrap-used',
        finding: { ...FINDING, fix: { title: 't', edits: [] } },
      }),
      { lesson: 'unwrap-used', finding: withoutFix },
    );
    assert.equal(parseLessonPanelArgs({ lesson: '../x' }), undefined);
    assert.equal(parsePanelState({ restore: { lesson: '' } }), undefined);
    assert.equal(parsePanelState(undefined), undefined);
  });

  it("turns a lesson's **Before** / **After** markers into headings under their section", () => {
    const html = renderMarkdown(
      '## Remedy\n\n**Before**\n\n```rust\nx\n```\n\n**After** (needs `tokio`)\n\ntext **Before** text\n',
    );
    assert.match(html, /<h3 class="example-heading">Before<\/h3>/);
    assert.match(html, /<h3 class="example-heading">After \(needs <code>tokio<\/code>\)<\/h3>/);
    assert.match(html, /<p>text <strong>Before<\/strong> text<\/p>/);
    assert.match(renderMarkdown('**Before**\n'), /<h2 class="example-heading">Before<\/h2>/);
  });

  it('previews a fix as a diff of the lines it changes', () => {
    const fix = FINDING.fix;
    assert.ok(fix);
    assert.equal(
      applyEdits('a.unwrap()\r\nb', [
        { ...fix.edits[0]!, range: { start: { line: 0, character: 1 }, end: { line: 0, character: 10 } } },
      ]),
      'a?\r\nb',
    );
    const multi = fixDiff('fn f() {\n    x.unwrap()\n}\n', [
      {
        range: { start: { line: 1, character: 4 }, end: { line: 1, character: 14 } },
        newText: 'match x {\n        Some(v) => v,\n        None => return,\n    }',
      },
    ]);
    assert.equal(multi.length, 1);
    assert.deepEqual(
      multi[0]?.lines.map((l) => `${l.kind}:${l.text}`),
      [
        'context:fn f() {',
        'removed:    x.unwrap()',
        'added:    match x {',
        'added:        Some(v) => v,',
        'added:        None => return,',
        'added:    }',
        'context:}',
        'context:',
      ],
    );
  });
});
