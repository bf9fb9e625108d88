// Helpers shared by the reliability tests (test/reliability/*.test.ts): a server started from
// source, a seeded PRNG, the rust-src sample files, and checks on edits a client would apply.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { InitializeResult, TextEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LineIndex } from '../../src/engine';
import type { Range } from '../../src/shared/types';
import { REPO_ROOT } from './engine';
import { LspClient } from './lspClient';

export const RUST_SRC = '/usr/src/rustc-1.63.0/library';

/** A few real, medium-sized std files, or none (with the reason) when Debian's rust-src is absent. */
export function rustSrcFiles(names: readonly string[]): { files: string[]; skip: string | false } {
  const files = names.map((n) => path.join(RUST_SRC, n)).filter((f) => fs.existsSync(f));
  return files.length > 0
    ? { files, skip: false }
    : { files: [], skip: `${RUST_SRC} not present (install Debian's rust-src to include std files)` };
}

/** mulberry32: small, fast and reproducible from one 32-bit seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function startServer(extraArgs: string[] = [], entry = 'src/server/main.ts'): LspClient {
  return LspClient.spawn(process.execPath, ['--import', 'tsx', entry, '--stdio', ...extraArgs], REPO_ROOT);
}

/** initialize + initialized, for a client that pushes settings (no workspace/configuration round trips). */
export async function initialize(
  client: LspClient,
  options: { configuration?: boolean; commandLinks?: boolean; crateIndex?: boolean } = {},
): Promise<InitializeResult> {
  client.onRequest('workspace/configuration', (params) =>
    (params as { items: unknown[] }).items.map(() => ({})),
  );
  client.onRequest('client/registerCapability', () => null);
  const result = await client.request<InitializeResult>(
    'initialize',
    {
      processId: process.pid,
      rootUri: null,
      capabilities: {
        workspace: {
          configuration: options.configuration ?? false,
          workspaceEdit: { documentChanges: true },
        },
        textDocument: {
          hover: { contentFormat: ['markdown', 'plaintext'] },
          publishDiagnostics: { versionSupport: true, dataSupport: true },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source'] } } },
        },
      },
      initializationOptions: {
        commandLinks: options.commandLinks ?? true,
        crateIndex: options.crateIndex ?? true,
      },
    },
    20000,
  );
  client.notify('initialized', {});
  return result;
}

export function inside(range: Range, text: string): boolean {
  const lines = new LineIndex(text);
  const ok = (p: { line: number; character: number }) =>
    p.line >= 0 &&
    p.character >= 0 &&
    p.line < lines.lineCount &&
    p.character <= lines.lineText(p.line).length;
  const ordered =
    range.start.line < range.end.line ||
    (range.start.line === range.end.line && range.start.character <= range.end.character);
  return ok(range.start) && ok(range.end) && ordered;
}

/** Asserts that edits would apply cleanly to `text`: ranges inside it and pairwise disjoint. */
export function assertAppliesCleanly(text: string, edits: readonly TextEdit[], what: string): string {
  const lines = new LineIndex(text);
  const spans = edits.map((e) => {
    assert.ok(inside(e.range, text), `${what}: edit range ${JSON.stringify(e.range)} outside the document`);
    return { start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end) };
  });
  spans.sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < spans.length; i++) {
    const [a, b] = [spans[i - 1]!, spans[i]!];
    const bothInserts = a.start === a.end && b.start === b.end && a.start === b.start;
    assert.ok(b.start >= a.end && !bothInserts, `${what}: overlapping edits ${JSON.stringify(edits)}`);
  }
  return TextDocument.applyEdits(TextDocument.create('file:///x.rs', 'rust', 0, text), edits as TextEdit[]);
}
