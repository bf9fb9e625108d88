import type { Plugin } from 'esbuild';

export function patchWebTreeSitter(source: string): string;
export const webTreeSitterPatch: Plugin;
