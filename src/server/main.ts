// Entry point of the `dist/server.js` bundle. The transport comes from argv, as the VS Code client
// passes it: `--stdio` is set up in stdioConnection.ts, the others (`--node-ipc`, `--socket=`)
// by `createConnection`.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { defaultGrammarDir, loadRustLanguage } from '../engine/grammar';
import { SCAN_WORKER_ARG } from './scanWorkerProtocol';
import { applyServerV8Flags } from './v8Flags';
import { youngGarbageCollector } from './youngGarbage';

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

if (process.argv.includes(SCAN_WORKER_ARG)) {
  // This bundle started as the workspace scan's worker thread (scanWorker.ts), not as a server.
  void import('./scanWorkerMain').then(({ runScanWorker }) => runScanWorker());
} else {
  startMain();
}

function startMain(): void {
  applyServerV8Flags();
  const grammarDir = findGrammarDir();
  // The wasm compiles on background threads while the LSP libraries load, so it starts first;
  // startServer picks up the same promise and reports a failure to the client.
  loadRustLanguage(grammarDir).catch(() => undefined);
  void Promise.all([
    import('vscode-languageserver/node'),
    import('./startServer'),
    import('./stdioConnection'),
  ]).then(([{ createConnection, ProposedFeatures }, { startServer }, { stdioConnection, usesStdio }]) =>
    startServer(usesStdio() ? stdioConnection() : createConnection(ProposedFeatures.all), grammarDir, {
      collectYoungGarbage: youngGarbageCollector(),
    }),
  );
}
