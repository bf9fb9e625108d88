// Issue 7.3–7.5 over LSP: UTF-16 positions, hostile documents, cancellation, stale results,
// a failing rule and bad requests. Real server processes, run from source.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type {
  CodeAction,
  Hover,
  MarkupContent,
  PublishDiagnosticsParams,
  TextDocumentEdit,
  TextEdit,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { FIX_ALL_KIND, RULES_REQUEST } from '../../src/shared/protocol';
import type { LspClient, ReceivedNotification } from '../support/lspClient';
import { assertAppliesCleanly, initialize, inside, startServer } from '../support/reliability';

/** The id of the throwing rule that test/support/serverWithFailingRule.ts adds (not imported: it starts a server). */
const FAILING_RULE = 'test-always-throws';
const PUBLISH = 'textDocument/publishDiagnostics';
const LOG = 'window/logMessage';

const logs = (client: LspClient, type: number): string[] =>
  client.notifications
    .filter((n: ReceivedNotification) => n.method === LOG && (n.params as { type: number }).type === type)
    .map((n) => (n.params as { message: string }).message);

async function open(client: LspClient, uri: string, text: string, timeoutMs = 10000) {
  const published = client.waitFor<PublishDiagnosticsParams>(PUBLISH, (p) => p.uri === uri, timeoutMs);
  client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'rust', version: 1, text } });
  return (await published).diagnostics;
}

/** Every `unwrap()` of a `.unwrap()` in the text, as LSP ranges (UTF-16 columns from JS string indices). */
function unwrapRanges(text: string) {
  const out = [];
  for (const [line, content] of text.split('\n').entries()) {
    for (let at = content.indexOf('.unwrap()'); at >= 0; at = content.indexOf('.unwrap()', at + 1)) {
      out.push({ start: { line, character: at + 1 }, end: { line, character: at + 9 } });
    }
  }
  return out;
}

describe('UTF-16 positions over LSP', () => {
  let client: LspClient;
  before(async () => {
    client = startServer();
    await initialize(client);
  });
  after(() => client.kill());

  const DOCS: Record<string, string> = {
    'emoji-cjk-combining-crlf-tabs': [
      '// 🦀 crab, 日本語, e\u0301 (combining), 👩‍👩‍👧 (ZWJ)',
      'fn first(v: &[i32]) -> Option<i32> {',
      '\tlet s = "🦀日本e\u0301👩‍👩‍👧"; let x = v.first().unwrap(); let _ = s;',
      '\t\t/* 𝕏 */ let y = v.last().unwrap(); Some(*x + *y)',
      '}',
      '',
    ].join('\r\n'),
    'bom-first-line':
      '\uFEFFfn a(o: Option<u8>) -> Option<u8> { let t = "🦀"; Some(o.unwrap() + t.len() as u8) }\n',
  };

  for (const [name, text] of Object.entries(DOCS)) {
    test(`${name}: diagnostics, hover and an applied quick fix use UTF-16 columns`, async () => {
      const uri = `file:///utf16/src/${name}.rs`;
      const diagnostics = await open(client, uri, text);
      const expected = unwrapRanges(text);
      assert.ok(expected.length > 0);
      assert.deepEqual(
        diagnostics.filter((d) => d.code === 'unwrap-used').map((d) => d.range),
        expected,
      );
      for (const d of diagnostics) assert.ok(inside(d.range, text));

      for (const range of expected) {
        // On the `w` of `unwrap`: the hover must be about unwrap and cover that character.
        const position = { line: range.start.line, character: range.start.character + 2 };
        const hover = await client.request<Hover | null>('textDocument/hover', {
          textDocument: { uri },
          position,
        });
        assert.ok(hover?.range, `no hover at ${JSON.stringify(position)}`);
        assert.match((hover.contents as MarkupContent).value, /unwrap/);
        const line = text.split('\n')[position.line] ?? '';
        assert.equal(line.slice(hover.range.start.character, hover.range.end.character), 'unwrap');
      }

      const target = diagnostics.find((d) => d.code === 'unwrap-used');
      const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri },
        range: target!.range,
        context: { diagnostics: [target], only: ['quickfix'] },
      });
      const fix = actions.find((a) => a.isPreferred);
      assert.ok(fix, 'no preferred quick fix');
      const [change] = fix.edit!.documentChanges as [TextDocumentEdit];
      assert.equal(change.textDocument.version, 1);
      const applied = TextDocument.applyEdits(
        TextDocument.create(uri, 'rust', 1, text),
        change.edits as TextEdit[],
      );
      const lines = text.split('\n');
      const { line, character } = expected[0]!.start;
      lines[line] = `${lines[line]!.slice(0, character - 1)}?${lines[line]!.slice(character + 8)}`;
      assert.equal(applied, lines.join('\n'));
    });
  }
});

