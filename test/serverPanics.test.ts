// The panic requests of the built language server (dist/server.js), in real JSON-RPC: the
// terminal's links ask it whether a line is a panic, and which lesson the code at a panic is about.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { PublishDiagnosticsParams } from 'vscode-languageserver';
import {
  PANIC_LESSON_REQUEST,
  PANIC_LINK_REQUEST,
  type PanicLessonResult,
  type PanicLinkResult,
} from '../src/shared/protocol';
import { spawnBuiltServer } from './support/builtServer';
import type { LspClient } from './support/lspClient';
import { tempDirs } from './support/tempDirs';

const URI = 'file:///work/project/src/main.rs';
const SOURCE = [
  'use std::cell::RefCell;',
  'fn main() {',
  '    let port = std::env::var("PORT").expect("PORT is set");',
  '    let c = RefCell::new(1);',
  '    let r = c.borrow();',
  '    *c.borrow_mut() += 1;',
  '    println!("{port} {r}");',
  '}',
].join('\n');

describe('panic requests (built server)', () => {
  const tempDir = tempDirs('rsc-server-panics-');
  let client: LspClient;

  before(async () => {
    client = spawnBuiltServer(tempDir());
    await client.request('initialize', { processId: process.pid, rootUri: null, capabilities: {} }, 20_000);
    client.notify('initialized', {});
    const published = client.waitFor<PublishDiagnosticsParams>(
      'textDocument/publishDiagnostics',
      (p) => p.uri === URI,
      20_000,
    );
    client.notify('textDocument/didOpen', {
      textDocument: { uri: URI, languageId: 'rust', version: 1, text: SOURCE },
    });
    await published;
  });
  after(async () => {
    await client.request('shutdown', null);
    client.notify('exit', null);
    await client.exited;
  });

  it('panicLink: a header links to its place, a message to its lesson, other lines to nothing', async () => {
    const header = "thread 'main' (4120) panicked at src/main.rs:3:38:";
    assert.deepEqual(await client.request<PanicLinkResult>(PANIC_LINK_REQUEST, { line: header }), {
      startIndex: 0,
      length: header.length,
      tooltip: 'Open src/main.rs:3:38 and its Rust Safety Coach lesson',
      target: { kind: 'location', location: { file: 'src/main.rs', line: 3, column: 38, inLibrary: false } },
    });
    const message = await client.request<PanicLinkResult>(PANIC_LINK_REQUEST, {
      line: 'RefCell already borrowed',
    });
    assert.deepEqual(message?.target, { kind: 'lesson', lesson: 'refcell-borrow' });
    assert.equal(await client.request(PANIC_LINK_REQUEST, { line: '   Compiling demo v0.1.0' }), null);
  });

  it('panicLesson: reads the open document at the location', async () => {
    const lesson = (line: number, column: number) =>
      client.request<PanicLessonResult>(PANIC_LESSON_REQUEST, { uri: URI, line, column });
    assert.deepEqual(await lesson(3, SOURCE.split('\n')[2]!.indexOf('expect') + 1), {
      lesson: 'expect-used',
    });
    assert.deepEqual(await lesson(6, SOURCE.split('\n')[5]!.indexOf('borrow_mut') + 1), {
      lesson: 'refcell-borrow',
    });
    assert.deepEqual(await lesson(7, 5), { lesson: null });
    assert.deepEqual(
      await client.request(PANIC_LESSON_REQUEST, { uri: 'file:///not/open.rs', line: 1, column: 1 }),
      { lesson: null },
    );
  });

  it('refuses malformed params with InvalidParams', async () => {
    await assert.rejects(client.request(PANIC_LINK_REQUEST, { line: 3 }), /^Error: -32602: panicLink needs/);
    await assert.rejects(
      client.request(PANIC_LESSON_REQUEST, { uri: URI, line: 0, column: 1 }),
      /^Error: -32602: panicLesson needs/,
    );
  });
});
