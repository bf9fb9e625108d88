// A damaged install: the bundled server cannot load its grammar. It still answers the handshake,
// tells the user once what is wrong, and answers every later message without crashing.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { InitializeResult } from 'vscode-languageserver';
import { RULES_REQUEST, type RulesResult } from '../../src/shared/protocol';
import { LspClient } from '../support/lspClient';
import { tempDirs } from '../support/tempDirs';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const tempDir = tempDirs('rsc-broken-grammar-');

/** A copy of the built server whose `grammars/` folder holds a tree-sitter-rust.wasm that is not wasm. */
function installWithBrokenGrammar(): string {
  const root = tempDir();
  fs.mkdirSync(path.join(root, 'dist'));
  fs.mkdirSync(path.join(root, 'grammars'));
  for (const bundle of ['server.js', 'serverMain.js']) {
    fs.copyFileSync(path.join(REPO_ROOT, 'dist', bundle), path.join(root, 'dist', bundle));
  }
  fs.copyFileSync(
    path.join(REPO_ROOT, 'grammars', 'web-tree-sitter.wasm'),
    path.join(root, 'grammars', 'web-tree-sitter.wasm'),
  );
  fs.writeFileSync(path.join(root, 'grammars', 'tree-sitter-rust.wasm'), 'not a wasm module');
  return root;
}

describe('server with a grammar that does not load', () => {
  it('answers the handshake, shows one error, and handles documents and requests without crashing', async () => {
    const root = installWithBrokenGrammar();
    const client = LspClient.spawn(process.execPath, [path.join(root, 'dist', 'server.js'), '--stdio'], root);
    try {
      const shown = client.waitFor<{ type: number; message: string }>(
        'window/showMessage',
        () => true,
        20_000,
      );
      const result = await client.request<InitializeResult>(
        'initialize',
        { processId: process.pid, rootUri: null, capabilities: {} },
        20_000,
      );
      assert.equal(result.capabilities.hoverProvider, true);
      client.notify('initialized', {});
      const message = await shown;
      assert.equal(message.type, 1);
      assert.match(message.message, /^Rust Safety Coach: Could not load the Rust grammar from .*grammars: /);
      assert.doesNotMatch(message.message, /\n\s+at /, 'a message for the user, without a stack');

      const uri = 'file:///work/project/src/lib.rs';
      const text = 'fn f(v: Option<u8>) -> u8 {\n    v.unwrap()\n}\n';
      client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'rust', version: 1, text } });
      client.notify('textDocument/didChange', {
        textDocument: { uri, version: 2 },
        contentChanges: [
          { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: ' ' },
        ],
      });
      const position = { line: 1, character: 7 };
      assert.equal(await client.request('textDocument/hover', { textDocument: { uri }, position }), null);
      const range = { start: position, end: position };
      assert.deepEqual(
        await client.request('textDocument/codeAction', {
          textDocument: { uri },
          range,
          context: { diagnostics: [] },
        }),
        [],
      );
      // The rule list needs no grammar: the sidebar still shows what the extension teaches.
      assert.ok((await client.request<RulesResult>(RULES_REQUEST, null)).length > 0);
      client.notify('textDocument/didClose', { textDocument: { uri } });

      assert.equal(await client.request('shutdown', null), null);
      client.notify('exit', null);
      assert.equal(await client.exited, 0);
      const errors = client.notifications.filter((n) => n.method === 'window/showMessage');
      assert.equal(errors.length, 1, 'the error is shown once, not per document');
      assert.doesNotMatch(client.stderr, /Uncaught|Unhandled/);
    } finally {
      client.kill();
    }
  });
});
