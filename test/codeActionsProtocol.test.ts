// The lightbulb's actions over JSON-RPC to the built server (dist/server.js): placeholder text as
// snippet tab stops (only for clients that support them, never in fix-all), "Allow here" edits
// that silence the finding once applied, and "Open lesson" as a command for the finding.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type {
  CodeAction,
  Diagnostic,
  PublishDiagnosticsParams,
  SnippetTextEdit,
  TextDocumentEdit,
  TextEdit,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { FIX_ALL_KIND, OPEN_LESSON_COMMAND, type OpenLessonArgs } from '../src/shared/protocol';
import { REPO_ROOT } from './support/engine';
import { LspClient } from './support/lspClient';
import { compileRust } from './support/rustc';

const PUBLISH = 'textDocument/publishDiagnostics';

const SOURCE = [
  'pub fn port(text: Option<&str>) -> Result<usize, String> {', // 0
  '    let t = text.unwrap();', //                                 1: ok_or("value was missing")?
  '    Ok(t.len())', //                                             2
  '}', //                                                           3
  '',
  'pub fn first(v: &[u32]) -> u32 {', //                            5
  '    *v.first().unwrap()', //                                     6: expect("…") suggestion
  '}', //                                                           7
  '',
].join('\n');

function startClient(): LspClient {
  return LspClient.spawn(process.execPath, ['dist/server.js', '--stdio'], REPO_ROOT);
}

async function initialize(client: LspClient, snippets: boolean): Promise<void> {
  await client.request(
    'initialize',
    {
      processId: process.pid,
      rootUri: null,
      capabilities: {
        workspace: { workspaceEdit: { documentChanges: true, snippetEditSupport: snippets } },
        textDocument: { publishDiagnostics: { versionSupport: true, dataSupport: true } },
      },
      initializationOptions: { crateIndex: false },
    },
    15_000,
  );
  client.notify('initialized', {});
}

/** Opens (version 1) or replaces the text of a document, and returns its diagnostics for that version. */
async function show(client: LspClient, uri: string, version: number, text: string): Promise<Diagnostic[]> {
  const published = client.waitFor<PublishDiagnosticsParams>(
    PUBLISH,
    (p) => p.uri === uri && p.version === version,
    15_000,
  );
  if (version === 1)
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'rust', version, text } });
  else
    client.notify('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ text }],
    });
  return (await published).diagnostics;
}

function quickFixes(client: LspClient, uri: string, diagnostic: Diagnostic): Promise<CodeAction[]> {
  return client.request<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri },
    range: diagnostic.range,
    context: { diagnostics: [diagnostic], only: ['quickfix'] },
  });
}

function edits(action: CodeAction | undefined): Array<TextEdit | SnippetTextEdit> {
  const [change] = (action?.edit?.documentChanges ?? []) as TextDocumentEdit[];
  assert.ok(change, `${action?.title}: no versioned edit`);
  return change.edits;
}

function applyPlain(text: string, list: Array<TextEdit | SnippetTextEdit>): string {
  const plain = list.map((e) => {
    assert.ok('newText' in e, 'a plain edit');
    return e;
  });
  return TextDocument.applyEdits(TextDocument.create('file:///x.rs', 'rust', 0, text), plain);
}

const byTitle = (actions: CodeAction[], pattern: RegExp) => actions.find((a) => pattern.test(a.title));

