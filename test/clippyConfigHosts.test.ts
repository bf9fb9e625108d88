// The crate's clippy settings reach the engine from both hosts: `Cargo.toml`'s `rust-version` (the
// msrv when clippy.toml names none) silences question-mark below Rust 1.13, in the built CLI (and
// its cache, whose entries are keyed by the settings) and in the built server.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, test } from 'node:test';
import type { PublishDiagnosticsParams } from 'vscode-languageserver';
import { REPO_ROOT } from './support/engine';
import { LspClient } from './support/lspClient';
import { initialize } from './support/reliability';
import { tempDirs } from './support/tempDirs';

const tempDir = tempDirs('rsc-clippy-config-');
const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const SOURCE = `pub fn first(v: &[u8]) -> Option<u8> {
    let x = match v.first() {
        Some(x) => *x,
        None => return None,
    };
    Some(x)
}
`;

function crate(rustVersion: string | null): string {
  const root = tempDir();
  fs.mkdirSync(path.join(root, 'src'));
  const version = rustVersion ? `rust-version = "${rustVersion}"\n` : '';
  fs.writeFileSync(path.join(root, 'Cargo.toml'), `[package]\nname = "x"\nversion = "0.1.0"\n${version}`);
  fs.writeFileSync(path.join(root, 'src', 'lib.rs'), SOURCE);
  return root;
}

function rulesFound(root: string, cache: string): string[] {
  const run = spawnSync(process.execPath, [CLI, 'scan', '--format', 'json', '.'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, RUST_SAFETY_COACH_CACHE_DIR: cache },
  });
  assert.equal(run.status, 0, run.stderr);
  return (JSON.parse(run.stdout) as { findings: { rule: string }[] }).findings.map((f) => f.rule);
}

describe('clippy settings from the crate', () => {
  test('the CLI: rust-version 1.12 silences question-mark, and a changed Cargo.toml is not served from the cache', () => {
    const cache = tempDir();
    const root = crate(null);
    assert.deepEqual(rulesFound(root, cache), ['question-mark']);
    fs.writeFileSync(
      path.join(root, 'Cargo.toml'),
      '[package]\nname = "x"\nversion = "0.1.0"\nrust-version = "1.12"\n',
    );
    assert.deepEqual(rulesFound(root, cache), []);
    assert.deepEqual(rulesFound(crate('1.56'), cache), ['question-mark']);
  });

  describe('the server', () => {
    const client = LspClient.spawn(process.execPath, ['dist/server.js', '--stdio'], REPO_ROOT);
    after(() => client.kill());

    test('rust-version 1.12 silences question-mark in an open file of the crate', async () => {
      await initialize(client);
      const codes = async (root: string) => {
        const uri = pathToFileURL(path.join(root, 'src', 'lib.rs')).href;
        const published = client.waitFor<PublishDiagnosticsParams>(
          'textDocument/publishDiagnostics',
          (p) => p.uri === uri,
          20_000,
        );
        client.notify('textDocument/didOpen', {
          textDocument: { uri, languageId: 'rust', version: 1, text: SOURCE },
        });
        return (await published).diagnostics.map((d) => d.code);
      };
      assert.deepEqual(await codes(crate('1.12')), []);
      assert.deepEqual(await codes(crate('1.56')), ['question-mark']);
    });
  });
});
