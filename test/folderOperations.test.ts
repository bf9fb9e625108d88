// Folder operations, over real JSON-RPC to the built server (dist/server.js): VS Code reports a
// folder renamed, deleted or created as one event for the folder (microsoft/vscode#109754), which
// the `**/*.rs` watcher never matches. The server takes them as LSP file operations
// (workspace/didRenameFiles, didDeleteFiles, didCreateFiles) and as folder events of
// didChangeWatchedFiles: what a folder held is published, or cleared (its Cargo.toml's warnings too).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { InitializeResult, PublishDiagnosticsParams } from 'vscode-languageserver';
import { REPO_ROOT } from './support/engine';
import { LspClient } from './support/lspClient';
import { tempDirs } from './support/tempDirs';

const PUBLISH = 'textDocument/publishDiagnostics';
const SLOW = 30_000;
const UNWRAP = 'pub fn f(v: Option<u8>) -> u8 {\n    v.unwrap()\n}\n';
/** A lint level that is none: a warning on the Cargo.toml's line 5. */
const BAD_MANIFEST = '[package]\nname = "lib2"\nversion = "0.1.0"\n\n[lints.clippy]\nexpect_used = "often"\n';

const BOTH = 'pub fn g(v: Option<u8>, w: Option<u8>) -> u8 {\n    v.unwrap() + w.expect("set")\n}\n';

const workspace: Record<string, string> = {
  'lib2/Cargo.toml': BAD_MANIFEST,
  'lib2/src/lib.rs': UNWRAP,
  'app/Cargo.toml': '[package]\nname = "app"\nversion = "0.1.0"\n',
  'app/src/main.rs': 'fn main() {}\n',
  // A crate inside a crate that allows unwrap: the inner one does not.
  'host/Cargo.toml': '[package]\nname = "host"\nversion = "0.1.0"\n\n[lints.clippy]\nunwrap_used = "allow"\n',
  'host/inner/Cargo.toml': '[package]\nname = "inner"\nversion = "0.1.0"\n',
  'host/inner/src/lib.rs': BOTH,
};

/** What is copied in: a crate whose target/ and hidden folders the scan skips, and a module folder. */
const copied: Record<string, string> = {
  'lib4/Cargo.toml': '[package]\nname = "lib4"\nversion = "0.1.0"\n',
  'lib4/src/lib.rs': UNWRAP,
  'lib4/target/debug/out.rs': UNWRAP,
  'lib4/.hidden/h.rs': UNWRAP,
  'util/mod.rs': UNWRAP,
  'util/deep/more.rs': UNWRAP,
};

