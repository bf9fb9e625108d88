// The server keeps syntax trees only within a budget; evicted documents keep their text and
// last analysis and are parsed again on demand, with the same results as if never evicted.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CodeAction, Diagnostic, Hover, PublishDiagnosticsParams } from 'vscode-languageserver';
import { analyze, analyzeText, DEFAULT_CHUNK_LIMITS, ParsedFile } from '../src/engine';
import { RustDocuments, TREE_BUDGET_CHARS } from '../src/server/documents';
import { TreeBudget, type TreeHolder } from '../src/server/treeBudget';
import { FIX_ALL_KIND } from '../src/shared/protocol';
import { findingsIn, testParser } from './support/engine';
import type { LspClient } from './support/lspClient';
import { initialize, startServer } from './support/reliability';

const PUBLISH = 'textDocument/publishDiagnostics';
const pos = (line: number, character: number) => ({ line, character });
const at = (line: number) => ({ start: pos(line, 0), end: pos(line, 0) });

const SMALL = [
  'fn first(v: &[i32]) -> Option<i32> {',
  '    let x = v.first().unwrap();',
  '    Some(*x)',
  '}',
  '',
].join('\n');
const INSERTED = '    let y = v.last().unwrap();\n';

/** A generated-looking file of at least `chars` characters, with an unwrap every 500 fns. */
function generated(chars: number): string {
  const quiet = (i: number) => `pub fn f${i}(x: Option<u8>) -> u8 {\n    x.unwrap_or(0)\n}\n\n`;
  const loud = (i: number) =>
    `pub fn f${i}(x: Option<u8>) -> Option<u8> {\n    let y = x.unwrap();\n    Some(y)\n}\n\n`;
  const parts: string[] = [];
  for (let i = 0, length = 0; length < chars; i++) {
    const part = i % 500 === 250 ? loud(i) : quiet(i);
    parts.push(part);
    length += part.length;
  }
  return parts.join('');
}

function holder(name: string, treeSize: number, evicted: string[], analysing = false): TreeHolder {
  return { treeSize, analysing, evictTree: () => evicted.push(name) };
}

describe('TreeBudget', () => {
  test('evicts the least recently used trees until the new one fits, before it is parsed', () => {
    const evicted: string[] = [];
    const budget = new TreeBudget(100);
    const [a, b, c] = [holder('a', 40, evicted), holder('b', 40, evicted), holder('c', 40, evicted)];
    budget.use(a, 40);
    budget.use(b, 40);
    budget.use(a, 40); // a is now the most recent
    assert.deepEqual(evicted, []);
    budget.use(c, 40);
    assert.deepEqual(evicted, ['b']);
    assert.equal(budget.size, 2);
  });

  test('leaves a tree alone while an analysis walks it, and evicts the next instead', () => {
    const evicted: string[] = [];
    const budget = new TreeBudget(100);
    const busy = holder('busy', 40, evicted, true);
    const [b, c] = [holder('b', 40, evicted), holder('c', 40, evicted)];
    budget.use(busy, 40);
    budget.use(b, 40);
    budget.use(c, 40);
    assert.deepEqual(evicted, ['b']);
  });

  test('keeps the tree in use even when it alone is over budget', () => {
    const evicted: string[] = [];
    const budget = new TreeBudget(100);
    const [small, huge] = [holder('small', 10, evicted), holder('huge', 500, evicted)];
    budget.use(small, 10);
    budget.use(huge, 500);
    assert.deepEqual(evicted, ['small']);
    assert.equal(budget.size, 1);
    budget.release(huge);
    assert.equal(budget.size, 0);
  });
});

describe('RustDocuments with a small tree budget', () => {
  const uri = (name: string) => `file:///work/project/src/${name}.rs`;

  test('holds a bounded number of trees; the rest keep only their text', async () => {
    const documents = new RustDocuments(await testParser(), assert.fail, SMALL.length * 2 + 10);
    const docs = ['a', 'b', 'c', 'd', 'e'].map((name) => documents.open(uri(name), 'rust', 1, SMALL));
    assert.equal(documents.treeCount, 2);
    assert.deepEqual(
      docs.map((d) => d.hasTree),
      [false, false, false, true, true],
    );
    assert.equal(docs[0]?.model.getText(), SMALL);
    documents.close(uri('e'));
    assert.equal(documents.treeCount, 1);
    documents.disposeAll();
    assert.equal(documents.treeCount, 0);
  });

  test('an evicted document takes edits and is parsed again when its analysis is needed', async () => {
    const documents = new RustDocuments(await testParser(), assert.fail, SMALL.length + 10);
    const a = documents.open(uri('a'), 'rust', 1, SMALL);
    const b = documents.open(uri('b'), 'rust', 1, SMALL);
    assert.equal(a.hasTree, false);

    documents.change(uri('a'), 2, [{ range: at(2), text: INSERTED }]);
    assert.equal(a.hasTree, false, 'edits alone do not parse an evicted document');
    const expected = SMALL.replace('    Some', `${INSERTED}    Some`);
    assert.equal(a.model.getText(), expected);

    const findings = analyze(a.parsed());
    assert.equal(a.hasTree, true);
    assert.equal(b.hasTree, false);
    assert.deepEqual(findings, await findingsIn(expected));
    assert.deepEqual(
      findings.map((f) => [f.rule, f.range.start]),
      [
        ['unwrap-used', pos(1, 22)],
        ['unwrap-used', pos(2, 21)],
      ],
    );

    // Incremental edits go on from the re-parsed tree.
    documents.change(uri('a'), 3, [{ range: { start: pos(1, 0), end: pos(2, 0) }, text: '' }]);
    assert.equal(a.hasTree, true);
    assert.deepEqual(
      analyze(a.parsed()),
      await findingsIn(SMALL.replace('let x = v.first()', 'let y = v.last()')),
    );
    documents.disposeAll();
  });
});