describe('code actions, against the built server', () => {
  describe('a client with snippet edits', () => {
    const client = startClient();
    const uri = 'file:///work/project/src/lib.rs';
    let diagnostics: Diagnostic[] = [];
    before(async () => {
      await initialize(client, true);
      diagnostics = await show(client, uri, 1, SOURCE);
    });
    after(() => client.kill());

    test('the ok_or fix sends its made-up message as a tab stop, selected after applying', async () => {
      const okOr = diagnostics.find((d) => d.range.start.line === 1);
      assert.ok(okOr, JSON.stringify(diagnostics));
      const fix = byTitle(await quickFixes(client, uri, okOr), /ok_or/);
      assert.ok(fix, 'an ok_or fix');
      assert.equal(fix.title, 'Turn `None` into an `Err` with `.ok_or("…")?`');
      assert.equal(fix.isPreferred, true);
      assert.deepEqual(edits(fix), [
        {
          range: { start: { line: 1, character: 16 }, end: { line: 1, character: 25 } },
          snippet: { kind: 'snippet', value: '.ok_or("${1:value was missing}")?' },
        },
      ]);
    });

    test('the expect suggestion selects its placeholder; the plain unwrap fix stays plain', async () => {
      const unwrap = diagnostics.find((d) => d.range.start.line === 6);
      assert.ok(unwrap);
      const actions = await quickFixes(client, uri, unwrap);
      const expect = byTitle(actions, /expect/);
      assert.deepEqual(edits(expect), [
        {
          range: { start: { line: 6, character: 15 }, end: { line: 6, character: 23 } },
          snippet: { kind: 'snippet', value: 'expect("${1:explain why this cannot fail}")' },
        },
      ]);
    });

    test('fix-all writes plain text', async () => {
      const [fixAll] = await client.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri },
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        context: { diagnostics: [], only: [FIX_ALL_KIND] },
      });
      assert.equal(fixAll?.kind, FIX_ALL_KIND);
      assert.match(applyPlain(SOURCE, edits(fixAll)), /let t = text\.ok_or\("value was missing"\)\?;/);
    });

    test('Open lesson is a command naming the lesson by its title, carrying the finding', async () => {
      const unwrap = diagnostics.find((d) => d.range.start.line === 6);
      assert.ok(unwrap);
      const open = byTitle(await quickFixes(client, uri, unwrap), /^Open lesson/);
      assert.ok(open);
      assert.equal(open.title, 'Open lesson: unwrap() on None or Err panics');
      assert.equal(open.edit, undefined);
      assert.equal(open.command?.command, OPEN_LESSON_COMMAND);
      const [args] = (open.command?.arguments ?? []) as [OpenLessonArgs];
      assert.equal(args.lesson, 'unwrap-used');
      assert.deepEqual(args.finding?.range, unwrap.range);
      assert.equal(args.finding?.uri, uri);
      assert.equal(args.finding?.version, 1);
      assert.equal(args.finding?.rule, 'unwrap-used');
    });

    test('Allow here, as a comment or an attribute, silences the finding once applied, CRLF kept', async () => {
      const crlfUri = 'file:///work/project/src/crlf.rs';
      const crlf = SOURCE.replace(/\n/g, '\r\n');
      const found = await show(client, crlfUri, 1, crlf);
      const unwrap = found.find((d) => d.range.start.line === 6);
      assert.ok(unwrap);
      const actions = await quickFixes(client, crlfUri, unwrap);
      const comment = byTitle(actions, /^Allow `unwrap-used` here/);
      const attribute = byTitle(actions, /^Allow `clippy::unwrap_used` in fn `first`/);
      assert.ok(comment && attribute, actions.map((a) => a.title).join('\n'));

      let version = 1;
      for (const action of [comment, attribute]) {
        const applied = applyPlain(crlf, edits(action));
        assert.doesNotMatch(applied, /[^\r]\n/, `${action.title}: a bare LF`);
        const after = await show(client, crlfUri, ++version, applied);
        // Both edits go below line 1, whose finding stays where it was.
        assert.deepEqual(
          after.map((d) => [d.code, d.range.start.line]),
          found.filter((d) => d !== unwrap).map((d) => [d.code, d.range.start.line]),
          action.title,
        );
        const compiled = await compileRust(applied, 'allow_here_protocol');
        assert.ok(compiled.ok, compiled.stderr);
        // Back to the original text for the next action.
        await show(client, crlfUri, ++version, crlf);
      }
      assert.match(
        applyPlain(crlf, edits(comment)),
        /\r\n {4}\/\/ safety-coach: allow\(unwrap-used\)\r\n {4}\*v/,
      );
      assert.match(
        applyPlain(crlf, edits(attribute)),
        /\r\n#\[allow\(clippy::unwrap_used\)\]\r\npub fn first/,
      );
    });
  });

  describe('a client without snippet edits', () => {
    const client = startClient();
    const uri = 'file:///work/project/src/lib.rs';
    before(() => initialize(client, false));
    after(() => client.kill());

    test('gets the placeholder as plain text', async () => {
      const diagnostics = await show(client, uri, 1, SOURCE);
      const okOr = diagnostics.find((d) => d.range.start.line === 1);
      assert.ok(okOr);
      const fix = byTitle(await quickFixes(client, uri, okOr), /ok_or/);
      assert.deepEqual(edits(fix), [
        {
          range: { start: { line: 1, character: 16 }, end: { line: 1, character: 25 } },
          newText: '.ok_or("value was missing")?',
        },
      ]);
    });
  });
});
