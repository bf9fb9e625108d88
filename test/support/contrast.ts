// WCAG 2.2 contrast of the lesson panel's own colours, measured in the page from computed styles.
// Colours are composited the way the page paints them: every background from <html> down to the
// element, then the foreground, on a 1×1 canvas (which also parses any CSS colour syntax, such as
// the `color(srgb …)` that `color-mix()` computes to).
import type { Page } from 'playwright-core';
import { allowNamedFunctions } from './inPage';

export interface ColourPair {
  name: string;
  /** What WCAG 2.2 AA asks: 4.5 for text, 3 for marks, bars and focus rings. */
  required: number;
  ratio: number;
  foreground: string;
  background: string;
}

/** The in-page helpers, installed once per page load as `window.__contrast`. */
function installHelpers(): void {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 1;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('no 2d canvas');
  const parentOf = (el: Element): Element | null =>
    el.parentElement ?? ((el.getRootNode() as ShadowRoot).host || null);
  /** Backgrounds from the root down to `el` (inclusive). */
  const backgrounds = (el: Element | null): string[] => {
    const layers: string[] = [];
    for (let e = el; e; e = parentOf(e)) layers.unshift(getComputedStyle(e).backgroundColor);
    return layers;
  };
  const paint = (layers: string[]): [number, number, number] => {
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, 1, 1);
    for (const layer of layers) {
      ctx.fillStyle = layer;
      ctx.fillRect(0, 0, 1, 1);
    }
    const [r = 0, g = 0, b = 0] = ctx.getImageData(0, 0, 1, 1).data;
    return [r, g, b];
  };
  const luminance = ([r, g, b]: number[]): number => {
    const [R = 0, G = 0, B = 0] = [r, g, b].map((v) => {
      const c = (v ?? 0) / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * R + 0.7152 * G + 0.0722 * B;
  };
  const hex = (rgb: number[]) => `#${rgb.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
  /** `colour` drawn over the backgrounds behind `behind`, against those backgrounds. */
  const pair = (name: string, required: number, colour: string, behind: Element | null) => {
    const bg = paint(backgrounds(behind));
    const fg = paint([...backgrounds(behind), colour]);
    const [hi, lo] = [luminance(fg), luminance(bg)].sort((a, b) => b - a) as [number, number];
    return {
      name,
      required,
      ratio: Math.round(((hi + 0.05) / (lo + 0.05)) * 100) / 100,
      foreground: hex(fg),
      background: hex(bg),
    };
  };
  /** The first colour in a computed `box-shadow`. */
  const shadowColour = (shadow: string) =>
    /^(rgba?\([^)]*\)|color\([^)]*\))/.exec(shadow)?.[1] ?? 'transparent';
  /** The focus ring of the focused element (for a toolkit button, of the `<button>` inside it). */
  const focusRing = (name: string) => {
    const host = document.activeElement;
    if (!host) return undefined;
    const target = host.shadowRoot?.activeElement ?? host;
    const style = getComputedStyle(target);
    // The ring is drawn outside the element (outline-offset): over what is behind the element.
    const ring = pair(name, 3, style.outlineColor, parentOf(host));
    return { ...ring, style: style.outlineStyle, width: parseFloat(style.outlineWidth) };
  };
  Object.assign(window, { __contrast: { pair, shadowColour, focusRing, parentOf } });
}

type Helpers = {
  pair(name: string, required: number, colour: string, behind: Element | null): ColourPair;
  shadowColour(shadow: string): string;
  focusRing(name: string): (ColourPair & { style: string; width: number }) | undefined;
  parentOf(el: Element): Element | null;
};

async function ensureHelpers(page: Page): Promise<void> {
  await allowNamedFunctions(page);
  const present = await page.evaluate(() => '__contrast' in window);
  if (!present) await page.evaluate(installHelpers);
}

/**
 * The panel's own colour pairs: the highlighted row (text, bar), the finding's line (text, line
 * number, marker), every line number, the fix preview's before/after text, inline code, rule tags
 * and the fix result. Each pair is measured where it is drawn; for many elements, the worst.
 */
export async function measurePanelColours(page: Page): Promise<ColourPair[]> {
  await ensureHelpers(page);
  return page.evaluate(() => {
    const { pair, shadowColour } = (window as unknown as { __contrast: Helpers }).__contrast;
    const pairs: ColourPair[] = [];
    const worst = (name: string, required: number, items: Array<[string, Element | null]>) => {
      const measured = items.map(([colour, behind]) => pair(name, required, colour, behind));
      const min = measured.sort((a, b) => a.ratio - b.ratio)[0];
      if (min) pairs.push(min);
    };
    const text = (selector: string, name: string) =>
      worst(
        name,
        4.5,
        [...document.querySelectorAll(selector)].map(
          (el) => [getComputedStyle(el).color, el] as [string, Element],
        ),
      );

    const row = document.querySelector('tr.match');
    const bar = row?.firstElementChild;
    text('tr.match th, tr.match td, tr.match a', 'highlighted row: text');
    if (bar) {
      const colour = shadowColour(getComputedStyle(bar).boxShadow);
      pairs.push(pair('highlighted row: bar against the row', 3, colour, bar));
      pairs.push(pair('highlighted row: bar against the page', 3, colour, row?.closest('table') ?? null));
    }
    const line = document.querySelector('.finding pre .line.focus');
    if (line) {
      const marker = getComputedStyle(line).borderLeftColor;
      pairs.push(pair('finding line: marker against the line', 3, marker, line));
      pairs.push(pair('finding line: marker against the code block', 3, marker, line.parentElement));
    }
    text('.finding pre .line.focus .text', 'finding line: code');
    text('.finding pre .line.focus .ln', 'finding line: line number');
    text('pre .line:not(.focus) .ln', 'line numbers');
    for (const kind of ['removed', 'added']) {
      const changed = document.querySelector(`pre.diff .line.${kind}`);
      if (changed) {
        const bar = getComputedStyle(changed).borderLeftColor;
        pairs.push(pair(`fix preview: ${kind} bar against the block`, 3, bar, changed.closest('pre')));
      }
      text(`pre.diff .line.${kind} .text`, `fix preview: ${kind} line`);
      text(`pre.diff .line.${kind} .sign`, `fix preview: ${kind} sign`);
      text(`pre.diff .line.${kind} .ln`, `fix preview: ${kind} line number`);
    }
    text('pre.diff .line.context .text', 'fix preview: context line');
    // Syntax colours: on code blocks and the finding's line, and on the fix preview's tinted lines.
    for (const kind of [
      'keyword',
      'string',
      'constant',
      'function',
      'macro',
      'type',
      'lifetime',
      'comment',
    ]) {
      text(`pre:not(.diff) .tok-${kind}, pre.diff .line.context .tok-${kind}`, `code: ${kind}`);
      text(`pre.diff .line.removed .tok-${kind}, pre.diff .line.added .tok-${kind}`, `fix preview: ${kind}`);
    }
    text('pre.diff .hunk-header', 'fix preview: hunk header');
    text('.finding figcaption', 'code captions');
    text('.self-check button.choice .choice-text', 'self-check choices');
    text('details.answer > summary', 'answer disclosure');
    text(':not(pre) > code', 'inline code');
    text('.tag', 'rule tags');
    text('#status', 'fix result');
    return pairs;
  });
}

/** The focused element's focus ring: its colour against what is behind it, style and width. */
export async function measureFocusRing(page: Page, name: string) {
  await ensureHelpers(page);
  return page.evaluate((n) => (window as unknown as { __contrast: Helpers }).__contrast.focusRing(n), name);
}