describe('RustDocuments: a document long enough to parse in chunks', () => {
  test('never holds a tree, and its findings and hovers are the whole-file ones', async () => {
    const parser = await testParser();
    const text = generated(DEFAULT_CHUNK_LIMITS.fileChars + 1);
    const documents = new RustDocuments(parser, assert.fail);
    const doc = documents.open('file:///work/project/src/generated.rs', 'rust', 1, text);
    assert.equal(doc.chunked, true);
    const whole = analyzeText(parser, text, 'src/generated.rs', {
      chunkLimits: { fileChars: Infinity, chunkChars: 0 },
    });
    assert.ok(whole.length >= 4, `${whole.length} findings`);
    assert.deepEqual(await doc.analyze({}), whole);
    const last = whole.at(-1)?.range.start ?? pos(0, 0);
    assert.equal(doc.hover(pos(last.line, last.character + 1))?.lesson, 'unwrap-used');
    assert.equal(documents.treeCount, 0);

    // Cut below the limit, it is parsed whole and its tree kept again.
    const cut = doc.model.positionAt(text.length - DEFAULT_CHUNK_LIMITS.fileChars + 2);
    documents.change(doc.uri, 2, [{ range: { start: pos(0, 0), end: cut }, text: '' }]);
    assert.equal(doc.chunked, false);
    const fresh = new ParsedFile(parser, doc.model.getText(), 'src/generated.rs');
    assert.deepEqual(await doc.analyze({}), analyze(fresh));
    fresh.dispose();
    assert.equal(documents.treeCount, 1);
    documents.disposeAll();
  });
});

describe('language server: documents that hold no tree (evicted, or parsed in chunks)', () => {
  let client: LspClient;
  const small = 'file:///work/project/src/lib.rs';
  const large = 'file:///work/project/src/generated.rs';

  before(async () => {
    client = startServer();
    await initialize(client, { commandLinks: true });
  });

  after(() => client.kill());

  async function open(uri: string, text: string): Promise<Diagnostic[]> {
    const published = client.waitFor<PublishDiagnosticsParams>(PUBLISH, (p) => p.uri === uri, 60_000);
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'rust', version: 1, text } });
    return (await published).diagnostics;
  }

  const hover = (uri: string, line: number, character: number) =>
    client.request<Hover | null>(
      'textDocument/hover',
      { textDocument: { uri }, position: pos(line, character) },
      60_000,
    );

  const codeActions = (uri: string, diagnostic: Diagnostic, only: string[]) =>
    client.request<CodeAction[]>(
      'textDocument/codeAction',
      { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic], only } },
      60_000,
    );

  test('a document long enough to parse in chunks gets the whole-file diagnostics and hovers', async () => {
    const text = generated(DEFAULT_CHUNK_LIMITS.fileChars + 1);
    const whole = analyzeText(await testParser(), text, 'src/chunked.rs', {
      chunkLimits: { fileChars: Infinity, chunkChars: 0 },
    });
    const uri = 'file:///work/project/src/chunked.rs';
    const diagnostics = await open(uri, text);
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.range]),
      whole.map((f) => [f.rule, f.range]),
    );
    const last = whole.at(-1)?.range.start ?? pos(0, 0);
    assert.match(JSON.stringify(await hover(uri, last.line, last.character + 1)), /unwrap-used/);
    client.notify('textDocument/didClose', { textDocument: { uri } });
  });

  test('hover, code actions and edits give the same results after a larger file pushed the tree out', async () => {
    const [unwrap] = (await open(small, SMALL)) as [Diagnostic];
    const hoverBefore = await hover(small, 1, 24);
    const fixesBefore = await codeActions(small, unwrap, ['quickfix', FIX_ALL_KIND]);
    assert.ok(hoverBefore);
    // The `?` fix, Allow here (comment, attribute), Open lesson and fix-all.
    assert.equal(fixesBefore.length, 5);

    // Three files just short of being parsed in chunks overfill the budget: the small tree goes.
    const line = 'pub fn f(x: Option<u8>) -> u8 { x.unwrap_or(0) }\n';
    const largeText = line.repeat(Math.floor((DEFAULT_CHUNK_LIMITS.fileChars - 1) / line.length));
    assert.ok(3 * largeText.length > TREE_BUDGET_CHARS);
    for (const uri of [large, `${large}.2.rs`, `${large}.3.rs`])
      assert.deepEqual(await open(uri, largeText), []);

    assert.deepEqual(await hover(small, 1, 24), hoverBefore);
    assert.deepEqual(await codeActions(small, unwrap, ['quickfix', FIX_ALL_KIND]), fixesBefore);
    // The large file, evicted in turn by that hover, is parsed again for its own hover.
    assert.match(JSON.stringify(await hover(large, 0, 13)), /Option/);

    const published = client.waitFor<PublishDiagnosticsParams>(
      PUBLISH,
      (p) => p.uri === small && p.version === 2,
      60_000,
    );
    client.notify('textDocument/didChange', {
      textDocument: { uri: small, version: 2 },
      contentChanges: [{ range: at(2), text: INSERTED }],
    });
    assert.deepEqual(
      (await published).diagnostics.map((d) => [d.code, d.range.start]),
      [
        ['unwrap-used', pos(1, 22)],
        ['unwrap-used', pos(2, 21)],
      ],
    );
  });
});
