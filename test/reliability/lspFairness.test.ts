// Issue 20.7, server side: one document's long analysis never holds up requests on another. The
// built server analyses in slices and answers in between; the order of the replies shows it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Hover, PublishDiagnosticsParams } from 'vscode-languageserver';
import { REPO_ROOT } from '../support/engine';
import { LspClient } from '../support/lspClient';
import { initialize } from '../support/reliability';

const BIG = 'file:///fairness/src/big.rs';
const SMALL = 'file:///fairness/src/small.rs';
const UNWRAPS = 20_000;

describe('the built server stays responsive while it analyses a long document', () => {
  let client: LspClient;
  before(async () => {
    // No debounce: the big analysis starts as soon as the document opens.
    client = LspClient.spawn(process.execPath, ['dist/server.js', '--stdio'], REPO_ROOT, {
      RUST_SAFETY_COACH_DEBOUNCE_MS: '0',
    });
    await initialize(client);
  });
  after(() => client.kill());

  test(`a hover on another document is answered before ${UNWRAPS} unwraps are analysed`, async () => {
    const small = 'fn f(v: Option<u8>) -> u8 {\n    v.unwrap()\n}\n';
    const smallDone = client.waitFor<PublishDiagnosticsParams>(
      'textDocument/publishDiagnostics',
      (p) => p.uri === SMALL,
    );
    client.notify('textDocument/didOpen', {
      textDocument: { uri: SMALL, languageId: 'rust', version: 1, text: small },
    });
    await smallDone;

    const big = `fn main() {\n    let v: Option<u8> = Some(1);\n${'    let _a = v.unwrap();\n'.repeat(UNWRAPS)}}\n`;
    const order: string[] = [];
    const bigDone = client
      .waitFor<PublishDiagnosticsParams>('textDocument/publishDiagnostics', (p) => p.uri === BIG, 300_000)
      .then((p) => {
        order.push('big diagnostics');
        return p;
      });
    client.notify('textDocument/didOpen', {
      textDocument: { uri: BIG, languageId: 'rust', version: 1, text: big },
    });
    // Let the big analysis get under way, then ask about the small document.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const hover = await client.request<Hover | null>(
      'textDocument/hover',
      { textDocument: { uri: SMALL }, position: { line: 1, character: 7 } },
      300_000,
    );
    order.push('hover');
    assert.ok(hover, 'no hover on the small document');
    const published = await bigDone;
    assert.equal(published.diagnostics.length, UNWRAPS);
    assert.deepEqual(order, ['hover', 'big diagnostics'], 'the hover waited for the other analysis');
  });
});
