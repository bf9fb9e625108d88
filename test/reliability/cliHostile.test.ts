// Issue 7.4 (CLI side) and 7.6: hostile input to `scan`, and `--fix` never losing data.
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { ChangedOnDiskError, writeFileAtomically } from '../../src/cli/atomicWrite';
import { EXIT_ERROR, EXIT_OK } from '../../src/cli/errors';
import { SCAN_HELP } from '../../src/cli/help';
import { REPO_ROOT } from '../support/engine';

const CLI = path.join(REPO_ROOT, 'src', 'cli', 'main.ts');
const TSX_CJS = require.resolve('tsx/cjs');
const PREFIX = /^rust-safety-coach: (warning|error): \S.*$/;
// Generous: the point is "no hang", and a loaded 2-core CI box can be several times slower.
const TIMEOUT_MS = 60000;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

function run(
  cwd: string,
  args: string[],
  options: { asNobody?: boolean; preload?: string } = {},
): Promise<Run> {
  const node = [
    ...(options.preload ? ['--require', TSX_CJS, '--require', options.preload] : ['--require', TSX_CJS]),
  ];
  const [command, argv] = options.asNobody
    ? [
        'setpriv',
        ['--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath, ...node, CLI, ...args],
      ]
    : [process.execPath, [...node, CLI, ...args]];
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(
      command,
      argv,
      {
        cwd,
        encoding: 'utf8',
        timeout: TIMEOUT_MS,
        maxBuffer: 64 << 20,
        env: { ...process.env, TSX_TSCONFIG_PATH: '' },
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ code, stdout, stderr, ms: Date.now() - started });
      },
    );
  });
}

const tempDirs: string[] = [];
after(() => {
  for (const dir of tempDirs) {
    spawnSync('chmod', ['-R', 'u+rwx', dir]);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rsc-rel-'));
  fs.chmodSync(dir, 0o755);
  tempDirs.push(dir);
  return dir;
}

const GOOD = 'fn main() {\n    let v: Option<u8> = None;\n    println!("{}", v.unwrap());\n}\n';

function hostileCrate(): string {
  const root = tempDir();
  const src = path.join(root, 'src');
  fs.mkdirSync(src);
  const w = (name: string, content: string | Buffer) => fs.writeFileSync(path.join(src, name), content);
  w('good.rs', GOOD);
  w('big.rs', 'fn f(v: Option<i32>) -> i32 { v.unwrap() }\n'.repeat(245_000)); // 10.5 MB
  w('parens.rs', `fn f() -> i32 { Some(${'('.repeat(100_000)}1${')'.repeat(100_000)}).unwrap() }\n`);
  w('longline.rs', `fn f(v: Option<i32>) -> i32 { let s = "${'x'.repeat(1 << 20)}"; v.unwrap() }\n`);
  w(
    'invalid.rs',
    Buffer.concat([
      Buffer.from('fn f() { let s = "'),
      Buffer.from([0xc3, 0x28, 0xff]),
      Buffer.from('"; }\n'),
    ]),
  );
  w('nul.rs', 'fn f() {}\n\0\0\n');
  w('binary.rs', Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 7919 + 1) % 256)));
  w('empty.rs', '');
  fs.symlinkSync('..', path.join(src, 'loop')); // src/loop -> the crate root -> src ...
  fs.symlinkSync('b.rs', path.join(src, 'a.rs')); // a.rs -> b.rs -> a.rs
  fs.symlinkSync('a.rs', path.join(src, 'b.rs'));
  const locked = path.join(src, 'locked');
  fs.mkdirSync(locked);
  fs.writeFileSync(path.join(locked, 'secret.rs'), GOOD);
  fs.chmodSync(locked, 0o000);
  for (const f of fs.readdirSync(src))
    if (f.endsWith('.rs') && !f.match(/^[ab]\.rs$/)) fs.chmodSync(path.join(src, f), 0o644);
  return root;
}

