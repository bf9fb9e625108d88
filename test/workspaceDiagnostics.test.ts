// Whole-workspace diagnostics, over real JSON-RPC to the built server (dist/server.js): a workspace
// folder's files that are not open get their findings, kept current on changes from disk, on
// opening and closing, and on settings; files.exclude, target/ and hidden folders are left out.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { PublishDiagnosticsParams } from 'vscode-languageserver';
import { FINDINGS_NOTIFICATION, type FindingsParams } from '../src/shared/protocol';
import { REPO_ROOT } from './support/engine';
import { LspClient } from './support/lspClient';
import { tempDirs } from './support/tempDirs';

const PUBLISH = 'textDocument/publishDiagnostics';
const PROGRESS = '$/progress';
const SLOW = 30_000;

interface ProgressParams {
  token: string | number;
  value: { kind: 'begin' | 'report' | 'end'; title?: string; message?: string; percentage?: number };
}

const files: Record<string, string> = {
  'Cargo.toml': '[package]\nname = "demo"\nversion = "0.1.0"\nedition = "2021"\n',
  'src/main.rs':
    'mod util;\n\nfn main() {\n    let n: Option<u8> = None;\n    println!("{}", n.unwrap());\n}\n',
  'src/util.rs': 'pub fn first(v: &[i32]) -> i32 {\n    *v.first().unwrap()\n}\n',
  'src/clean.rs': 'pub fn id(x: u8) -> u8 {\n    x\n}\n',
  'generated/gen.rs': 'pub fn g(v: Option<u8>) -> u8 {\n    v.unwrap()\n}\n',
  'target/debug/build/out.rs': 'pub fn t(v: Option<u8>) -> u8 {\n    v.unwrap()\n}\n',
  '.hidden/h.rs': 'pub fn h(v: Option<u8>) -> u8 {\n    v.unwrap()\n}\n',
  'vendor/dep/src/lib.rs': 'pub fn d(v: Option<u8>) -> u8 {\n    v.unwrap()\n}\n',
};

