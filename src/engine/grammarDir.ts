// The Node host's grammar adapter: the wasm files (and the highlights query) are read from a folder. Browser bundles get
// `grammarDir.browser.ts` instead (scripts/browserAdapters.mjs), where the host passes bytes.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { GrammarWasm } from './grammar';

/** The `grammars/` folder next to a bundle in `dist/`, or at the repository root when run from source. */
export function defaultGrammarDir(fromDir: string): string {
  return path.resolve(fromDir, '..', 'grammars');
}

/** Each file is read when its getter is, so a missing one fails that module's compile. */
export function readGrammarWasm(grammarDir: string): GrammarWasm {
  return {
    get runtime() {
      return readFileSync(path.join(grammarDir, 'web-tree-sitter.wasm'));
    },
    get grammar() {
      return readFileSync(path.join(grammarDir, 'tree-sitter-rust.wasm'));
    },
    get highlightsQuery() {
      return readFileSync(path.join(grammarDir, 'highlights.scm'), 'utf8');
    },
  };
}
