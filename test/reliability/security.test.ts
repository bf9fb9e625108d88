// Issue 7.7: the security properties testable without a browser.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Hover, MarkupContent } from 'vscode-languageserver';
import { parseApplyFixArgs, parseOpenLessonArgs } from '../../src/client/commandArgs';
import { TRUSTED_HOVER_COMMANDS } from '../../src/client/trustedCommands';
import { REPO_ROOT } from '../support/engine';
import type { LspClient } from '../support/lspClient';
import { initialize, startServer } from '../support/reliability';

const edit = { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, newText: '?' };
const fixArgs = { uri: 'file:///a/src/lib.rs', version: 3, title: 'Use ?', edits: [edit] };

describe('command argument validation (src/client/commandArgs.ts)', () => {
  test('openLesson: accepts lesson ids, rejects paths, wrong types and junk', () => {
    assert.deepEqual(parseOpenLessonArgs({ lesson: 'unwrap-used' }), { lesson: 'unwrap-used' });
    for (const bad of [
      '../../etc/passwd',
      '..',
      'a/b',
      'a\\b',
      '/abs',
      'unwrap-used/../x',
      'UNWRAP',
      'a..b',
      '',
      ' unwrap',
      'unwrap-used\n',
      '%2e%2e',
      'unwrap-used.md',
      'x'.repeat(5) + '--y',
      '-x',
    ]) {
      assert.equal(parseOpenLessonArgs({ lesson: bad }), undefined, JSON.stringify(bad));
    }
    for (const bad of [
      null,
      undefined,
      42,
      'unwrap-used',
      ['unwrap-used'],
      { lesson: 42 },
      { lesson: ['a'] },
      {},
    ]) {
      assert.equal(parseOpenLessonArgs(bad), undefined, JSON.stringify(bad));
    }
  });

  test('applyFix: accepts a versioned edit list, rejects wrong types', () => {
    assert.deepEqual(parseApplyFixArgs(fixArgs), fixArgs);
    const bad: unknown[] = [
      null,
      [fixArgs],
      { ...fixArgs, uri: 7 },
      { ...fixArgs, version: -1 },
      { ...fixArgs, version: 1.5 },
      { ...fixArgs, version: '3' },
      { ...fixArgs, title: null },
      { ...fixArgs, edits: [] },
      { ...fixArgs, edits: {} },
      { ...fixArgs, edits: [{ ...edit, newText: 1 }] },
      { ...fixArgs, edits: [{ ...edit, range: { start: { line: -1, character: 0 }, end: edit.range.end } }] },
      {
        ...fixArgs,
        edits: [{ ...edit, range: { start: { line: '0', character: 0 }, end: edit.range.end } }],
      },
      { ...fixArgs, edits: [{ newText: '?' }] },
      { ...fixArgs, edits: [edit, null] },
    ];
    for (const b of bad) assert.equal(parseApplyFixArgs(b), undefined, JSON.stringify(b));
  });

  test('applyFix: a huge edit array is handled in bounded time', () => {
    const started = Date.now();
    parseApplyFixArgs({ ...fixArgs, edits: Array<unknown>(200_000).fill(edit) });
    parseApplyFixArgs({ ...fixArgs, edits: [...Array<unknown>(200_000).fill(edit), 'junk'] });
    assert.ok(Date.now() - started < 2000);
  });

  test('applyFix: a huge edit array is rejected', () => {
    const accepted =
      parseApplyFixArgs({ ...fixArgs, edits: Array<unknown>(200_000).fill(edit) }) !== undefined;
    assert.ok(!accepted, '200,000 edits were accepted');
  });

  test('only openLesson and applyFix are trusted in hovers, and both are declared commands', () => {
    assert.deepEqual([...TRUSTED_HOVER_COMMANDS].sort(), [
      'rustSafetyCoach.applyFix',
      'rustSafetyCoach.openLesson',
    ]);
  });
});