describe('hostile documents over LSP', () => {
  let client: LspClient;
  let exited = false;
  before(async () => {
    client = startServer();
    void client.exited.then(() => (exited = true));
    await initialize(client);
  });
  after(() => client.kill());

  const bytes = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256));
  const INPUTS: Array<[string, () => string]> = [
    ['10 MB file', () => 'fn f(v: Option<i32>) -> i32 { v.unwrap() }\n'.repeat(245_000)],
    ['100,000 nested parentheses', () => `fn f() -> i32 { ${'('.repeat(100_000)}1${')'.repeat(100_000)} }\n`],
    ['1 MB line', () => `fn f(v: Option<i32>) -> i32 { let s = "${'x'.repeat(1 << 20)}"; v.unwrap() }\n`],
    ['lone surrogates (invalid UTF-16/UTF-8)', () => 'fn f() { let s = "\uD800\uDFFF\uDC00x"; }\n\uD83D'],
    ['NUL characters', () => 'fn f(v: Option<u8>) -> u8 {\0 v.unwrap() \0}\n\0'],
    ['binary content', () => bytes.toString('latin1')],
    ['empty file', () => ''],
  ];

  for (const [index, [name, make]] of INPUTS.entries()) {
    test(`${name}: the server keeps running and still answers`, async () => {
      const uri = `file:///hostile/src/input${index}.rs`;
      const text = make();
      const started = Date.now();
      const diagnostics = await open(client, uri, text, 20000);
      for (const d of diagnostics)
        assert.ok(inside(d.range, text), `${name}: diagnostic outside the document`);
      const hover = await client.request('textDocument/hover', {
        textDocument: { uri },
        position: { line: 0, character: 5 },
      });
      assert.ok(hover === null || typeof hover === 'object');
      const rules = await client.request<unknown[]>(RULES_REQUEST, undefined);
      assert.ok(rules.length > 0);
      // One more edit, then close: still alive.
      const republished = client.waitFor<PublishDiagnosticsParams>(
        PUBLISH,
        (p) => p.uri === uri && p.version === 2,
      );
      client.notify('textDocument/didChange', {
        textDocument: { uri, version: 2 },
        contentChanges: [
          { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '{(' },
        ],
      });
      await republished;
      client.notify('textDocument/didClose', { textDocument: { uri } });
      assert.equal(exited, false);
      assert.ok(Date.now() - started < 20000, `${name} took ${Date.now() - started} ms`);
      if (name === '10 MB file') {
        assert.deepEqual(diagnostics, []);
        assert.ok(
          logs(client, 2).some((m) => m.includes(uri) && /not analysed/.test(m)),
          `no warning that ${name} is too large: ${JSON.stringify(logs(client, 2))}`,
        );
      }
    });
  }
});

