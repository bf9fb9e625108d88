import { createRequire } from 'node:module';
import path from 'node:path';
import { findGrammarDir } from './grammarDir';

/**
 * `lsp --stdio`: the same language server the extension runs, for other editors. It is the
 * server's own bundle, `dist/server.js` (`src/server/main.ts` from source), loaded by a computed
 * path so that the CLI bundle, which every `scan` loads, does not carry the LSP libraries.
 * The server takes its transport (`--stdio`) from argv.
 */
export function runLsp(): void {
  findGrammarDir(); // fails here, with the CLI's message, when the grammar is missing
  const fromSource = __filename.endsWith('.ts');
  const server = fromSource
    ? path.join(__dirname, '..', 'server', 'main.ts')
    : path.join(__dirname, 'server.js');
  createRequire(__filename)(server);
}
