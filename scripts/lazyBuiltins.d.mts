import type { Plugin } from 'esbuild';
export function lazyModuleSource(name: string): string;
export function lazyBuiltins(names: string[], importers: RegExp): Plugin;
