// The web host's grammar adapter: there are no folders to read, so the host passes the wasm bytes.
import type { GrammarWasm } from './grammar';

const NO_FOLDERS = 'The web host has no file system: pass the grammar wasm as bytes';

export function defaultGrammarDir(_fromDir: string): string {
  throw new Error(NO_FOLDERS);
}

export function readGrammarWasm(_grammarDir: string): GrammarWasm {
  throw new Error(NO_FOLDERS);
}
