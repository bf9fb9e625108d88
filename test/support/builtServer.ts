// The built language server (dist/server.js, as editors start it) with its own cache folder, and
// one short editor session against it.
import type { PublishDiagnosticsParams } from 'vscode-languageserver';
import { REPO_ROOT } from './engine';
import { LspClient } from './lspClient';

export const SESSION_URI = 'file:///work/project/src/lib.rs';
const SOURCE = 'fn f(v: Option<u8>) -> u8 {\n    v.unwrap()\n}\n';

export function spawnBuiltServer(cacheDir: string): LspClient {
  const saved = process.env.RUST_SAFETY_COACH_CACHE_DIR;
  process.env.RUST_SAFETY_COACH_CACHE_DIR = cacheDir;
  try {
    return LspClient.spawn(process.execPath, ['dist/server.js', '--stdio'], REPO_ROOT);
  } finally {
    if (saved === undefined) delete process.env.RUST_SAFETY_COACH_CACHE_DIR;
    else process.env.RUST_SAFETY_COACH_CACHE_DIR = saved;
  }
}

/**
 * initialize, open a file with one unwrap, shutdown, exit: the rule codes published (`unwrap-used`
 * when all went well) and the exit code (null when killed by a signal or after a hang).
 */
export async function builtServerSession(
  cacheDir: string,
  timeoutMs = 20_000,
): Promise<{ codes: unknown[]; exitCode: number | null }> {
  const client = spawnBuiltServer(cacheDir);
  try {
    await client.request(
      'initialize',
      { processId: process.pid, rootUri: null, capabilities: {} },
      timeoutMs,
    );
    client.notify('initialized', {});
    const published = client.waitFor<PublishDiagnosticsParams>(
      'textDocument/publishDiagnostics',
      (p) => p.uri === SESSION_URI,
      timeoutMs,
    );
    client.notify('textDocument/didOpen', {
      textDocument: { uri: SESSION_URI, languageId: 'rust', version: 1, text: SOURCE },
    });
    const codes = (await published).diagnostics.map((d) => d.code);
    await client.request('shutdown', null, timeoutMs);
    client.notify('exit', null);
    return { codes, exitCode: await client.exited };
  } catch {
    client.kill();
    return { codes: [], exitCode: await client.exited };
  }
}
