// Issue 7.1: random edit sequences over LSP. The server's incrementally parsed view must always
// match a fresh parse of the same text, its ranges must lie inside the document, and its code
// actions must apply cleanly to the current version. Reproduce a failure with RSC_SEED=<seed>.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type {
  CodeAction,
  Diagnostic,
  PublishDiagnosticsParams,
  TextDocumentEdit,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze, ParsedFile } from '../../src/engine';
import { createEnginePathResolver } from '../../src/shared/cratePath';
import { FINDINGS_NOTIFICATION, OPEN_LESSON_COMMAND, type FindingsParams } from '../../src/shared/protocol';
import { testParser } from '../support/engine';
import { FIXTURES } from '../support/fixtures';
import { LspClient } from '../support/lspClient';
import { randomEdit } from '../support/randomEdits';
import {
  assertAppliesCleanly,
  initialize,
  inside,
  prng,
  rustSrcFiles,
  startServer,
} from '../support/reliability';

const SEED = Number(process.env.RSC_SEED ?? Date.now() % 1_000_000);
/** Edits per learner-crate file; std files (larger, slower to re-parse when broken) get half. */
const EDITS_PER_FILE = 300;
const CHECK_EVERY = 30;

const LEARNER = fs
  .readdirSync(path.join(FIXTURES, 'learner-crate', 'src'))
  .filter((f) => f.endsWith('.rs'))
  .map((f) => path.join(FIXTURES, 'learner-crate', 'src', f));
const STD = rustSrcFiles(['std/src/env.rs', 'alloc/src/borrow.rs']);

const sameDiagnostic = (d: Diagnostic) => ({
  code: d.code,
  message: d.message,
  range: d.range,
  severity: d.severity,
});

describe(`random edits over LSP (seed ${SEED}; rerun with RSC_SEED=${SEED})`, () => {
  let client: LspClient;
  const enginePath = createEnginePathResolver();
  const files = [...LEARNER, ...STD.files];
  const sources = files.map((f) => fs.readFileSync(f, 'utf8'));

  let exited = false;
  before(async () => {
    client = startServer();
    void client.exited.then(() => (exited = true));
    // Compared with a fresh parse of the text alone: the crate index would add cross-file fixes.
    await initialize(client, { crateIndex: false });
  });
  after(() => client.kill());

  if (STD.skip) test('rust-src files', { skip: STD.skip }, () => {});

  for (const [index, file] of files.entries()) {
    const edits = index < LEARNER.length ? EDITS_PER_FILE : EDITS_PER_FILE / 2;
    test(`${path.relative('/', file)}: ${edits} edits, checked every ${CHECK_EVERY}`, async (t) => {
      const rand = prng(SEED + index);
      const uri = pathToFileURL(file).href;
      const model = TextDocument.create(uri, 'rust', 1, sources[index] ?? '');
      const parser = await testParser();
      let version = 1;
      let checks = 0;
      const check = async () => {
        const published = client.waitFor<PublishDiagnosticsParams>(
          'textDocument/publishDiagnostics',
          (p) => p.uri === uri && p.version === version,
          15000,
        );
        const findingsSent = client.waitFor<FindingsParams>(
          FINDINGS_NOTIFICATION,
          (p) => p.uri === uri && p.version === version,
          15000,
        );
        const [{ diagnostics }, sidebar] = await Promise.all([published, findingsSent]);
        const text = model.getText();
        const context = `seed ${SEED}, ${path.basename(file)} at version ${version}`;
        const fresh = new ParsedFile(parser, text, enginePath(file, file));
        const expected = analyze(fresh, { settings: { rules: {}, includeTests: false } });
        fresh.dispose();
        for (const d of diagnostics)
          assert.ok(inside(d.range, text), `${context}: diagnostic outside the document`);
        assert.deepEqual(
          diagnostics.map(sameDiagnostic),
          expected.map((f) => ({
            code: f.rule,
            // The short line, then the advice on a second line.
            message: `${f.message}\n${f.advice}`,
            range: f.range,
            severity: { error: 1, warning: 2, information: 3, hint: 4 }[f.severity],
          })),
          `${context}: diagnostics differ from a fresh parse`,
        );
        // Fixes included: the incrementally parsed tree must give exactly the fresh parse's edits.
        assert.deepEqual(sidebar.findings, expected, `${context}: findings differ from a fresh parse`);

        const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
          textDocument: { uri },
          range: { start: { line: 0, character: 0 }, end: model.positionAt(text.length) },
          context: { diagnostics },
        });
        for (const action of actions) {
          // "Open lesson" edits nothing: it is a command for the client.
          if (!action.edit && action.command?.command === OPEN_LESSON_COMMAND) continue;
          const changes = action.edit?.documentChanges as TextDocumentEdit[] | undefined;
          assert.ok(changes?.length === 1, `${context}: ${action.title} is not one TextDocumentEdit`);
          const [change] = changes as [TextDocumentEdit];
          assert.equal(
            change.textDocument.version,
            version,
            `${context}: ${action.title} has a stale version`,
          );
          assert.equal(change.textDocument.uri, uri);
          assertAppliesCleanly(text, change.edits as never, `${context}: ${action.title}`);
        }
        assert.equal(exited, false, `${context}: the server exited`);
        checks++;
      };

      client.notify('textDocument/didOpen', {
        textDocument: { uri, languageId: 'rust', version, text: model.getText() },
      });
      await check();
      for (let n = 1; n <= edits; n++) {
        // Mostly one change per notification; sometimes several in one, as VS Code batches them.
        const count = rand() < 0.2 ? 2 + Math.floor(rand() * 3) : 1;
        const contentChanges = [];
        for (let i = 0; i < count; i++) {
          const text = model.getText();
          const e = randomEdit(rand, text, sources);
          const change = {
            range: { start: model.positionAt(e.start), end: model.positionAt(e.end) },
            text: e.newText,
          };
          TextDocument.update(model, [change], version);
          contentChanges.push(change);
        }
        version++;
        TextDocument.update(model, [], version);
        client.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
        if (n % CHECK_EVERY === 0) await check();
      }
      client.notify('textDocument/didClose', { textDocument: { uri } });
      t.diagnostic(`${checks} checks, final length ${model.getText().length}`);
    });
  }
});
