import type { Plugin } from 'esbuild';

export const browserAdapters: Plugin;
export const BROWSER_PATCH_BANNER: string;
export const webTreeSitterBrowserPatch: Plugin;
/** `result` is an esbuild build result with a metafile (only the parts read are typed). */
export function assertNoExternalImports(
  result: { metafile: { outputs: Record<string, { imports: { path: string; external?: boolean }[] }> } },
  allowed?: string[],
): void;
