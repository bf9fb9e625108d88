// Protocol tests: JSON-RPC over stdio to the real server process, run from source.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type {
  CodeAction,
  Diagnostic,
  Hover,
  InitializeResult,
  MarkupContent,
  PublishDiagnosticsParams,
  TextDocumentEdit,
  TextEdit,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  APPLY_FIX_COMMAND,
  FINDINGS_NOTIFICATION,
  FIX_ALL_KIND,
  OPEN_LESSON_COMMAND,
  RULES_REQUEST,
  type ApplyFixArgs,
  type FindingsParams,
  type OpenLessonArgs,
  type RulesResult,
} from '../src/shared/protocol';
import { LspClient } from './support/lspClient';

const REPO_ROOT = path.resolve(__dirname, '..');
const PUBLISH = 'textDocument/publishDiagnostics';
const URI = 'file:///work/project/src/lib.rs';
const GARBAGE_URI = 'file:///work/project/src/garbage.rs';

const SOURCE = [
  'fn first(v: &[i32]) -> Option<i32> {', // 0
  '    let x = v.first().unwrap();', //       1: `unwrap` at 22..28, `.unwrap()` at 21..30
  '    Some(*x)', //                          2
  '}', //                                     3
  '',
].join('\n');

function startServer(): LspClient {
  return LspClient.spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts', '--stdio'], REPO_ROOT);
}

function initializeParams(options: { configuration: boolean; commandLinks: boolean }) {
  return {
    processId: process.pid,
    rootUri: null,
    capabilities: {
      workspace: { configuration: options.configuration, workspaceEdit: { documentChanges: true } },
      textDocument: {
        hover: { contentFormat: ['markdown', 'plaintext'] },
        publishDiagnostics: { versionSupport: true, dataSupport: true },
        codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source'] } } },
      },
    },
    initializationOptions: { commandLinks: options.commandLinks },
  };
}

const forDoc =
  (uri: string, version?: number) =>
  (p: { uri: string; version?: number }): boolean =>
    p.uri === uri && (version === undefined || p.version === version);

/** Applies edits the way a client would; the server only ever sends plain `TextEdit`s. */
function applyEdits(text: string, edits: TextDocumentEdit['edits'] | TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///x.rs', 'rust', 0, text), edits as TextEdit[]);
}

function commandArgs<T>(markdown: string, command: string): T {
  const match = new RegExp(`\\(command:${command.replace(/\./g, '\\.')}\\?([^ )]+)`).exec(markdown);
  assert.ok(match?.[1], `no ${command} link in:\n${markdown}`);
  const args = JSON.parse(decodeURIComponent(match[1])) as T[];
  assert.equal(args.length, 1);
  return args[0] as T;
}

const pos = (line: number, character: number) => ({ line, character });

