// Issue 20.12, framing: one malformed header used to leave the server alive but deaf, with nothing
// logged. It must say what was wrong and exit non-zero, so the client restarts it.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, test } from 'node:test';
import { REPO_ROOT } from '../support/engine';

const INITIALIZE = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { processId: null, rootUri: null, capabilities: {} },
});
const HOVER = JSON.stringify({
  jsonrpc: '2.0',
  id: 2,
  method: 'textDocument/hover',
  params: { textDocument: { uri: 'file:///x.rs' }, position: { line: 0, character: 0 } },
});
const frame = (header: string, body: string) => `${header}\r\n\r\n${body}`;
const length = (body: string) => Buffer.byteLength(body);

const MALFORMED: Array<[string, string]> = [
  ['a length that is not a number', frame('Content-Length: abc', HOVER)],
  ['a negative length', frame('Content-Length: -5', HOVER)],
  ['no Content-Length', frame('Content-Type: application/vscode-jsonrpc; charset=utf-8', HOVER)],
  ['a length shorter than the body', frame(`Content-Length: ${length(HOVER) - 10}`, HOVER)],
  ['a line that is no header', frame(`Content-Length ${length(HOVER)}`, HOVER)],
];

/** Starts dist/server.js, completes initialize, sends `bytes`; resolves with the exit code and stderr. */
function afterMalformed(bytes: string): Promise<{ code: number | null; stderr: string; answered: boolean }> {
  const child = spawn(process.execPath, ['dist/server.js', '--stdio'], { cwd: REPO_ROOT, stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  let sent = false;
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    // The initialize response is in: the server is listening; now the bad message.
    if (!sent && stdout.includes('"id":1')) {
      sent = true;
      child.stdin.write(bytes);
    }
  });
  child.stdin.write(frame(`Content-Length: ${length(INITIALIZE)}`, INITIALIZE));
  // Generous: the point is "exits instead of going deaf"; a loaded box may take seconds to start.
  const timer = setTimeout(() => child.kill(), 30_000);
  return new Promise((resolve) =>
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, answered: sent });
    }),
  );
}

describe('malformed LSP framing (dist/server.js --stdio)', () => {
  for (const [name, bytes] of MALFORMED) {
    test(`${name}: logged, and the server exits non-zero`, async () => {
      const { code, stderr, answered } = await afterMalformed(bytes);
      assert.ok(answered, 'initialize was answered first');
      assert.equal(code, 1, `exit code; stderr:\n${stderr}`);
      assert.match(stderr, /malformed message from the client/i);
    });
  }
});
