// The lesson panel's accessibility gate, in headless Chromium: the real `unwrap-used` lesson with a
// finding and its fix preview, in VS Code's light, dark and high-contrast themes.
// - axe-core finds no violation, at a wide and a narrow width;
// - the keyboard reaches and works every control, with a visible focus ring, and focus lands
//   somewhere meaningful after each action;
// - the panel's own colours meet WCAG 2.2 AA (4.5:1 text, 3:1 marks and focus rings);
// - screenshots of the focused states go to test-output/webview/focus-*.png.
// Run: node --import tsx --test test/a11y.test.ts
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { ShowLessonMessage } from '../src/shared/webviewProtocol';

import { cspBlocksInlineScripts, runAxe } from './support/axe';
import { launchBrowser, WebviewHost, type ThemeKind, type WebviewPage } from './support/browser';
import { measureFocusRing, measurePanelColours } from './support/contrast';
import {
  ensureWebviewBuilt,
  highlightedLessonMessage,
  openPanel,
  realLessonMessage,
  WEBVIEW_OUT,
} from './support/lessonPanelFixture';

const THEMES: ThemeKind[] = ['light', 'dark', 'high-contrast'];
const WIDE = { width: 1280, height: 900 };
/** A panel beside the editor: code blocks and tables scroll sideways. */
const NARROW = { width: 420, height: 800 };

let browser: Browser | undefined;
let host: WebviewHost;

/** The `unwrap-used` lesson with its finding, code coloured as the server colours it. */
let lessonWithFinding: ShowLessonMessage;
function withFinding(): ShowLessonMessage {
  return lessonWithFinding;
}

/** A short name for the focused element: its id, a link's lesson, or its tag and label. */
function describeFocus(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return 'body';
    if (el.id) return `#${el.id}`;
    const lesson = el.getAttribute('data-lesson');
    if (lesson) return `${el.closest('.lesson-body') ? 'lesson' : 'table'} link:${lesson}`;
    return `${el.tagName.toLowerCase()}:${el.getAttribute('aria-label') ?? el.textContent?.slice(0, 30)}`;
  });
}

/** Every element a keyboard user should reach, in the same naming as `describeFocus`. */
function interactiveElements(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    // Not what a closed <details> (the folded answer) hides: that is reached once it is open.
    [...document.querySelectorAll('a[href], vscode-button, button, summary, [tabindex="0"]')]
      .filter((el) => el.checkVisibility())
      .map((el) => {
        if (el.id) return `#${el.id}`;
        const lesson = el.getAttribute('data-lesson');
        if (lesson) return `${el.closest('.lesson-body') ? 'lesson' : 'table'} link:${lesson}`;
        return `${el.tagName.toLowerCase()}:${el.getAttribute('aria-label') ?? el.textContent?.slice(0, 30)}`;
      }),
  );
}

/** Tabs from the top of the page until focus wraps; the stops in order. Fails on a trap. */
async function tabStops(page: Page): Promise<string[]> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const stops: string[] = [];
  for (let i = 0; i < 100; i++) {
    await page.keyboard.press('Tab');
    const focused = await describeFocus(page);
    if (focused === 'body' || focused === stops[0]) return stops;
    assert.ok(!stops.includes(focused), `focus came back to ${focused} before wrapping: ${stops.join(', ')}`);
    stops.push(focused);
  }
  assert.fail(`Tab never left the page: ${stops.join(', ')}`);
}

async function focusByTab(page: Page, target: string): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  for (let i = 0; i < 100; i++) {
    await page.keyboard.press('Tab');
    if ((await describeFocus(page)) === target) return;
  }
  assert.fail(`Tab never reached ${target}`);
}

/** The element's accessibility-tree snapshot once it is `expected` (the toolkit updates a frame later). */
async function ariaOf(page: Page, selector: string, expected: string): Promise<string> {
  let snapshot = '';
  for (let i = 0; i < 20 && snapshot !== expected; i++) {
    if (i > 0) await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
    snapshot = await page.locator(selector).ariaSnapshot();
  }
  return snapshot;
}

async function lastPosted(view: WebviewPage): Promise<unknown> {
  return (await view.posted()).at(-1);
}

async function postedCount(view: WebviewPage): Promise<number> {
  return (await view.posted()).length;
}

/** Keeps an http(s) link from navigating the test page away, after the panel's own handler ran. */
async function holdExternalLinks(page: Page): Promise<void> {
  await page.evaluate(() =>
    window.addEventListener('click', (event) => {
      const link = event.target instanceof Element ? event.target.closest('a') : null;
      if (link && /^https?:/.test(link.getAttribute('href') ?? '')) event.preventDefault();
    }),
  );
}

