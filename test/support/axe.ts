// axe-core in a webview page, under the page's own CSP.
//
// The panel's CSP (`script-src 'nonce-…'`) blocks any `<script>` a test adds, and we want it kept in
// force, so axe's source is not added as a script tag and the page is not opened with Playwright's
// `bypassCSP`. It goes in through `page.evaluate` instead: DevTools' Runtime.evaluate runs it in the
// page's main world without being a page script, so the CSP does not apply to it and still applies
// to everything the page (and axe) does afterwards. `cspBlocksInlineScripts` checks that.
import axe from 'axe-core';
import type { Page } from 'playwright-core';

export interface AxeViolation {
  id: string;
  impact: string | null | undefined;
  help: string;
  targets: string[];
}

async function injectAxe(page: Page): Promise<void> {
  const present = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe === 'object');
  if (!present) await page.evaluate(`${axe.source}\n;undefined`);
}

/** Every axe violation on the page, all rules but the experimental ones (WCAG 2.2 A/AA and best practices). */
export async function runAxe(page: Page): Promise<AxeViolation[]> {
  await injectAxe(page);
  const results = await page.evaluate(() =>
    // No preload: axe would fetch the stylesheet for its CSSOM (the page's own `cssRules` are
    // out of reach from a file:// page), and the CSP rightly refuses that (`connect-src`). Only
    // `css-orientation-lock` needs it, and the panel's CSS has no orientation lock.
    (window as unknown as { axe: typeof axe }).axe.run(document, {
      resultTypes: ['violations'],
      preload: false,
    }),
  );
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    targets: v.nodes.map((node) => JSON.stringify(node.target)),
  }));
}

/** An inline script added now must still be refused (and reported) by the page's CSP. */
export async function cspBlocksInlineScripts(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const probe = document.createElement('script');
    probe.textContent = 'window.__cspProbeRan = true;';
    document.head.append(probe);
    probe.remove();
    return (window as unknown as { __cspProbeRan?: boolean }).__cspProbeRan !== true;
  });
}