describe('hover command links from the server', () => {
  let client: LspClient;
  before(async () => {
    client = startServer();
    await initialize(client, { commandLinks: true });
  });
  after(() => client.kill());

  test('target only trusted commands, with arguments the client validator accepts', async () => {
    // Quotes, brackets and parentheses in the code must not break out of the link.
    const uri = 'file:///sec/src/lib.rs';
    const text = 'fn f(v: Option<u8>) -> Option<u8> { let s = "](command:evil) \\")"; Some(v.unwrap()) }\n';
    const published = client.waitFor(
      'textDocument/publishDiagnostics',
      (p: { uri: string }) => p.uri === uri,
    );
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'rust', version: 1, text } });
    await published;
    const character = text.indexOf('unwrap') + 2;
    const hover = await client.request<Hover>('textDocument/hover', {
      textDocument: { uri },
      position: { line: 0, character },
    });
    const markdown = (hover.contents as MarkupContent).value;
    const links = [...markdown.matchAll(/\]\((command:[^ )]*)/g)].map((m) => m[1] ?? '');
    assert.equal(links.length, 2, markdown);
    assert.equal((markdown.match(/command:/g) ?? []).length, 2, 'a command: URI outside our two links');
    for (const link of links) {
      const m = /^command:([\w.]+)\?(.*)$/.exec(link);
      assert.ok(m, link);
      const [, command, encoded] = m as unknown as [string, string, string];
      assert.ok(TRUSTED_HOVER_COMMANDS.includes(command), command);
      const args = JSON.parse(decodeURIComponent(encoded)) as unknown[];
      assert.equal(args.length, 1);
      const parsed =
        command === 'rustSafetyCoach.openLesson' ? parseOpenLessonArgs(args[0]) : parseApplyFixArgs(args[0]);
      assert.ok(parsed, `${command} args rejected by the validator: ${JSON.stringify(args[0])}`);
    }
  });
});

describe('manifest and network', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
    capabilities?: { untrustedWorkspaces?: { supported?: unknown }; virtualWorkspaces?: unknown };
  };

  test('package.json supports untrusted and virtual workspaces', () => {
    assert.equal(manifest.capabilities?.untrustedWorkspaces?.supported, true);
    assert.equal(manifest.capabilities?.virtualWorkspaces, true);
  });

  const NETWORK =
    /\b(?:https?\.request|https?\.get|net\.connect|net\.createConnection|tls\.connect|fetch\(|XMLHttpRequest|WebSocket\()/;
  for (const bundle of ['extension.js', 'server.js']) {
    const map = path.join(REPO_ROOT, 'dist', `${bundle}.map`);
    test(
      `dist/${bundle}: none of our own sources in the bundle opens a network connection`,
      { skip: fs.existsSync(map) ? false : `dist/${bundle}.map missing (run npm run build)` },
      (t) => {
        const { sources, sourcesContent } = JSON.parse(fs.readFileSync(map, 'utf8')) as {
          sources: string[];
          sourcesContent?: Array<string | null>;
        };
        assert.ok(sourcesContent, 'the source map has no sourcesContent');
        const ours = sources.flatMap((s, i) =>
          s.includes('node_modules') ? [] : [{ s, text: sourcesContent[i] ?? '' }],
        );
        assert.ok(
          ours.some((o) => o.s.includes('src/')),
          'no sources of ours in the map',
        );
        for (const { s, text } of ours) assert.doesNotMatch(text, NETWORK, s);
        const libraries = sources.filter(
          (s, i) => s.includes('node_modules') && NETWORK.test(sourcesContent[i] ?? ''),
        );
        t.diagnostic(
          `library code with network APIs (unused paths, e.g. emscripten's browser loader): ${libraries.join(', ') || 'none'}`,
        );
      },
    );
  }

  test('npm audit --omit=dev --audit-level=high', (t) => {
    const r = spawnSync('npm', ['audit', '--omit=dev', '--audit-level=high'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      timeout: 30000,
    });
    const output = `${r.stdout}${r.stderr}`;
    if (
      r.error ||
      /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|npm warn audit [45]\d\d|audit endpoint returned an error/i.test(
        output,
      )
    ) {
      t.skip(`the registry did not answer: ${(r.error?.message ?? output).trim().split('\n')[0]}`);
      return;
    }
    assert.equal(r.status, 0, output);
  });
});
