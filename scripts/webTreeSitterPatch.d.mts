import type { Plugin } from 'esbuild';

export function patchWebTreeSitter(source: string, esm?: boolean): string;
export const PATCH_BANNER: string;
export const webTreeSitterPatch: Plugin;
