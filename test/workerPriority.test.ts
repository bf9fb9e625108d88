// The built server's worker thread (the workspace scan, the crate indexes) runs at the lowest CPU
// priority, and only it: on two busy cores a keystroke's analysis on the main thread goes first.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, test } from 'node:test';
import type { PublishDiagnosticsParams } from 'vscode-languageserver';
import { REPO_ROOT } from './support/engine';
import { LspClient } from './support/lspClient';
import { tempDirs } from './support/tempDirs';

const tempDir = tempDirs('rsc-worker-priority-');

/** Each thread's nice value, by thread id (Linux's /proc). */
function niceValues(pid: number): Map<number, number> {
  const values = new Map<number, number>();
  for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
    const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    // Fields after the command name in brackets; nice is field 19, the 17th after it.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    values.set(Number(tid), Number(fields[16]));
  }
  return values;
}

describe(
  'the server on Linux',
  { skip: process.platform !== 'linux' && 'nice values are per thread on Linux only' },
  () => {
    const client = LspClient.spawn(process.execPath, ['dist/server.js', '--stdio'], REPO_ROOT);
    after(() => client.kill());

    test('runs its worker thread at nice 19 and its own thread at the priority it was started with', async () => {
      const dir = tempDir();
      fs.mkdirSync(path.join(dir, 'src'));
      fs.writeFileSync(path.join(dir, 'Cargo.toml'), '[package]\nname = "p"\nversion = "0.1.0"\n');
      fs.writeFileSync(
        path.join(dir, 'src', 'lib.rs'),
        'pub fn f(x: Option<u8>) -> u8 {\n    x.unwrap()\n}\n',
      );
      const lib = pathToFileURL(path.join(dir, 'src', 'lib.rs')).href;
      // The workspace scan publishes the file from its worker thread, which then stays for the folder.
      const published = client.waitFor<PublishDiagnosticsParams>(
        'textDocument/publishDiagnostics',
        (p) => p.uri === lib,
        20_000,
      );
      client.onRequest('workspace/configuration', (params) =>
        (params as { items: unknown[] }).items.map(() => ({})),
      );
      await client.request(
        'initialize',
        {
          processId: process.pid,
          rootUri: pathToFileURL(dir).href,
          workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'p' }],
          capabilities: {},
        },
        20_000,
      );
      client.notify('initialized', {});
      await published;
      const nice = niceValues(client.pid);
      const ours = nice.get(client.pid);
      assert.equal(ours, niceValues(process.pid).get(process.pid), 'the main thread kept its priority');
      const lowered = [...nice.entries()].filter(([, value]) => value === 19);
      assert.equal(lowered.length, 1, JSON.stringify([...nice.entries()]));
    });
  },
);
