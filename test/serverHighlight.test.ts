// The highlight request of the built language server (dist/server.js), in real JSON-RPC: the lesson
// panel asks it to colour lesson code blocks and the learner's lines around a finding.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { HIGHLIGHT_REQUEST, type HighlightResult } from '../src/shared/protocol';
import { spawnBuiltServer } from './support/builtServer';
import type { LspClient } from './support/lspClient';
import { tempDirs } from './support/tempDirs';

describe('highlight request (built server)', () => {
  const tempDir = tempDirs('rsc-server-highlight-');
  let client: LspClient;

  before(async () => {
    client = spawnBuiltServer(tempDir());
    await client.request('initialize', { processId: process.pid, rootUri: null, capabilities: {} }, 20_000);
    client.notify('initialized', {});
  });
  after(async () => {
    await client.request('shutdown', null);
    client.notify('exit', null);
    await client.exited;
  });

  it('colours each source, whole or in line windows, with the grammar loaded from grammars/', async () => {
    const block = 'let n: u32 = "7".parse().unwrap();';
    const file = ['fn main() {', '    // the finding', '    let v = Some(1).unwrap();', '}'].join('\n');
    const result = await client.request<HighlightResult>(
      HIGHLIGHT_REQUEST,
      { sources: [{ text: block }, { text: file, lines: [{ first: 2, last: 3 }] }, { text: '' }] },
      20_000,
    );
    assert.deepEqual(result.highlights, [
      [
        {
          line: 1,
          tokens: [
            [0, 3, 'keyword'],
            [7, 10, 'type'],
            [13, 16, 'string'],
            [17, 22, 'function'],
            [25, 31, 'function'],
          ],
        },
      ],
      [
        { line: 2, tokens: [[4, 18, 'comment']] },
        {
          line: 3,
          tokens: [
            [4, 7, 'keyword'],
            [12, 16, 'type'],
            [17, 18, 'constant'],
            [20, 26, 'function'],
          ],
        },
      ],
      [],
    ]);
  });

  it('refuses malformed params with InvalidParams', async () => {
    for (const params of [
      {},
      { sources: 'fn main() {}' },
      { sources: [{ text: 1 }] },
      { sources: [{ text: 'fn f() {}', lines: [{ first: 0, last: 2 }] }] },
      { sources: [{ text: 'fn f() {}', lines: 'all' }] },
    ]) {
      await assert.rejects(client.request(HIGHLIGHT_REQUEST, params), /^Error: -32602: highlight needs/);
    }
  });
});
