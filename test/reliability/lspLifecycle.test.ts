// Issue 20.12, lifecycle: after `shutdown` requests fail with InvalidRequest and documents are no
// longer analysed; a client that never answers `workspace/configuration` does not stall analysis
// or hover (the server falls back to the last or default settings).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Hover, MarkupContent, PublishDiagnosticsParams } from 'vscode-languageserver';
import { RULES_REQUEST } from '../../src/shared/protocol';
import type { LspClient } from '../support/lspClient';
import { initialize, startServer } from '../support/reliability';

const INVALID_REQUEST = -32600;
const PUBLISH = 'textDocument/publishDiagnostics';
const TEXT = 'fn f(v: Option<u8>) -> u8 {\n    v.unwrap()\n}\n';
const ON_UNWRAP = { line: 1, character: 7 };

const builtServer = () => startServer([], 'dist/server.js');

function open(client: LspClient, uri: string, timeoutMs = 20_000): Promise<PublishDiagnosticsParams> {
  const published = client.waitFor<PublishDiagnosticsParams>(PUBLISH, (p) => p.uri === uri, timeoutMs);
  client.notify('textDocument/didOpen', {
    textDocument: { uri, languageId: 'rust', version: 1, text: TEXT },
  });
  return published;
}

describe('after shutdown', () => {
  test('requests get InvalidRequest and new documents are not analysed', async () => {
    const client = builtServer();
    try {
      await initialize(client);
      assert.equal((await open(client, 'file:///p/src/before.rs')).diagnostics.length, 1);
      assert.equal(await client.request('shutdown', null, 20_000), null);

      const late = 'file:///p/src/after.rs';
      client.notify('textDocument/didOpen', {
        textDocument: { uri: late, languageId: 'rust', version: 1, text: TEXT },
      });
      const hover = client.request('textDocument/hover', {
        textDocument: { uri: late },
        position: ON_UNWRAP,
      });
      await assert.rejects(hover, new RegExp(`^Error: ${INVALID_REQUEST}:`));
      await assert.rejects(client.request(RULES_REQUEST, null), new RegExp(`^Error: ${INVALID_REQUEST}:`));
      await assert.rejects(
        client.request('textDocument/codeAction', {
          textDocument: { uri: late },
          range: { start: ON_UNWRAP, end: ON_UNWRAP },
          context: { diagnostics: [] },
        }),
        new RegExp(`^Error: ${INVALID_REQUEST}:`),
      );
      client.notify('exit', null);
      assert.equal(await client.exited, 0);
      // Notifications are handled in order, and the exit came after the open: any analysis of it was sent.
      const published = client.notifications.filter((n) => n.method === PUBLISH);
      assert.deepEqual(
        published.map((n) => (n.params as PublishDiagnosticsParams).uri),
        ['file:///p/src/before.rs'],
      );
    } finally {
      client.kill();
    }
  });
});

describe('a client that never answers workspace/configuration', () => {
  test('still gets diagnostics and hovers, with the default settings', async () => {
    const client = builtServer();
    try {
      await initialize(client, { configuration: true });
      // Replaces the answering handler that initialize installed.
      client.onRequest('workspace/configuration', () => new Promise(() => undefined));
      const uri = 'file:///p/src/silent.rs';
      const { diagnostics } = await open(client, uri, 30_000);
      assert.deepEqual(
        diagnostics.map((d) => d.code),
        ['unwrap-used'],
      );
      const hover = await client.request<Hover | null>(
        'textDocument/hover',
        { textDocument: { uri }, position: ON_UNWRAP },
        30_000,
      );
      assert.match((hover?.contents as MarkupContent).value, /Open lesson/);
      assert.ok(client.serverRequests.some((r) => r.method === 'workspace/configuration'));
    } finally {
      client.kill();
    }
  });
});