describe('language server over stdio (client with workspace/configuration and command links)', () => {
  let client: LspClient;
  let configuration: unknown = {};
  let text = SOURCE;
  let version = 1;
  let unwrapDiagnostic: Diagnostic;

  before(() => {
    client = startServer();
    client.onRequest('workspace/configuration', (params) =>
      (params as { items: unknown[] }).items.map(() => configuration),
    );
    client.onRequest('client/registerCapability', () => null);
  });

  after(() => client.kill());

  test('initialize declares incremental sync, hover and our code action kinds', async () => {
    const result = await client.request<InitializeResult>(
      'initialize',
      initializeParams({ configuration: true, commandLinks: true }),
      15000,
    );
    assert.deepEqual(result.capabilities.textDocumentSync, {
      openClose: true,
      change: 2,
      save: { includeText: false },
    });
    assert.equal(result.capabilities.hoverProvider, true);
    assert.deepEqual(result.capabilities.codeActionProvider, { codeActionKinds: ['quickfix', FIX_ALL_KIND] });
    assert.equal(result.serverInfo?.name, 'rust-safety-coach');
    client.notify('initialized', {});
  });

  test('didOpen publishes versioned diagnostics and the findings notification', async () => {
    const published = client.waitFor<PublishDiagnosticsParams>(PUBLISH, forDoc(URI, 1));
    const findings = client.waitFor<FindingsParams>(FINDINGS_NOTIFICATION, forDoc(URI, 1));
    client.notify('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'rust', version, text } });

    const { diagnostics } = await published;
    assert.equal(diagnostics.length, 1);
    const [diagnostic] = diagnostics as [Diagnostic];
    assert.equal(diagnostic.source, 'rust-safety-coach');
    assert.equal(diagnostic.code, 'unwrap-used');
    assert.equal(diagnostic.severity, 2);
    assert.deepEqual(diagnostic.range, { start: pos(1, 22), end: pos(1, 30) });
    assert.match(String(diagnostic.message), /panics/);
    assert.equal(
      diagnostic.codeDescription?.href,
      'https://rust-lang.github.io/rust-clippy/master/index.html#unwrap_used',
    );
    unwrapDiagnostic = diagnostic;

    const sidebar = await findings;
    assert.deepEqual(
      sidebar.findings.map((f) => [f.rule, f.lesson, f.range.start.line]),
      [['unwrap-used', 'unwrap-used', 1]],
    );
    assert.equal(sidebar.findings[0]?.fixes.find((f) => f.applicability === 'safe')?.edits[0]?.newText, '?');
    // The server pulled this document's settings.
    assert.ok(
      client.serverRequests.some(
        (r) =>
          r.method === 'workspace/configuration' &&
          JSON.stringify(r.params) ===
            JSON.stringify({ items: [{ scopeUri: URI, section: 'rustSafetyCoach' }] }),
      ),
    );
  });

  test('hover on unwrap explains it, names the lesson and links to it and to the fix', async () => {
    const hover = await client.request<Hover>('textDocument/hover', {
      textDocument: { uri: URI },
      position: pos(1, 24),
    });
    const contents = hover.contents as MarkupContent;
    assert.equal(contents.kind, 'markdown');
    const lines = contents.value.split('\n\n');
    assert.equal(lines[0], '**`unwrap()` turns a missing value into a crash**');
    assert.match(lines[1] ?? '', /panics/);
    assert.equal(lines[2], 'Lesson: *unwrap() on None or Err panics*');
    assert.deepEqual(hover.range, { start: pos(1, 22), end: pos(1, 28) });

    const fix = commandArgs<ApplyFixArgs>(contents.value, APPLY_FIX_COMMAND);
    const lessonArgs = commandArgs<OpenLessonArgs>(contents.value, OPEN_LESSON_COMMAND);
    assert.equal(lessonArgs.lesson, 'unwrap-used');
    assert.equal(lessonArgs.finding?.uri, URI);
    assert.equal(lessonArgs.finding?.version, 1);
    assert.equal(lessonArgs.finding?.rule, 'unwrap-used');
    assert.deepEqual(lessonArgs.finding?.range, { start: pos(1, 22), end: pos(1, 30) });
    assert.deepEqual(lessonArgs.finding?.fix, { title: fix.title, edits: fix.edits });
    assert.equal(fix.uri, URI);
    assert.equal(fix.version, 1);
    assert.equal(applyEdits(text, fix.edits).split('\n')[1], '    let x = v.first()?;');
    // The link names the fix it applies.
    assert.ok(contents.value.includes('[Apply fix: Propagate `None` with `?`](command:'), contents.value);

    const nothing = await client.request<Hover | null>('textDocument/hover', {
      textDocument: { uri: URI },
      position: pos(1, 8),
    });
    assert.equal(nothing, null);
  });

  test('code action: a preferred quickfix turning `.unwrap()` into `?` as a versioned edit', async () => {
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: URI },
      range: unwrapDiagnostic.range,
      context: { diagnostics: [unwrapDiagnostic], only: ['quickfix'] },
    });
    // In an Option fn the `?` is the fix; `expect` is not offered where the value can be propagated.
    assert.deepEqual(
      actions.map((a) => [a.kind, a.isPreferred ?? false, a.title]),
      [
        ['quickfix', true, 'Propagate `None` with `?`'],
        ['quickfix', false, 'Allow `unwrap-used` here (a `// safety-coach:` comment)'],
        ['quickfix', false, 'Allow `clippy::unwrap_used` in fn `first` (`#[allow(..)]`)'],
        ['quickfix', false, 'Open lesson: unwrap() on None or Err panics'],
      ],
    );
    const preferred = actions[0] as CodeAction;
    assert.deepEqual(preferred.diagnostics, [unwrapDiagnostic]);
    const [change] = preferred.edit?.documentChanges as [TextDocumentEdit];
    assert.deepEqual(change.textDocument, { uri: URI, version: 1 });
    assert.deepEqual(change.edits, [{ range: { start: pos(1, 21), end: pos(1, 30) }, newText: '?' }]);
    assert.equal(applyEdits(text, change.edits), SOURCE.replace('.unwrap()', '?'));
  });

  test('incremental didChange: an inserted unwrap line and a deleted one move the diagnostics', async () => {
    let published = client.waitFor<PublishDiagnosticsParams>(PUBLISH, forDoc(URI, 2));
    const inserted = '    let y = v.last().unwrap();\n';
    version = 2;
    client.notify('textDocument/didChange', {
      textDocument: { uri: URI, version },
      contentChanges: [{ range: { start: pos(2, 0), end: pos(2, 0) }, text: inserted }],
    });
    text = applyEdits(text, [{ range: { start: pos(2, 0), end: pos(2, 0) }, newText: inserted }]);
    assert.deepEqual(
      (await published).diagnostics.map((d) => [d.code, d.range.start]),
      [
        ['unwrap-used', pos(1, 22)],
        ['unwrap-used', pos(2, 21)],
      ],
    );

    // Two ranged changes in one notification, applied in order: delete line 1, then put
    // a comment with non-ASCII text (3 UTF-16 units for `é😀`) before the line that moved up.
    published = client.waitFor<PublishDiagnosticsParams>(PUBLISH, forDoc(URI, 3));
    version = 3;
    const changes = [
      { range: { start: pos(1, 0), end: pos(2, 0) }, newText: '' },
      { range: { start: pos(1, 4), end: pos(1, 4) }, newText: '/*é😀*/ ' },
    ];
    client.notify('textDocument/didChange', {
      textDocument: { uri: URI, version },
      contentChanges: changes.map((c) => ({ range: c.range, text: c.newText })),
    });
    for (const c of changes) text = applyEdits(text, [c]);
    assert.equal(text.split('\n')[1], '    /*é😀*/ let y = v.last().unwrap();');
    const { diagnostics } = await published;
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.range]),
      [['unwrap-used', { start: pos(1, 29), end: pos(1, 37) }]],
    );
    unwrapDiagnostic = diagnostics[0] as Diagnostic;

    // Hover follows the edited tree without waiting for analysis.
    const hover = await client.request<Hover>('textDocument/hover', {
      textDocument: { uri: URI },
      position: pos(1, 31),
    });
    assert.deepEqual(hover.range, { start: pos(1, 29), end: pos(1, 35) });
  });

  test('source.fixAll.rustSafetyCoach applies every preferred fix at the current version', async () => {
    const insertion = '    let w = v.get(1).unwrap();\n';
    const published = client.waitFor<PublishDiagnosticsParams>(PUBLISH, forDoc(URI, 4));
    version = 4;
    client.notify('textDocument/didChange', {
      textDocument: { uri: URI, version },
      contentChanges: [{ range: { start: pos(1, 0), end: pos(1, 0) }, text: insertion }],
    });
    text = applyEdits(text, [{ range: { start: pos(1, 0), end: pos(1, 0) }, newText: insertion }]);
    assert.equal((await published).diagnostics.length, 2);

    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: URI },
      range: { start: pos(0, 0), end: pos(0, 0) },
      context: { diagnostics: [], only: ['source.fixAll'] },
    });
    assert.equal(actions.length, 1);
    const [fixAll] = actions as [CodeAction];
    assert.equal(fixAll.kind, FIX_ALL_KIND);
    const [change] = fixAll.edit?.documentChanges as [TextDocumentEdit];
    assert.deepEqual(change.textDocument, { uri: URI, version: 4 });
    assert.equal(
      applyEdits(text, change.edits),
      [
        'fn first(v: &[i32]) -> Option<i32> {',
        '    let w = v.get(1)?;',
        '    /*é😀*/ let y = v.last()?;',
        '    Some(*x)',
        '}',
        '',
      ].join('\n'),
    );

    // Asking only for quickfixes leaves fix-all out; asking for nothing in particular brings both.
    const onlyQuickfix = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: URI },
      range: unwrapDiagnostic.range,
      context: { diagnostics: [], only: ['quickfix'] },
    });
    assert.deepEqual(onlyQuickfix, []);
  });

  test('workspace/configuration: turning unwrap-used off removes its findings', async () => {
    configuration = { rules: { 'unwrap-used': 'off' } };
    const requestsBefore = client.serverRequests.length;
    let published = client.waitFor<PublishDiagnosticsParams>(PUBLISH, forDoc(URI, 4));
    client.notify('workspace/didChangeConfiguration', { settings: null });
    assert.deepEqual((await published).diagnostics, []);
    assert.ok(
      client.serverRequests.slice(requestsBefore).some((r) => r.method === 'workspace/configuration'),
    );

    // `default` (and junk values, which are ignored) bring the rule back.
    configuration = { rules: { 'unwrap-used': 'default', 'expect-used': 42 }, includeTests: 'yes' };
    published = client.waitFor<PublishDiagnosticsParams>(PUBLISH, forDoc(URI, 4));
    client.notify('workspace/didChangeConfiguration', { settings: null });
    assert.deepEqual(
      (await published).diagnostics.map((d) => d.code),
      ['unwrap-used', 'unwrap-used'],
    );

    configuration = { rules: { 'unwrap-used': 'error' } };
    published = client.waitFor<PublishDiagnosticsParams>(PUBLISH, forDoc(URI, 4));
    client.notify('workspace/didChangeConfiguration', { settings: null });
    assert.deepEqual(
      (await published).diagnostics.map((d) => d.severity),
      [1, 1],
    );
  });

  test('workspace/configuration: severityCap lowers every finding, enable: false takes everything back', async () => {
    configuration = { rules: { 'unwrap-used': 'error' }, severityCap: 'hint' };
    let published = client.waitFor<PublishDiagnosticsParams>(PUBLISH, forDoc(URI, 4));
    client.notify('workspace/didChangeConfiguration', { settings: null });
    const capped = (await published).diagnostics;
    assert.deepEqual(
      capped.map((d) => d.severity),
      [4, 4],
    );
    const unwrap = capped[0] as Diagnostic;
    const position = unwrap.range.start;
    assert.notEqual(
      await client.request('textDocument/hover', { textDocument: { uri: URI }, position }),
      null,
    );
    // A cap above a finding's own severity leaves it alone; a damaged cap is ignored.
    for (const [severityCap, expected] of [
      ['warning', [2, 2]],
      ['loud', [1, 1]],
    ] as const) {
      configuration = { rules: { 'unwrap-used': 'error' }, severityCap };
      published = client.waitFor<PublishDiagnosticsParams>(PUBLISH, forDoc(URI, 4));
      client.notify('workspace/didChangeConfiguration', { settings: null });
      assert.deepEqual(
        (await published).diagnostics.map((d) => d.severity),
        expected,
        severityCap,
      );
    }

    configuration = { enable: false };
    published = client.waitFor<PublishDiagnosticsParams>(PUBLISH, forDoc(URI, 4));
    // Earlier rounds' findings may still be on their way: wait for the empty list.
    const findings = client.waitFor<FindingsParams>(
      FINDINGS_NOTIFICATION,
      (p) => forDoc(URI, 4)(p) && p.findings.length === 0,
    );
    client.notify('workspace/didChangeConfiguration', { settings: null });
    assert.deepEqual((await published).diagnostics, []);
    assert.deepEqual((await findings).findings, []);
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri: URI }, position }), null);
    const actions = await client.request('textDocument/codeAction', {
      textDocument: { uri: URI },
      range: unwrap.range,
      context: { diagnostics: [unwrap] },
    });
    assert.deepEqual(actions, []);

    // On again, with the settings the tests after this one expect.
    configuration = { rules: { 'unwrap-used': 'error' } };
    published = client.waitFor<PublishDiagnosticsParams>(PUBLISH, forDoc(URI, 4));
    client.notify('workspace/didChangeConfiguration', { settings: null });
    assert.deepEqual(
      (await published).diagnostics.map((d) => d.severity),
      [1, 1],
    );
    const again = (await client.request('textDocument/codeAction', {
      textDocument: { uri: URI },
      range: unwrap.range,
      context: { diagnostics: [unwrap] },
    })) as unknown[];
    assert.ok(again.length > 0, 'code actions are back');
    assert.notEqual(
      await client.request('textDocument/hover', { textDocument: { uri: URI }, position }),
      null,
    );
  });

  test('rustSafetyCoach/rules lists the rules', async () => {
    const rules = await client.request<RulesResult>(RULES_REQUEST, null);
    const unwrap = rules.find((r) => r.id === 'unwrap-used');
    assert.deepEqual(unwrap && [unwrap.clippyAllows, unwrap.defaultSeverity, unwrap.enabledByDefault], [
      ['unwrap_used'],
      'warning',
      true,
    ]);
    assert.ok(rules.length >= 5);
  });

  test('garbage input: random bytes and unbalanced braces do not take the server down', async () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pieces = [
      '{',
      '}',
      '{{',
      'fn',
      ' ',
      '\n',
      '.unwrap()',
      '"',
      "'",
      'unsafe {',
      '/*',
      '\0',
      '\ud800',
      '😀',
      'é',
      '?',
    ];
    let garbage = '';
    for (let i = 0; i < 4000; i++) {
      garbage +=
        random() < 0.5
          ? String.fromCharCode(Math.floor(random() * 0x3000))
          : pieces[Math.floor(random() * pieces.length)];
    }
    const published = client.waitFor<PublishDiagnosticsParams>(PUBLISH, forDoc(GARBAGE_URI, 1));
    client.notify('textDocument/didOpen', {
      textDocument: { uri: GARBAGE_URI, languageId: 'rust', version: 1, text: garbage },
    });
    assert.ok(Array.isArray((await published).diagnostics));

    // Out-of-range and overlapping edits are clamped rather than fatal.
    const changed = client.waitFor<PublishDiagnosticsParams>(PUBLISH, forDoc(GARBAGE_URI, 2));
    client.notify('textDocument/didChange', {
      textDocument: { uri: GARBAGE_URI, version: 2 },
      contentChanges: [
        { range: { start: pos(9999, 0), end: pos(9999, 5) }, text: '}}}{' },
        { range: { start: pos(3, 500), end: pos(1, 0) }, text: 'x.unwrap()' },
      ],
    });
    assert.ok(Array.isArray((await changed).diagnostics));

    for (const position of [pos(0, 0), pos(5, 3), pos(40, 10), pos(100000, 100000)]) {
      await client.request('textDocument/hover', { textDocument: { uri: GARBAGE_URI }, position });
    }
    await client.request('textDocument/codeAction', {
      textDocument: { uri: GARBAGE_URI },
      range: { start: pos(0, 0), end: pos(0, 0) },
      context: {
        diagnostics: [
          {
            range: { start: pos(0, 0), end: pos(0, 1) },
            message: '?',
            source: 'rust-safety-coach',
            data: 'junk',
          },
        ],
      },
    });

    // The real document still gets real answers.
    const hover = await client.request<Hover>('textDocument/hover', {
      textDocument: { uri: URI },
      position: pos(2, 31),
    });
    assert.match((hover.contents as MarkupContent).value, /^\*\*`unwrap\(\)` turns/);
    // A request for a document the server never saw is not an error either.
    assert.equal(
      await client.request('textDocument/hover', {
        textDocument: { uri: 'file:///nope.rs' },
        position: pos(0, 0),
      }),
      null,
    );
  });

  test('didClose clears the diagnostics and the sidebar', async () => {
    const published = client.waitFor<PublishDiagnosticsParams>(PUBLISH, forDoc(GARBAGE_URI));
    const findings = client.waitFor<FindingsParams>(FINDINGS_NOTIFICATION, forDoc(GARBAGE_URI));
    client.notify('textDocument/didClose', { textDocument: { uri: GARBAGE_URI } });
    assert.deepEqual((await published).diagnostics, []);
    assert.deepEqual((await findings).findings, []);
  });

  test('shutdown then exit ends the process with code 0', async () => {
    assert.equal(await client.request('shutdown', null), null);
    client.notify('exit', null);
    assert.equal(await client.exited, 0);
    // Only the garbage document's malformed edit is worth a warning; nothing is an error.
    const logged = client.notifications.filter((n) => n.method === 'window/logMessage');
    const errors = logged.filter((n) => (n.params as { type: number }).type === 1);
    assert.deepEqual(errors, [], 'the server logged errors');
    assert.ok(logged.every((n) => (n.params as { message: string }).message.includes('garbage.rs')));
  });
});

