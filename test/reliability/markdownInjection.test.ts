// Issue 20.11: code quoted in a finding's message or fix title cannot become Markdown. Rules quote
// code with `codeSpan`; the panel renders messages with code spans only, and opens only the links
// the lesson itself holds.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { findingView } from '../../src/client/lessonPanel/findingView';
import { lessonPanelHtml } from '../../src/client/lessonPanel/html';
import { codeSpan } from '../../src/shared/markdownCode';
import type { ShowLessonMessage } from '../../src/shared/webviewProtocol';
import { renderInline } from '../../webview/markdown';
import { launchBrowser, WebviewHost, type WebviewPage } from '../support/browser';
import { findingsIn, REPO_ROOT } from '../support/engine';
import { prng } from '../support/reliability';

const EVIL = '`[Security update](https://evil.example/x)` [Next](lesson:unwrap-used) <b>x</b> *y*';
const RANDOM_STRINGS = 600;
const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

describe('code quoted in Markdown', () => {
  test(`codeSpan shows ${RANDOM_STRINGS} seeded random strings exactly, as one code span`, () => {
    const random = prng(2011);
    const alphabet = [
      '`',
      '``',
      '[',
      ']',
      '(',
      ')',
      '<',
      '>',
      '!',
      '*',
      '_',
      '\\',
      ':',
      '/',
      'a',
      ' ',
      '\n',
      '&',
    ];
    for (let i = 0; i < RANDOM_STRINGS; i++) {
      const length = 1 + Math.floor(random() * 24);
      let text = Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      if (!/[^ \n]/.test(text)) text += 'a';
      const shown = text.replace(/[ \t]*\n[ \t]*/g, ' ');
      // The panel's full inline renderer, as lesson tables use it: the strictest reader.
      assert.equal(
        renderInline(`see ${codeSpan(text)} here`),
        `see <code>${escapeHtml(shown)}</code> here`,
        text,
      );
    }
  });

  test('finding messages and fix titles keep hostile code inside code spans', async () => {
    const source = [
      'use std::collections::HashMap;',
      `fn cast() -> u8 { "${EVIL}".len() as u8 }`,
      `fn f(m: &HashMap<&str, u8>) -> u8 { if m.get("${EVIL}").is_some() { *m.get("${EVIL}").unwrap() } else { 0 } }`,
      `async fn slow() { std::fs::read("${EVIL}").ok(); }`,
      '',
    ].join('\n');
    const rules = [
      'truncating-cast',
      'unnecessary-unwrap',
      'panicking-unwrap',
      'idiomatic-unwrap',
      'blocking-in-async',
    ];
    const findings = await findingsIn(source, { only: rules });
    assert.ok(
      findings.some((f) => `${f.message}\n${f.advice}`.includes('evil.example')),
      'a rule quoted the hostile code',
    );
    for (const text of findings.flatMap((f) => [f.message, f.advice, ...f.fixes.map((fix) => fix.title)])) {
      const html = renderInline(text);
      assert.doesNotMatch(html, /<a |<b>|<em>/, text);
      // Whatever the code held is inside a <code> element.
      const outsideCode = html.replace(/<code>[^<]*<\/code>/g, '');
      assert.doesNotMatch(outsideCode, /evil\.example|lesson:/, text);
    }
  });
});

