// tsx compiles the callbacks we hand to `page.evaluate` with esbuild's `keepNames`, which wraps
// inner functions in `__name(fn, "name")`. The page has no such helper; this gives it a no-op one.
import type { Page } from 'playwright-core';

export function allowNamedFunctions(page: Page): Promise<void> {
  return page.evaluate('globalThis.__name = (fn) => fn; undefined');
}