describe('language server over stdio (client without workspace/configuration or command links)', () => {
  let client: LspClient;

  before(() => {
    client = startServer();
  });

  after(() => client.kill());

  test('pushed settings and plain hovers', async () => {
    await client.request(
      'initialize',
      initializeParams({ configuration: false, commandLinks: false }),
      15000,
    );
    client.notify('initialized', {});

    let published = client.waitFor<PublishDiagnosticsParams>(PUBLISH, forDoc(URI, 1));
    client.notify('textDocument/didOpen', {
      textDocument: { uri: URI, languageId: 'rust', version: 1, text: SOURCE },
    });
    assert.deepEqual(
      (await published).diagnostics.map((d) => d.code),
      ['unwrap-used'],
    );

    const hover = await client.request<Hover>('textDocument/hover', {
      textDocument: { uri: URI },
      position: pos(1, 24),
    });
    const value = (hover.contents as MarkupContent).value;
    assert.match(value, /Lesson: \*unwrap\(\) on None or Err panics\*$/);
    assert.doesNotMatch(value, /command:/);

    published = client.waitFor<PublishDiagnosticsParams>(PUBLISH, forDoc(URI, 1));
    client.notify('workspace/didChangeConfiguration', {
      settings: { rustSafetyCoach: { rules: { 'unwrap-used': 'off' } } },
    });
    assert.deepEqual((await published).diagnostics, []);
    assert.deepEqual(client.serverRequests, []);

    assert.equal(await client.request('shutdown', null), null);
    client.notify('exit', null);
    assert.equal(await client.exited, 0);
  });
});