const canSetpriv =
  process.getuid?.() === 0 &&
  spawnSync('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath, '-e', '0'])
    .status === 0;

describe('hostile input to the CLI', { concurrency: true }, () => {
  test('the documented exit codes and limits are what the tests assume', () => {
    assert.match(SCAN_HELP, /larger than\n?\s*5 MB are skipped with a warning/);
    assert.match(
      SCAN_HELP,
      /2 {2}usage error, a PATH that does not exist \(the other PATHs are still scanned\)/,
    );
  });

  test(
    'a crate full of hostile files: every bad file is one warning line, the rest is scanned, exit 0',
    { skip: canSetpriv ? false : 'setpriv cannot run node as nobody here (needed: root never gets EACCES)' },
    async () => {
      const root = hostileCrate();
      // As nobody, so the 000 folder really is unreadable (root would read it anyway).
      const r = await run(root, ['scan', '--format', 'json', '.'], { asNobody: true });
      assert.ok(r.ms < TIMEOUT_MS, `scan took ${r.ms} ms`);
      assert.equal(r.code, EXIT_OK, r.stderr);
      const report = JSON.parse(r.stdout) as {
        files: number;
        findings: Array<{ file: string; rule: string }>;
      };
      const scanned = new Set(report.findings.map((f) => f.file));
      assert.deepEqual([...scanned].sort(), ['src/good.rs', 'src/longline.rs']);
      // empty.rs and parens.rs are scanned without findings: good, empty, longline, parens.
      assert.equal(report.files, 4);
      const lines = r.stderr.trimEnd().split('\n');
      for (const line of lines) assert.match(line, PREFIX);
      const warning = (file: string, why: RegExp) =>
        assert.ok(
          lines.some((l) => l.startsWith(`rust-safety-coach: warning: ${file}: `) && why.test(l)),
          `no warning for ${file} matching ${why}:\n${r.stderr}`,
        );
      warning('src/big.rs', /larger than 5 MB; skipped$/);
      warning('src/invalid.rs', /not valid UTF-8; skipped$/);
      warning('src/nul.rs', /contains NUL bytes \(binary\?\); skipped$/);
      warning('src/binary.rs', /NUL bytes|not valid UTF-8/);
      warning('src/locked', /cannot read folder: permission denied$/);
      warning('src/parens.rs', /not analysed: brackets nest more than 1000 deep$/);
      assert.equal(lines.length, 6, r.stderr);
    },
  );

  test('a path that does not exist: exit 2 and one error line, and the other paths are scanned', async () => {
    const root = tempDir();
    fs.writeFileSync(path.join(root, 'good.rs'), GOOD);
    const r = await run(root, ['scan', '--format', 'json', 'no/such/dir', 'good.rs']);
    assert.equal(r.code, EXIT_ERROR);
    assert.equal(r.stderr, 'rust-safety-coach: error: no/such/dir: no such file or directory\n');
    const report = JSON.parse(r.stdout) as { files: number; findings: Array<{ file: string }> };
    assert.equal(report.files, 1);
    assert.ok(report.findings.some((f) => f.file === 'good.rs'));
  });

  test('only unscannable files: exit 2 with a summary line', async () => {
    const root = tempDir();
    fs.writeFileSync(path.join(root, 'nul.rs'), '\0');
    const r = await run(root, ['scan', '.']);
    assert.equal(r.code, EXIT_ERROR);
    assert.deepEqual(r.stderr.trimEnd().split('\n'), [
      'rust-safety-coach: warning: nul.rs: contains NUL bytes (binary?); skipped',
      'rust-safety-coach: error: nothing could be scanned (1 file skipped)',
    ]);
  });
});

describe('--fix never loses data', { concurrency: true }, () => {
  test('writes by temp file + rename, keeps mode 0640, leaves no temp file', async () => {
    const root = tempDir();
    const file = path.join(root, 'lib.rs');
    fs.writeFileSync(file, 'fn f(v: Option<u8>) -> Option<u8> {\n    Some(v.unwrap())\n}\n');
    fs.chmodSync(file, 0o640);
    const inodeBefore = fs.statSync(file).ino;
    const r = await run(root, ['scan', '--fix', 'lib.rs']);
    assert.equal(r.code, EXIT_OK, r.stderr);
    assert.equal(fs.readFileSync(file, 'utf8'), 'fn f(v: Option<u8>) -> Option<u8> {\n    Some(v?)\n}\n');
    const after = fs.statSync(file);
    assert.equal(after.mode & 0o7777, 0o640);
    assert.notEqual(after.ino, inodeBefore, 'the file was rewritten in place, not renamed over');
    assert.deepEqual(fs.readdirSync(root), ['lib.rs']);
  });

  test('refuses to write a file changed between read and write (end to end, edit injected)', async () => {
    const root = tempDir();
    const file = path.join(root, 'lib.rs');
    fs.writeFileSync(file, 'fn f(v: Option<u8>) -> Option<u8> {\n    Some(v.unwrap())\n}\n');
    const preload = path.join(REPO_ROOT, 'test', 'support', 'editDuringFix.ts');
    const r = await run(root, ['scan', '--fix', 'lib.rs'], { preload });
    assert.equal(r.code, EXIT_ERROR);
    assert.equal(
      r.stderr,
      'rust-safety-coach: warning: lib.rs: changed on disk since it was read; not written\n',
    );
    assert.equal(fs.readFileSync(file, 'utf8'), '// edited by someone else while --fix ran\n');
    assert.deepEqual(fs.readdirSync(root), ['lib.rs']);
  });

  test('writeFileAtomically: a stale expectation throws and leaves file and folder untouched', () => {
    const root = tempDir();
    const file = path.join(root, 'x.rs');
    fs.writeFileSync(file, 'new');
    fs.chmodSync(file, 0o640);
    assert.throws(() => writeFileAtomically(file, 'fixed', Buffer.from('old'), 0o100640), ChangedOnDiskError);
    assert.equal(fs.readFileSync(file, 'utf8'), 'new');
    assert.deepEqual(fs.readdirSync(root), ['x.rs']);
    writeFileAtomically(file, 'fixed', Buffer.from('new'), 0o100640);
    assert.equal(fs.readFileSync(file, 'utf8'), 'fixed');
    assert.equal(fs.statSync(file).mode & 0o7777, 0o640);
  });
});