describe('workspace diagnostics (built server, a workspace folder with one crate)', () => {
  const dir = tempDirs('rsc-workspace-')();
  const uriOf = (relative: string) => pathToFileURL(path.join(dir, relative)).href;
  let client: LspClient;
  let enabled = true;
  let exclude: Record<string, boolean> = { '**/generated': true };
  const registrations: { method: string; registerOptions?: unknown }[] = [];
  const progressTokens: unknown[] = [];

  before(() => {
    for (const [relative, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
      fs.writeFileSync(path.join(dir, relative), text);
    }
    client = LspClient.spawn(process.execPath, ['dist/server.js', '--stdio'], REPO_ROOT);
    client.onRequest('workspace/configuration', (params) =>
      (params as { items: { section?: string }[] }).items.map(({ section }) =>
        section === 'rustSafetyCoach.workspaceDiagnostics'
          ? enabled
          : section === 'files.exclude'
            ? exclude
            : {},
      ),
    );
    client.onRequest('client/registerCapability', (params) => {
      registrations.push(...(params as { registrations: typeof registrations }).registrations);
      return null;
    });
    client.onRequest('window/workDoneProgress/create', (params) => {
      progressTokens.push((params as { token: unknown }).token);
      return null;
    });
  });

  after(() => client.kill());

  /** Every publication for a file so far. */
  const publishedFor = (relative: string) =>
    client.notifications
      .filter((n) => n.method === PUBLISH && (n.params as PublishDiagnosticsParams).uri === uriOf(relative))
      .map((n) => n.params as PublishDiagnosticsParams);

  const nextPublish = (relative: string, test: (p: PublishDiagnosticsParams) => boolean = () => true) =>
    client.waitFor<PublishDiagnosticsParams>(PUBLISH, (p) => p.uri === uriOf(relative) && test(p), SLOW);

  test('on initialize, unopened files get diagnostics; progress begins and ends', async () => {
    const end = client.waitFor<ProgressParams>(PROGRESS, (p) => p.value.kind === 'end', SLOW);
    const util = nextPublish('src/util.rs');
    const findings = client.waitFor<FindingsParams>(
      FINDINGS_NOTIFICATION,
      (p) => p.uri === uriOf('src/util.rs'),
      SLOW,
    );
    await client.request(
      'initialize',
      {
        processId: process.pid,
        rootUri: pathToFileURL(dir).href,
        workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'demo' }],
        capabilities: {
          window: { workDoneProgress: true },
          workspace: {
            configuration: true,
            workspaceFolders: true,
            didChangeConfiguration: { dynamicRegistration: true },
            didChangeWatchedFiles: { dynamicRegistration: true },
          },
          textDocument: { publishDiagnostics: { versionSupport: true, dataSupport: true } },
        },
      },
      SLOW,
    );
    client.notify('initialized', {});

    const published = await util;
    assert.deepEqual(
      published.diagnostics.map((d) => [d.code, d.range.start.line]),
      [['unwrap-used', 1]],
    );
    assert.equal(published.version, undefined, 'a file on disk has no document version');
    const sidebar = await findings;
    assert.equal(sidebar.onDisk, true);
    assert.equal(sidebar.version, 0);
    assert.deepEqual(
      sidebar.findings.map((f) => f.rule),
      ['unwrap-used'],
    );
    // The sidebar labels a file it never read with the code of each finding's line.
    assert.deepEqual(sidebar.snippets, ['*v.first().unwrap()']);

    const done = await end;
    const progress = client.notifications
      .filter((n) => n.method === PROGRESS)
      .map((n) => n.params as ProgressParams);
    assert.equal(progressTokens.length, 1, 'one progress token created');
    assert.ok(progress.every((p) => p.token === progressTokens[0]));
    assert.equal(progress[0]?.value.kind, 'begin');
    assert.equal(progress[0]?.value.title, 'Rust Safety Coach');
    assert.equal(done.value.kind, 'end');

    assert.deepEqual(
      publishedFor('src/main.rs')
        .at(-1)
        ?.diagnostics.map((d) => d.code),
      ['unwrap-used'],
    );
    // Nothing to report is not published at all; left-out folders are never published.
    for (const left of ['src/clean.rs', ...Object.keys(files).filter((f) => !f.startsWith('src/'))]) {
      assert.deepEqual(publishedFor(left), [], `${left} was published`);
    }
    assert.ok(
      registrations.some((r) => r.method === 'workspace/didChangeWatchedFiles'),
      'a file watcher is registered',
    );
  });

  test('a file changed on disk is analysed again (didChangeWatchedFiles)', async () => {
    fs.writeFileSync(
      path.join(dir, 'src/util.rs'),
      'pub fn first(v: &[i32]) -> Option<&i32> {\n    v.first()\n}\n',
    );
    const cleared = nextPublish('src/util.rs');
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf('src/util.rs'), type: 2 }] });
    assert.deepEqual((await cleared).diagnostics, []);

    fs.writeFileSync(
      path.join(dir, 'src/extra.rs'),
      'pub fn e(v: Option<u8>) -> u8 {\n    v.expect("set")\n}\n',
    );
    const created = nextPublish('src/extra.rs');
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf('src/extra.rs'), type: 1 }] });
    assert.deepEqual(
      (await created).diagnostics.map((d) => d.code),
      ['expect-used'],
    );

    fs.rmSync(path.join(dir, 'src/extra.rs'));
    const deleted = nextPublish('src/extra.rs');
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf('src/extra.rs'), type: 3 }] });
    assert.deepEqual((await deleted).diagnostics, []);
  });

  test("an open file's own analysis wins; closing it brings its findings on disk back", async () => {
    const uri = uriOf('src/main.rs');
    const opened = nextPublish('src/main.rs', (p) => p.version === 1);
    client.notify('textDocument/didOpen', {
      textDocument: { uri, languageId: 'rust', version: 1, text: 'mod util;\n\nfn main() {}\n' },
    });
    assert.deepEqual((await opened).diagnostics, []);

    // A change on disk while it is open publishes nothing for it: the editor's text is what counts.
    // (The open document's own publications may come meanwhile: its crate index may finish.)
    const fromDisk = () => publishedFor('src/main.rs').filter((p) => p.version === undefined).length;
    const before = fromDisk();
    fs.writeFileSync(path.join(dir, 'src/util.rs'), files['src/util.rs'] as string);
    const marker = nextPublish('src/util.rs', (p) => p.diagnostics.length === 1);
    client.notify('workspace/didChangeWatchedFiles', {
      changes: [
        { uri, type: 2 },
        { uri: uriOf('src/util.rs'), type: 2 },
      ],
    });
    await marker;
    assert.equal(fromDisk(), before);

    const closed = nextPublish('src/main.rs');
    const findings = client.waitFor<FindingsParams>(FINDINGS_NOTIFICATION, (p) => p.uri === uri, SLOW);
    client.notify('textDocument/didClose', { textDocument: { uri } });
    const back = await closed;
    assert.equal(back.version, undefined);
    assert.deepEqual(
      back.diagnostics.map((d) => d.code),
      ['unwrap-used'],
    );
    assert.equal((await findings).onDisk, true);
  });

  test('a Cargo.toml lint table changed on disk applies to files that are not open', async () => {
    const before = publishedFor('src/main.rs').at(-1);
    assert.ok(
      before?.diagnostics.some((d) => d.code === 'unwrap-used'),
      'main.rs starts with its unwrap',
    );
    fs.writeFileSync(
      path.join(dir, 'Cargo.toml'),
      `${files['Cargo.toml']}\n[lints.clippy]\nunwrap_used = "allow"\n`,
    );
    const allowed = nextPublish('src/main.rs', (p) => !p.diagnostics.some((d) => d.code === 'unwrap-used'));
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf('Cargo.toml'), type: 2 }] });
    await allowed;
    // And back: the tests after this one expect the crate's defaults.
    fs.writeFileSync(path.join(dir, 'Cargo.toml'), files['Cargo.toml'] as string);
    const restored = nextPublish('src/main.rs', (p) => p.diagnostics.some((d) => d.code === 'unwrap-used'));
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf('Cargo.toml'), type: 2 }] });
    await restored;
  });

  test('files.exclude and the setting are read again on didChangeConfiguration', async () => {
    exclude = {};
    const generated = nextPublish('generated/gen.rs');
    client.notify('workspace/didChangeConfiguration', { settings: null });
    assert.deepEqual(
      (await generated).diagnostics.map((d) => d.code),
      ['unwrap-used'],
    );
    assert.deepEqual(publishedFor('target/debug/build/out.rs'), []);

    enabled = false;
    const cleared = ['generated/gen.rs', 'src/main.rs'].map((f) =>
      nextPublish(f, (p) => p.diagnostics.length === 0),
    );
    client.notify('workspace/didChangeConfiguration', { settings: null });
    await Promise.all(cleared);
  });

  test('shuts down cleanly', async () => {
    await client.request('shutdown', null);
    client.notify('exit', null);
    assert.equal(await client.exited, 0);
    assert.doesNotMatch(client.stderr, /Uncaught|Unhandled/);
  });
});