describe('the lesson panel and hostile finding messages', { timeout: 60_000 }, () => {
  let browser: Browser | undefined;
  let host: WebviewHost;
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'rsc-panel-injection-'));
  before(async () => {
    browser = await launchBrowser();
    host = await WebviewHost.create(browser);
  });
  after(async () => {
    await browser?.close();
    fs.rmSync(out, { recursive: true, force: true });
  });

  const rust = `fn f(m: &std::collections::HashMap<&str, u8>) -> u8 {\n    *m.get("x").unwrap()\n}\n`;
  const finding = findingView(
    {
      uri: 'file:///work/src/lib.rs',
      version: 1,
      range: { start: { line: 1, character: 16 }, end: { line: 1, character: 24 } },
      rule: 'unwrap-used',
      // As a rule that quotes code without codeSpan would write it.
      message: `\`m.get("${EVIL}")\` was just checked`,
      fix: { title: `Use \`${EVIL}\``, edits: [] },
    },
    rust,
    { file: 'src/lib.rs', stale: false },
  );
  const message: ShowLessonMessage = {
    type: 'showLesson',
    lesson: {
      id: 'unwrap-used',
      title: 'unwrap',
      rules: ['unwrap-used'],
      markdown: 'Read [expect](lesson:expect-used) and [the book](https://doc.rust-lang.org/book/).\n',
    },
    tables: [],
    highlight: [],
    available: ['unwrap-used', 'expect-used'],
    understood: false,
    restore: { lesson: 'unwrap-used' },
    finding,
  };

  async function openPanel(): Promise<WebviewPage> {
    const html = lessonPanelHtml({
      cspSource: 'file:',
      scriptUri: pathToFileURL(path.join(REPO_ROOT, 'dist', 'webview', 'lessonPanel.js')).href,
      styleUri: pathToFileURL(path.join(REPO_ROOT, 'dist', 'webview', 'lessonPanel.css')).href,
      nonce: 'dGVzdC1ub25jZS0xMjM0NTY3',
    });
    const view = await host.open(html, path.join(out, 'panel.html'));
    await view.page.waitForFunction(() =>
      (window as unknown as { __posted: Array<{ type: string }> }).__posted.some((m) => m.type === 'ready'),
    );
    await view.send(message);
    await view.page.waitForSelector('.finding-message');
    return view;
  }

  /**
   * Clicks `selector` (added to `inside` first when `add` is given): whether the panel blocked the
   * link, and what it posted. A string, not a function: tsx would compile a function with helpers
   * (`__name`) the page lacks.
   */
  async function click(view: WebviewPage, selector: string, add?: { inside: string; html: string }) {
    const script = `(() => {
      const add = ${JSON.stringify(add ?? null)};
      if (add) document.querySelector(add.inside).insertAdjacentHTML('beforeend', add.html);
      const posted = window.__posted;
      const before = posted.length;
      let blocked = false;
      // Runs after the panel's own listener (on document); stops the test page navigating away.
      const record = (event) => { blocked = event.defaultPrevented; event.preventDefault(); };
      window.addEventListener('click', record);
      const link = document.querySelector(${JSON.stringify(selector)});
      link.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
      window.removeEventListener('click', record);
      return { blocked, posted: posted.slice(before) };
    })()`;
    return view.page.evaluate(script) as Promise<{ blocked: boolean; posted: unknown[] }>;
  }

  test('renders no link from the message or fix title, and opens only the lesson’s own links', async () => {
    const view = await openPanel();
    assert.equal(await view.page.locator('.finding a').count(), 0, 'links in the finding');
    assert.match(
      (await view.page.textContent('.finding-message')) ?? '',
      /\[Security update\]\(https:\/\/evil/,
    );

    assert.deepEqual(await click(view, '.lesson-body a[data-lesson]'), {
      blocked: true,
      posted: [{ type: 'openLesson', lesson: 'expect-used' }],
    });
    assert.deepEqual(await click(view, '.lesson-body a[href^="https://doc.rust-lang.org"]'), {
      blocked: false,
      posted: [],
    });
    // Links that did not come from the lesson's text: a click opens nothing.
    const injected = [
      {
        inside: '.finding-message',
        html: '<a id="x1" data-lesson="unwrap-used" href="#lesson-unwrap-used">n</a>',
      },
      { inside: '.finding-message', html: '<a id="x2" href="https://evil.example/x">s</a>' },
      { inside: '.lesson-body', html: '<a id="x3" href="https://evil.example/y">s</a>' },
    ];
    for (const [i, add] of injected.entries()) {
      assert.deepEqual(await click(view, `#x${i + 1}`, add), { blocked: true, posted: [] }, add.html);
    }
  });
});