describe('lesson panel accessibility', { timeout: 120_000 }, () => {
  before(async () => {
    ensureWebviewBuilt();
    fs.mkdirSync(WEBVIEW_OUT, { recursive: true });
    lessonWithFinding = await highlightedLessonMessage('unwrap-used', true);
    browser = await launchBrowser();
    host = await WebviewHost.create(browser);
  });

  after(async () => {
    await browser?.close();
  });

  it('axe finds no violation in any theme, wide or narrow, with the CSP in force', async () => {
    const found: string[] = [];
    let narrowRegions = 0;
    for (const theme of THEMES) {
      for (const [width, viewport] of [
        ['wide', WIDE],
        ['narrow', NARROW],
      ] as const) {
        const view = await openPanel(host, `a11y-${theme}-${width}`, withFinding(), { theme, viewport });
        // The scroll regions are named once the ResizeObserver has seen the layout.
        await view.page.waitForFunction(() => new Promise((resolve) => requestAnimationFrame(resolve)));
        if (width === 'narrow') narrowRegions += await view.page.locator('pre[role="region"]').count();
        for (const v of await runAxe(view.page)) {
          found.push(`${theme}/${width}: ${v.id} (${v.impact}) ${v.help} — ${v.targets.join(' ')}`);
        }
        assert.deepEqual(await view.violations(), [], 'axe ran without tripping the CSP');
        assert.ok(await cspBlocksInlineScripts(view.page), 'the CSP still blocks an injected inline script');
        assert.deepEqual(
          view.consoleErrors.filter((e) => !/Content Security Policy/.test(e)),
          [],
        );
      }
    }
    assert.deepEqual(found, []);
    // The narrow run did cover code blocks that scroll sideways.
    assert.ok(narrowRegions > 0, 'no code block scrolled sideways at the narrow width');
  });

  it('reaches every control by Tab with a visible focus ring, and wraps without a trap', async () => {
    for (const viewport of [WIDE, NARROW]) {
      const view = await openPanel(host, 'a11y-keyboard-order', withFinding(), { viewport });
      const { page } = view;
      await page.waitForFunction(() => new Promise((resolve) => requestAnimationFrame(resolve)));
      const stops = await tabStops(page);
      const expected = await interactiveElements(page);
      assert.deepEqual([...stops].sort(), [...expected].sort(), `width ${viewport.width}`);
      const buttons = stops.filter((stop) => stop.startsWith('#'));
      assert.deepEqual(buttons, ['#mark-understood', '#apply-fix', '#go-to-code'], `width ${viewport.width}`);
      for (const stop of stops) {
        await focusByTab(page, stop);
        const ring = await measureFocusRing(page, stop);
        assert.ok(ring && ring.style !== 'none' && ring.width >= 2, `${stop}: ${JSON.stringify(ring)}`);
      }
      // Shift+Tab walks back the same way.
      await focusByTab(page, '#go-to-code');
      await page.keyboard.press('Shift+Tab');
      assert.equal(await describeFocus(page), '#apply-fix');
    }
  });

  it('works every control from the keyboard and keeps focus meaningful', async () => {
    const view = await openPanel(host, 'a11y-keyboard-actions', withFinding(), { viewport: WIDE });
    const { page } = view;
    await holdExternalLinks(page);

    // Apply fix: Enter posts it; the button stays focused (unavailable, not disabled) while pending.
    await focusByTab(page, '#apply-fix');
    await page.keyboard.press('Enter');
    assert.deepEqual(await lastPosted(view), { type: 'applyFix' });
    assert.equal(await describeFocus(page), '#apply-fix');
    assert.equal(
      await ariaOf(page, '#apply-fix', '- button "Apply fix" [disabled]'),
      '- button "Apply fix" [disabled]',
    );
    const count = await postedCount(view);
    await page.keyboard.press('Space');
    assert.equal(await postedCount(view), count, 'a pending fix is not posted twice');
    // The result appears beside the buttons, and a failed fix can be tried again with Space.
    await view.send({ type: 'fixStatus', status: 'failed', text: 'The fix could not be applied.' });
    await page.waitForFunction(() => document.getElementById('status')?.textContent !== 'Applying the fix…');
    assert.equal(await describeFocus(page), '#apply-fix');
    const [button, status] = await Promise.all(
      ['#apply-fix', '#status'].map((s) => page.locator(s).boundingBox()),
    );
    assert.ok(button && status && Math.abs(status.y - button.y) < 40, 'the result sits beside the button');
    await page.keyboard.press('Space');
    assert.deepEqual(await lastPosted(view), { type: 'applyFix' });
    await view.send({
      type: 'fixStatus',
      status: 'applied',
      text: 'Fix applied: Replace `.unwrap()` with `?`.',
    });
    await page.waitForFunction(() => document.getElementById('apply-fix')?.textContent === 'Fix applied');
    assert.equal(await describeFocus(page), '#apply-fix');
    const applied = '- button "Fix applied" [disabled]';
    assert.equal(await ariaOf(page, '#apply-fix', applied), applied);
    // Dimmed, but not its focus ring.
    assert.equal(await page.$eval('#apply-fix', (el) => getComputedStyle(el).opacity), '1');
    const appliedRing = await measureFocusRing(page, 'unavailable Apply fix');
    assert.ok(appliedRing && appliedRing.width >= 2 && appliedRing.ratio >= 3, JSON.stringify(appliedRing));

    // Go to code: Enter and Space.
    for (const key of ['Enter', 'Space']) {
      await focusByTab(page, '#go-to-code');
      await page.keyboard.press(key);
      assert.deepEqual(await lastPosted(view), { type: 'goToCode' }, key);
    }

    // Mark as understood: a toggle whose state reaches the accessibility tree; the label stays.
    await focusByTab(page, '#mark-understood');
    // Not pressed yet: Playwright's snapshot leaves `pressed=false` out, so read the real button.
    assert.equal(
      await ariaOf(page, '#mark-understood', '- button "Mark as understood"'),
      '- button "Mark as understood"',
    );
    assert.equal(
      await page.$eval('#mark-understood', (el) =>
        el.shadowRoot?.querySelector('button')?.getAttribute('aria-pressed'),
      ),
      'false',
    );
    await page.keyboard.press('Space');
    assert.deepEqual(await lastPosted(view), {
      type: 'markUnderstood',
      lesson: 'unwrap-used',
      understood: true,
    });
    await view.send({ type: 'understood', lesson: 'unwrap-used', understood: true });
    await page.waitForFunction(() => document.getElementById('understood-status')?.textContent !== '');
    const pressed = '- button "Mark as understood" [pressed]';
    assert.equal(await ariaOf(page, '#mark-understood', pressed), pressed);
    assert.equal(await describeFocus(page), '#mark-understood');
    await page.keyboard.press('Enter');
    assert.deepEqual(await lastPosted(view), {
      type: 'markUnderstood',
      lesson: 'unwrap-used',
      understood: false,
    });

    // Every link works with Enter: a lesson link posts openLesson; a web link is left to VS Code.
    const links = (await interactiveElements(page)).filter((stop) => stop.includes('link:'));
    assert.ok(links.length > 5, links.join(', '));
    for (const link of links) {
      await focusByTab(page, link);
      await page.keyboard.press('Enter');
      assert.deepEqual(await lastPosted(view), { type: 'openLesson', lesson: link.split(':')[1] }, link);
    }

    // The states the actions left (pressed toggle, spent Apply fix, a result) are clean too.
    assert.deepEqual(await runAxe(page), []);

    // Opening a linked lesson moves focus to its title, with a visible ring.
    await view.send(realLessonMessage('expect-used', false));
    await page.waitForFunction(() =>
      document.getElementById('lesson-title')?.textContent?.includes('expect'),
    );
    assert.equal(await describeFocus(page), '#lesson-title');
    const ring = await measureFocusRing(page, 'lesson title');
    assert.ok(ring && ring.style !== 'none' && ring.width >= 2, JSON.stringify(ring));
  });

  it('scrolls a code block that overflows with the arrow keys', async () => {
    const view = await openPanel(host, 'a11y-keyboard-scroll', withFinding(), { viewport: NARROW });
    const { page } = view;
    await page.waitForFunction(() => document.querySelector('pre[role="region"]') !== null);
    const stops = await interactiveElements(page);
    const region = stops.find((stop) => stop.startsWith('pre:'));
    assert.ok(region, `no code region among ${stops.join(', ')}`);
    await focusByTab(page, region);
    await page.keyboard.press('ArrowRight');
    // Chromium scrolls smoothly: wait for the scroll to get under way rather than for a time.
    const scrolled = await page
      .waitForFunction(() => (document.activeElement as HTMLElement).scrollLeft > 0, undefined, {
        timeout: 5000,
      })
      .then(() => true)
      .catch(() => false);
    assert.ok(scrolled, `${region} did not scroll with ArrowRight`);
  });

  for (const theme of THEMES) {
    it(`meets WCAG 2.2 AA contrast with its own colours in the ${theme} theme`, async () => {
      const view = await openPanel(host, `a11y-contrast-${theme}`, withFinding(), { theme, viewport: WIDE });
      const { page } = view;
      await view.send({ type: 'fixStatus', status: 'failed', text: 'The fix could not be applied.' });
      const pairs = await measurePanelColours(page);
      // Every focus ring, where it is drawn (one inside the highlighted row included).
      for (const stop of await tabStops(page)) {
        await focusByTab(page, stop);
        const ring = await measureFocusRing(page, `focus ring: ${stop}`);
        if (ring) pairs.push(ring);
      }
      // And the code blocks' rings, in a panel narrow enough for them to scroll.
      const narrow = await openPanel(host, `a11y-contrast-${theme}-narrow`, withFinding(), {
        theme,
        viewport: NARROW,
      });
      await narrow.page.waitForFunction(() => document.querySelector('pre[role="region"]') !== null);
      for (const stop of (await tabStops(narrow.page)).filter((s) => s.startsWith('pre:'))) {
        await focusByTab(narrow.page, stop);
        const ring = await measureFocusRing(narrow.page, `focus ring: ${stop}`);
        if (ring) pairs.push(ring);
      }
      assert.ok(pairs.some((p) => p.name.startsWith('focus ring: table link:row-unwrap-none-err')));
      assert.ok(pairs.some((p) => p.name.startsWith('focus ring: pre:')));
      const report = pairs.map(
        (p) => `${p.ratio.toFixed(2)}:1 (needs ${p.required}) ${p.name} ${p.foreground} on ${p.background}`,
      );
      fs.writeFileSync(path.join(WEBVIEW_OUT, `contrast-${theme}.txt`), `${report.join('\n')}\n`);
      const failing = pairs.filter((p) => p.ratio < p.required);
      assert.deepEqual(failing, [], report.join('\n'));
      assert.ok(pairs.length >= 15, `measured only ${pairs.length} pairs`);
      // The syntax colours were there to measure, in the lesson's code and on the fix's changed lines.
      for (const name of [
        'code: keyword',
        'code: string',
        'code: type',
        'code: comment',
        'fix preview: function',
      ]) {
        assert.ok(
          pairs.some((p) => p.name === name),
          `${name} not measured`,
        );
      }
    });
  }

  for (const theme of THEMES) {
    it(`screenshots every focused state in the ${theme} theme`, async () => {
      const shots: Array<[string, string, typeof WIDE]> = [
        ['mark-understood', '#mark-understood', WIDE],
        ['apply-fix', '#apply-fix', WIDE],
        ['go-to-code', '#go-to-code', WIDE],
        ['lesson-link', 'lesson link:expect-used', WIDE],
        ['highlighted-row-link', 'table link:row-unwrap-none-err', WIDE],
      ];
      let view = await openPanel(host, `a11y-focus-${theme}`, withFinding(), { theme, viewport: WIDE });
      for (const [name, stop] of shots) {
        await focusByTab(view.page, stop);
        await shoot(view.page, `focus-${theme}-${name}.png`);
      }
      // The title after opening a linked lesson.
      await focusByTab(view.page, 'lesson link:expect-used');
      await view.page.keyboard.press('Enter');
      await view.send(realLessonMessage('expect-used', false));
      await view.page.waitForFunction(() => document.activeElement?.id === 'lesson-title');
      await shoot(view.page, `focus-${theme}-lesson-title.png`);
      // A code block that scrolls sideways in a narrow panel.
      view = await openPanel(host, `a11y-focus-${theme}-narrow`, withFinding(), { theme, viewport: NARROW });
      await view.page.waitForFunction(() => document.querySelector('.finding pre[role="region"]') !== null);
      const region = await view.page.evaluate(
        () => `pre:${document.querySelector('.finding pre[role="region"]')?.getAttribute('aria-label')}`,
      );
      await focusByTab(view.page, region);
      await shoot(view.page, `focus-${theme}-code-region.png`);
    });
  }
});

/**
 * Saves the focused element with some of what is around it, and checks that the ring shows: the
 * same spot without focus must look different.
 */
async function shoot(page: Page, file: string): Promise<void> {
  const box = await page.evaluate(() => {
    const rect = (document.activeElement as HTMLElement).getBoundingClientRect();
    return { x: rect.x, y: rect.y, width: rect.width, height: rect.height };
  });
  const margin = 32;
  const viewport = page.viewportSize() ?? { width: 1280, height: 900 };
  const x = Math.max(0, box.x - margin);
  const y = Math.max(0, box.y - margin);
  const clip = {
    x,
    y,
    width: Math.min(viewport.width - x, box.width + 2 * margin),
    height: Math.min(viewport.height - y, box.height + 2 * margin),
  };
  const focused = await page.screenshot({ path: path.join(WEBVIEW_OUT, file), clip });
  const active = await describeFocus(page);
  await page.evaluate(() => (document.activeElement as HTMLElement).blur());
  const blurred = await page.screenshot({ clip });
  assert.ok(!focused.equals(blurred), `${file}: no visible focus ring on ${active}`);
}
