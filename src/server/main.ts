// Entry point of the `dist/server.js` bundle. `createConnection` picks the transport
// (`--node-ipc`, `--stdio`, `--socket=`) from argv, as the VS Code client passes it.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { defaultGrammarDir } from '../engine';
import { startServer } from './startServer';

/**
 * `grammars/` sits next to `dist/` in the bundle; run from source (`src/server/main.ts`,
 * as the tests do) it is one level further up. `__dirname` because esbuild's CJS output
 * has no `import.meta.url`.
 */
function findGrammarDir(): string {
  const bundled = defaultGrammarDir(__dirname);
  const fromSource = path.resolve(__dirname, '..', '..', 'grammars');
  const hasGrammar = (dir: string) => existsSync(path.join(dir, 'tree-sitter-rust.wasm'));
  return !hasGrammar(bundled) && hasGrammar(fromSource) ? fromSource : bundled;
}

startServer(createConnection(ProposedFeatures.all), findGrammarDir());
