// Cargo.toml's lint tables and our metadata table reach the analysis from both hosts: the built
// CLI (scan, --fix, and its cache, whose keys hold the crate's settings) and the built server
// (which re-reads Cargo.toml when the client says it changed, shows bad input on Cargo.toml, and
// lets the user's explicit setting win over the crate's).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { after, describe, test } from 'node:test';
import type { PublishDiagnosticsParams } from 'vscode-languageserver';
import { REPO_ROOT } from './support/engine';
import { LspClient } from './support/lspClient';
import { tempDirs } from './support/tempDirs';

const tempDir = tempDirs('rsc-cargo-lints-');
const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const SOURCE = `pub fn parse(s: &str) -> Result<u8, std::num::ParseIntError> {
    let n: u8 = s.parse().unwrap();
    Ok(n)
}

pub fn first(v: &[u8]) -> u8 {
    *v.first().expect("failed")
}
`;
const PACKAGE = '[package]\nname = "x"\nversion = "0.1.0"\nedition = "2021"\n';

function crate(manifest: string): string {
  const root = tempDir();
  fs.mkdirSync(path.join(root, 'src'));
  fs.writeFileSync(path.join(root, 'Cargo.toml'), manifest);
  fs.writeFileSync(path.join(root, 'src', 'lib.rs'), SOURCE);
  return root;
}

function scan(root: string, args: string[], cache?: string) {
  const run = spawnSync(process.execPath, [CLI, 'scan', '--format', 'json', ...args, '.'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, RUST_SAFETY_COACH_CACHE_DIR: cache ?? tempDir() },
  });
  assert.equal(run.status, 0, run.stderr);
  const findings = (JSON.parse(run.stdout) as { findings: { rule: string; severity: string }[] }).findings;
  return { found: findings.map((f) => `${f.rule}:${f.severity}`), stderr: run.stderr };
}