function write(root: string, files: Record<string, string>): void {
  for (const [relative, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
    fs.writeFileSync(path.join(root, relative), text);
  }
}

describe('folder operations (built server)', () => {
  const dirs = tempDirs('rsc-folderops-');
  const dir = dirs();
  const outside = dirs();
  const uriOf = (relative: string) => pathToFileURL(path.join(dir, relative)).href;
  let client: LspClient;
  let initialized: InitializeResult;

  before(async () => {
    write(dir, workspace);
    write(outside, copied);
    client = LspClient.spawn(process.execPath, ['dist/server.js', '--stdio'], REPO_ROOT);
    client.onRequest('workspace/configuration', (params) =>
      (params as { items: { section?: string }[] }).items.map(({ section }) =>
        section === 'rustSafetyCoach.workspaceDiagnostics' ? true : {},
      ),
    );
    client.onRequest('client/registerCapability', () => null);
    const lib = nextPublish('lib2/src/lib.rs');
    const manifest = nextPublish('lib2/Cargo.toml');
    const inner = nextPublish('host/inner/src/lib.rs');
    initialized = await client.request<InitializeResult>(
      'initialize',
      {
        processId: process.pid,
        rootUri: pathToFileURL(dir).href,
        workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'ws' }],
        capabilities: {
          workspace: {
            configuration: true,
            workspaceFolders: true,
            didChangeWatchedFiles: { dynamicRegistration: true },
            fileOperations: { didCreate: true, didRename: true, didDelete: true },
          },
        },
      },
      SLOW,
    );
    client.notify('initialized', {});
    assert.deepEqual(codes(await lib), ['unwrap-used']);
    assert.equal((await manifest).diagnostics.length, 1, 'the bad lint level is a warning on Cargo.toml');
    assert.deepEqual(codes(await inner).sort(), ['expect-used', 'unwrap-used']);
  });

  after(() => client.kill());

  const nextPublish = (relative: string, test: (p: PublishDiagnosticsParams) => boolean = () => true) =>
    client.waitFor<PublishDiagnosticsParams>(PUBLISH, (p) => p.uri === uriOf(relative) && test(p), SLOW);
  const cleared = (relative: string) => nextPublish(relative, (p) => p.diagnostics.length === 0);
  const publishedFor = (relative: string) =>
    client.notifications.filter(
      (n) => n.method === PUBLISH && (n.params as PublishDiagnosticsParams).uri === uriOf(relative),
    );
  const codes = (p: PublishDiagnosticsParams) => p.diagnostics.map((d) => d.code);

  test("the server asks for the editor's folder operations; files it hears of from its watcher", () => {
    const operations = initialized.capabilities.workspace?.fileOperations;
    for (const kind of ['didCreate', 'didRename', 'didDelete'] as const) {
      const patterns = operations?.[kind]?.filters.map((f) => f.pattern);
      assert.deepEqual(patterns, [{ glob: '**', matches: 'folder' }], kind);
    }
  });

  test('a client with no watcher is asked for the Rust and config files too', async () => {
    const other = LspClient.spawn(process.execPath, ['dist/server.js', '--stdio'], REPO_ROOT);
    try {
      const result = await other.request<InitializeResult>(
        'initialize',
        { processId: process.pid, rootUri: null, capabilities: {} },
        SLOW,
      );
      const patterns = result.capabilities.workspace?.fileOperations?.didRename?.filters.map(
        (f) => f.pattern,
      );
      assert.deepEqual(patterns, [
        { glob: '**', matches: 'folder' },
        { glob: '**/{*.rs,Cargo.toml,clippy.toml,.clippy.toml}', matches: 'file' },
      ]);
    } finally {
      other.kill();
    }
  });

  test('a renamed folder: the old files are cleared, Cargo.toml included; the new ones published', async () => {
    const oldLib = cleared('lib2/src/lib.rs');
    const oldManifest = cleared('lib2/Cargo.toml');
    const newLib = nextPublish('lib3/src/lib.rs');
    const newManifest = nextPublish('lib3/Cargo.toml');
    fs.renameSync(path.join(dir, 'lib2'), path.join(dir, 'lib3'));
    client.notify('workspace/didRenameFiles', { files: [{ oldUri: uriOf('lib2'), newUri: uriOf('lib3') }] });
    await Promise.all([oldLib, oldManifest]);
    assert.deepEqual(codes(await newLib), ['unwrap-used']);
    assert.equal((await newManifest).diagnostics.length, 1);
  });

  test('a deleted folder: its findings and its Cargo.toml warnings are cleared', async () => {
    const lib = cleared('lib3/src/lib.rs');
    const manifest = cleared('lib3/Cargo.toml');
    fs.rmSync(path.join(dir, 'lib3'), { recursive: true });
    client.notify('workspace/didDeleteFiles', { files: [{ uri: uriOf('lib3') }] });
    await Promise.all([lib, manifest]);
  });

  test("a deleted crate's folder no longer makes a crate: files there later are the outer crate's", async () => {
    const gone = cleared('host/inner/src/lib.rs');
    fs.rmSync(path.join(dir, 'host/inner'), { recursive: true });
    client.notify('workspace/didDeleteFiles', { files: [{ uri: uriOf('host/inner') }] });
    await gone;
    // Back without its Cargo.toml, file by file (a checkout): host's lint table applies.
    const back = nextPublish('host/inner/src/lib.rs');
    write(dir, { 'host/inner/src/lib.rs': BOTH });
    client.notify('workspace/didChangeWatchedFiles', {
      changes: [{ uri: uriOf('host/inner/src/lib.rs'), type: 1 }],
    });
    assert.deepEqual(codes(await back), ['expect-used']);
  });

  test('a folder copied in: its files are published, not those in target/ or hidden folders', async () => {
    const lib = nextPublish('lib4/src/lib.rs');
    fs.cpSync(path.join(outside, 'lib4'), path.join(dir, 'lib4'), { recursive: true });
    client.notify('workspace/didCreateFiles', { files: [{ uri: uriOf('lib4') }] });
    assert.deepEqual(codes(await lib), ['unwrap-used']);
    // A later file's publication marks that the folder's walk is over.
    const marker = nextPublish('app/src/marker.rs');
    fs.writeFileSync(path.join(dir, 'app/src/marker.rs'), UNWRAP);
    client.notify('workspace/didChangeWatchedFiles', {
      changes: [{ uri: uriOf('app/src/marker.rs'), type: 1 }],
    });
    await marker;
    assert.deepEqual(publishedFor('lib4/target/debug/out.rs'), []);
    assert.deepEqual(publishedFor('lib4/.hidden/h.rs'), []);
  });

  test("a folder event of didChangeWatchedFiles (any client's watcher) is walked, or cleared", async () => {
    const top = nextPublish('app/src/util/mod.rs');
    const deep = nextPublish('app/src/util/deep/more.rs');
    fs.cpSync(path.join(outside, 'util'), path.join(dir, 'app/src/util'), { recursive: true });
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf('app/src/util'), type: 1 }] });
    assert.deepEqual(codes(await top), ['unwrap-used']);
    assert.deepEqual(codes(await deep), ['unwrap-used']);

    const gone = [cleared('app/src/util/mod.rs'), cleared('app/src/util/deep/more.rs')];
    fs.rmSync(path.join(dir, 'app/src/util'), { recursive: true });
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf('app/src/util'), type: 3 }] });
    await Promise.all(gone);
  });

  test('shuts down cleanly', async () => {
    await client.request('shutdown', null);
    client.notify('exit', null);
    assert.equal(await client.exited, 0);
    assert.doesNotMatch(client.stderr, /Uncaught|Unhandled/);
  });
});
