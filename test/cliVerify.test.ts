// `scan --fix --verify`, run as the built CLI (`npm run build` first) against tiny temp crates.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { tempDirs } from './support/tempDirs';

const CLI = path.resolve(__dirname, '..', 'dist', 'cli.js');
const HAS_CARGO = spawnSync('cargo', ['--version']).status === 0;
const NO_CARGO = HAS_CARGO ? false : 'cargo is not installed';

const tempDir = tempDirs('rsc-verify-');

const MANIFEST = '[package]\nname = "verify_case"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\n';

/** `x == None` on an Option: the partialeq-to-none fix (`x.is_none()`) compiles. */
const MAIN_RS = `mod level;

fn empty(x: Option<i32>) -> bool {
    x == None
}

fn main() {
    println!("{} {}", empty(Some(1)), level::quiet());
}
`;

const MAIN_FIXED = MAIN_RS.replace('x == None', 'x.is_none()');

/**
 * A safe fix that does not compile: the crate index reads every `.rs` file under the crate, and the
 * `From` impl that makes the `?` fit is in a file no `mod` declares, which cargo never compiles.
 */
const LEVEL_BREAKS = `pub struct LevelError;

fn read_level() -> Result<String, LevelError> {
    let text = std::fs::read_to_string("level.txt").unwrap();
    Ok(text)
}

pub fn quiet() -> bool {
    read_level().is_err()
}
`;

const ORPHAN = `// Not declared with \`mod\`: cargo never compiles it.
use crate::level::LevelError;

impl From<std::io::Error> for LevelError {
    fn from(_: std::io::Error) -> Self {
        LevelError
    }
}
`;

/** Compiles, and has no finding. */
const LEVEL_PLAIN = `pub fn quiet() -> bool {
    false
}
`;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A crate with a `[package]` manifest and these files under `src/`. */
function crate(files: Record<string, string>): string {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'Cargo.toml'), MANIFEST);
  fs.mkdirSync(path.join(dir, 'src'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, 'src', name), text);
  return dir;
}

function scan(dir: string, args: string[], env: NodeJS.ProcessEnv = {}): Run {
  const result = spawnSync(process.execPath, [CLI, 'scan', ...args], {
    cwd: dir,
    // Nothing on stdin: cargo's probe of rustc (`rustc - --print=…`) reads its stdin as Rust.
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, CARGO_TARGET_DIR: path.join(dir, 'target'), ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const read = (dir: string, name: string) => fs.readFileSync(path.join(dir, 'src', name), 'utf8');

describe('scan --fix --verify', () => {
  test('fixes that compile are kept and counted', { skip: NO_CARGO }, () => {
    const dir = crate({ 'main.rs': MAIN_RS, 'level.rs': LEVEL_PLAIN });
    const run = scan(dir, ['--fix', '--verify', '.']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(read(dir, 'main.rs'), MAIN_FIXED);
    assert.match(run.stdout, /Applied 1 fix in 1 file\./);
    assert.doesNotMatch(run.stderr, /put back|cannot verify/);
  });

  test(
    'a file whose fix does not compile is put back byte for byte; the others are kept',
    { skip: NO_CARGO },
    () => {
      // A BOM and CRLF line ends must come back exactly as they were.
      const level = `\uFEFF${LEVEL_BREAKS.replace(/\n/g, '\r\n')}`;
      const dir = crate({ 'main.rs': MAIN_RS, 'level.rs': level, 'orphan.rs': ORPHAN });
      const before = fs.readFileSync(path.join(dir, 'src', 'level.rs'));
      const run = scan(dir, ['--fix', '--verify', '.']);
      assert.equal(run.code, 0, run.stderr);
      assert.deepEqual(fs.readFileSync(path.join(dir, 'src', 'level.rs')), before);
      assert.equal(read(dir, 'main.rs'), MAIN_FIXED);
      assert.match(
        run.stderr,
        /src\/level\.rs: fixes put back: they did not compile \(`\?` couldn't convert the error to `LevelError`/,
      );
      // Only the kept fix is counted, and the put-back file's finding is still reported.
      assert.match(run.stdout, /Applied 1 fix in 1 file\./);
      assert.match(run.stdout, /src\/level\.rs:4:53: warning\[unwrap-used\]/);
      assert.doesNotMatch(run.stdout, /src\/main\.rs:/);
    },
  );

  test('an error that was there before the fixes does not put them back', { skip: NO_CARGO }, () => {
    const broken = 'pub fn quiet() -> bool {\n    let n: u32 = "not a number";\n    n > 0\n}\n';
    const dir = crate({ 'main.rs': MAIN_RS, 'level.rs': broken });
    const run = scan(dir, ['--fix', '--verify', '.']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(read(dir, 'main.rs'), MAIN_FIXED);
    assert.equal(read(dir, 'level.rs'), broken);
    assert.match(run.stdout, /Applied 1 fix in 1 file\./);
  });

  test('without cargo on PATH nothing is changed and the exit code is 2', () => {
    const dir = crate({ 'main.rs': MAIN_RS, 'level.rs': LEVEL_PLAIN });
    // A PATH with nothing on it: node is run by its absolute path, and cargo cannot be found.
    const emptyBin = tempDir();
    const run = scan(dir, ['--fix', '--verify', '.'], { PATH: emptyBin });
    assert.equal(run.code, 2);
    assert.equal(read(dir, 'main.rs'), MAIN_RS);
    assert.match(run.stderr, /cannot verify: cargo was not found on PATH; 1 file left unchanged/);
    assert.match(run.stdout, /Applied 0 fixes in 0 files\./);
    assert.match(run.stdout, /src\/main\.rs:4:5: information\[partialeq-to-none\]/);
  });

  test('a file with no Cargo.toml above it is left unchanged, exit code 2', () => {
    const dir = tempDir();
    const file = path.join(dir, 'loose.rs');
    fs.writeFileSync(file, 'fn empty(x: Option<i32>) -> bool {\n    x == None\n}\n');
    const before = fs.readFileSync(file);
    const run = scan(dir, ['--fix', '--verify', 'loose.rs']);
    assert.equal(run.code, 2);
    assert.deepEqual(fs.readFileSync(file), before);
    assert.match(
      run.stderr,
      /cannot verify: loose\.rs: no Cargo\.toml in its folder or above; left unchanged/,
    );
  });

  test('--verify without --fix is a usage error', () => {
    const dir = crate({ 'main.rs': MAIN_RS, 'level.rs': LEVEL_PLAIN });
    const run = scan(dir, ['--verify', '.']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /error: --verify checks the fixes of --fix/);
    assert.equal(read(dir, 'main.rs'), MAIN_RS);
  });
});