describe('inside the server: cancellation, stale results, bad requests', () => {
  let client: LspClient;
  let configDelayMs = 0;
  before(async () => {
    client = startServer();
    await initialize(client, { configuration: true }); // request id 1
    client.onRequest('workspace/configuration', async (params) => {
      await new Promise((r) => setTimeout(r, configDelayMs));
      return (params as { items: unknown[] }).items.map(() => ({}));
    });
  });
  after(() => client.kill());

  test('a newer edit supersedes an analysis in flight: the stale result is never published', async () => {
    const uri = 'file:///inside/src/stale.rs';
    configDelayMs = 600;
    const v2 = client.waitFor<PublishDiagnosticsParams>(PUBLISH, (p) => p.uri === uri && p.version === 2);
    client.notify('textDocument/didOpen', {
      textDocument: {
        uri,
        languageId: 'rust',
        version: 1,
        text: 'fn f(v: Option<u8>) -> u8 { v.unwrap() }\n',
      },
    });
    client.notify('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ text: 'fn f(v: Option<u8>) -> u8 { v.unwrap_or(0) }\n' }],
    });
    assert.deepEqual((await v2).diagnostics, []);
    await new Promise((r) => setTimeout(r, 300));
    const published = client.notifications.filter(
      (n) => n.method === PUBLISH && (n.params as PublishDiagnosticsParams).uri === uri,
    );
    assert.deepEqual(
      published.map((n) => (n.params as PublishDiagnosticsParams).version),
      [2],
      'a result for the superseded version 1 was published',
    );
    configDelayMs = 0;
  });

  test('$/cancelRequest: a code action request cancelled while waiting for settings gets RequestCancelled', async () => {
    const uri = 'file:///inside/src/cancel.rs';
    await open(client, uri, 'fn f(v: Option<u8>) -> Option<u8> { Some(v.unwrap()) }\n');
    configDelayMs = 500;
    client.notify('workspace/didChangeConfiguration', { settings: {} }); // settings pulled again, slowly
    // The test client numbers requests 1, 2, ...: initialize was 1, the hover above none.
    const pending = client.request('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: [FIX_ALL_KIND] },
    });
    client.notify('$/cancelRequest', { id: 2 });
    await assert.rejects(pending, /^Error: -32800: /);
    configDelayMs = 0;
    // Not cancelled: the same request is answered.
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: [FIX_ALL_KIND] },
    });
    assert.equal(actions.length, 1);
    const [change] = actions[0]!.edit!.documentChanges as [TextDocumentEdit];
    assertAppliesCleanly(
      'fn f(v: Option<u8>) -> Option<u8> { Some(v.unwrap()) }\n',
      change.edits as TextEdit[],
      'fix-all',
    );
  });

  test('bad requests are answered and logged as errors (window/logMessage type 1)', async () => {
    const before = logs(client, 1).length;
    assert.equal(await client.request('textDocument/hover', {}), null);
    assert.deepEqual(await client.request('textDocument/codeAction', { textDocument: null }), []);
    const errors = logs(client, 1).slice(before);
    assert.ok(
      errors.some((m) => /^Hover in undefined failed: TypeError/.test(m)),
      JSON.stringify(errors),
    );
    assert.ok(
      errors.some((m) => /^Code actions in undefined failed: TypeError/.test(m)),
      JSON.stringify(errors),
    );
    // Still serving.
    assert.ok((await client.request<unknown[]>(RULES_REQUEST, undefined)).length > 0);
  });
});

describe('a rule that throws over LSP', () => {
  let client: LspClient;
  before(async () => {
    client = startServer([], 'test/support/serverWithFailingRule.ts');
    await initialize(client);
  });
  after(() => client.kill());

  test('is logged as an error, and the other rules still report', async () => {
    const uri = 'file:///failing/src/lib.rs';
    const logged = client.waitFor<{ type: number; message: string }>(LOG, (p) =>
      p.message.includes(FAILING_RULE),
    );
    const diagnostics = await open(
      client,
      uri,
      'fn f(v: Option<u8>) -> Option<u8> { let x = v.unwrap(); g(x) }\n',
    );
    const { type, message } = await logged;
    assert.equal(type, 1);
    assert.match(message, new RegExp(`^Rule ${FAILING_RULE} failed on ${uri}: Error: deliberate failure`));
    assert.deepEqual(
      diagnostics.map((d) => d.code),
      ['unwrap-used'],
    );
  });
});