describe('the CLI', () => {
  test('[lints.clippy] unwrap_used = "allow" silences unwrap-used; deny makes expect-used an error', () => {
    assert.deepEqual(scan(crate(PACKAGE), []).found, ['unwrap-used:warning', 'expect-used:warning']);
    const root = crate(`${PACKAGE}[lints.clippy]\nunwrap_used = "allow"\nexpect_used = "deny"\n`);
    assert.deepEqual(scan(root, []).found, ['expect-used:error']);
    // --rule names a rule the crate turns off: the command line is the more specific ask.
    assert.deepEqual(scan(root, ['--rule', 'unwrap-used']).found, ['unwrap-used:warning']);
  });

  test('a workspace member inherits [workspace.lints] with `[lints] workspace = true`', () => {
    const root = tempDir();
    fs.writeFileSync(
      path.join(root, 'Cargo.toml'),
      '[workspace]\nmembers = ["m"]\n[workspace.lints.clippy]\nrestriction = "allow"\n',
    );
    fs.mkdirSync(path.join(root, 'm', 'src'), { recursive: true });
    fs.writeFileSync(path.join(root, 'm', 'Cargo.toml'), `${PACKAGE}[lints]\nworkspace = true\n`);
    fs.writeFileSync(path.join(root, 'm', 'src', 'lib.rs'), SOURCE);
    assert.deepEqual(scan(root, []).found, []);
  });

  test('--fix leaves an allowed unwrap alone', () => {
    const root = crate(`${PACKAGE}[lints.clippy]\nunwrap_used = "allow"\n`);
    const run = spawnSync(process.execPath, [CLI, 'scan', '--fix', '.'], { cwd: root, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(fs.readFileSync(path.join(root, 'src', 'lib.rs'), 'utf8'), SOURCE);
    const unfixed = crate(PACKAGE);
    spawnSync(process.execPath, [CLI, 'scan', '--fix', '.'], { cwd: unfixed, encoding: 'utf8' });
    assert.match(fs.readFileSync(path.join(unfixed, 'src', 'lib.rs'), 'utf8'), /s\.parse\(\)\?/);
  });

  test('bad input is a warning naming the file, line and key; the rest still applies', () => {
    const root = crate(
      `${PACKAGE}[lints.clippy]\nunwrap_used = "alow"\nexpect_used = "allow"\n` +
        '[package.metadata.rust-safety-coach]\nrules = { "unwrap-usd" = "off" }\n',
    );
    const { found, stderr } = scan(root, []);
    assert.deepEqual(found, ['unwrap-used:warning']);
    const lines = stderr.trim().split('\n');
    assert.equal(lines.length, 2, stderr);
    assert.match(
      lines[0] ?? '',
      /^rust-safety-coach: warning: Cargo\.toml:6: `lints\.clippy\.unwrap_used`: `alow` is not a lint level/,
    );
    assert.match(
      lines[1] ?? '',
      /^rust-safety-coach: warning: Cargo\.toml:9: `package\.metadata\.rust-safety-coach\.rules\.unwrap-usd`: unknown rule/,
    );
  });

  test('an edited Cargo.toml is not answered from the cache, even for a source file whose stat is unchanged', async () => {
    const cache = tempDir();
    const root = crate(PACKAGE);
    // Past the cache's racy window, so the source file is known by its stat alone.
    await sleep(2100);
    assert.deepEqual(scan(root, [], cache).found, ['unwrap-used:warning', 'expect-used:warning']);
    fs.appendFileSync(path.join(root, 'Cargo.toml'), '[lints.clippy]\nunwrap_used = "allow"\n');
    assert.deepEqual(scan(root, [], cache).found, ['expect-used:warning']);
    fs.writeFileSync(path.join(root, 'Cargo.toml'), PACKAGE);
    assert.deepEqual(scan(root, [], cache).found, ['unwrap-used:warning', 'expect-used:warning']);
  });
});

describe('the server', () => {
  const client = LspClient.spawn(process.execPath, ['dist/server.js', '--stdio'], REPO_ROOT);
  after(() => client.kill());
  /** The user's rustSafetyCoach.rules, as VS Code would answer workspace/configuration. */
  let userRules: Record<string, string> = {};

  const published = (uri: string, matches: (p: PublishDiagnosticsParams) => boolean = () => true) =>
    client.waitFor<PublishDiagnosticsParams>(
      'textDocument/publishDiagnostics',
      (p) => p.uri === uri && matches(p),
      20_000,
    );

  test('starts with workspace/configuration and watched files', { timeout: 20_000 }, async () => {
    client.onRequest('workspace/configuration', (params) =>
      (params as { items: unknown[] }).items.map(() => ({ rules: userRules })),
    );
    let watching: () => void = () => undefined;
    const watchersRegistered = new Promise<void>((resolve) => (watching = resolve));
    client.onRequest('client/registerCapability', (params) => {
      const { registrations } = params as { registrations: { method: string }[] };
      if (
        registrations.some(
          (r) =>
            r.method === 'workspace/didChangeWatchedFiles' && JSON.stringify(r).includes('**/Cargo.toml'),
        )
      )
        watching();
      return null;
    });
    await client.request('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: {
        workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } },
      },
    });
    client.notify('initialized', {});
    // The server asks to watch Cargo.toml (a missing registration fails the test at its timeout).
    await watchersRegistered;
  });

  test('[lints.clippy] silences unwrap-used; an edited Cargo.toml re-publishes; bad input is a warning on it', async () => {
    const root = crate(`${PACKAGE}[lints.clippy]\nunwrap_used = "allow"\n`);
    const uri = pathToFileURL(path.join(root, 'src', 'lib.rs')).href;
    const manifest = path.join(root, 'Cargo.toml');
    const manifestUri = pathToFileURL(manifest).href;
    const first = published(uri);
    client.notify('textDocument/didOpen', {
      textDocument: { uri, languageId: 'rust', version: 1, text: SOURCE },
    });
    assert.deepEqual(
      (await first).diagnostics.map((d) => d.code),
      ['expect-used'],
    );

    fs.writeFileSync(manifest, `${PACKAGE}[lints.clippy]\nexpect_used = "deny"\nunwrap_used = "often"\n`);
    const again = published(uri, (p) => p.diagnostics.length === 2);
    const onManifest = published(manifestUri, (p) => p.diagnostics.length > 0);
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: manifestUri, type: 2 }] });
    const diagnostics = (await again).diagnostics;
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.severity]),
      [
        ['unwrap-used', 2],
        ['expect-used', 1],
      ],
    );
    const problem = (await onManifest).diagnostics[0];
    assert.equal(problem?.range.start.line, 6);
    assert.equal(problem?.severity, 2);
    assert.match(String(problem?.message ?? ''), /`lints\.clippy\.unwrap_used`: `often` is not a lint level/);

    // Fixed: the warning on Cargo.toml goes.
    fs.writeFileSync(manifest, PACKAGE);
    const cleared = published(manifestUri, (p) => p.diagnostics.length === 0);
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: manifestUri, type: 2 }] });
    await cleared;
  });

  test('the user\'s explicit rustSafetyCoach.rules entry wins over Cargo.toml; "default" keeps the crate\'s', async () => {
    const root = crate(`${PACKAGE}[lints.clippy]\nunwrap_used = "allow"\nexpect_used = "allow"\n`);
    userRules = { 'unwrap-used': 'error', 'expect-used': 'default' };
    client.notify('workspace/didChangeConfiguration', { settings: null });
    const uri = pathToFileURL(path.join(root, 'src', 'lib.rs')).href;
    const first = published(uri);
    client.notify('textDocument/didOpen', {
      textDocument: { uri, languageId: 'rust', version: 1, text: SOURCE },
    });
    assert.deepEqual(
      (await first).diagnostics.map((d) => [d.code, d.severity]),
      [['unwrap-used', 1]],
    );
  });
});
