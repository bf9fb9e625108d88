// A report-only scan builds no crate index: in a crate with other files, what they declare could
// change a typed fix (a crate trait's `first` on Vec), so its `?` is a suggestion there; `--fix`
// reads the whole crate. A one-file crate keeps its safe fixes, and the cache tells the two apart.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { ScanReport } from '../src/shared/types';
import { tempDirs } from './support/tempDirs';

const TSX_CJS = require.resolve('tsx/cjs');
const CLI = path.join(__dirname, '..', 'src', 'cli', 'main.ts');
const tempDir = tempDirs('rsc-partial-crate-');

function run(
  cwd: string,
  cache: string,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--require', TSX_CJS, CLI, ...args],
      { cwd, encoding: 'utf8', env: { ...process.env, RUST_SAFETY_COACH_CACHE_DIR: cache } },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
    );
  });
}

const MAIN = `mod util;
fn probe(regs: &Vec<u8>) -> Option<u8> {
    let r = regs.first().unwrap();
    Some(*r)
}
fn main() {
    println!("{:?}", probe(&vec![1]));
}
`;

// \`regs.first()\` is this trait's method, returning a Result: a \`?\` in an Option fn would not compile.
const UTIL = `#[derive(Debug)]
pub struct Empty;
pub trait Checked {
    fn first(&self) -> Result<u8, Empty>;
}
impl Checked for Vec<u8> {
    fn first(&self) -> Result<u8, Empty> {
        self.get(0).copied().ok_or(Empty)
    }
}
`;

function crate(files: Record<string, string>): string {
  const dir = tempDir();
  fs.writeFileSync(
    path.join(dir, 'Cargo.toml'),
    '[package]\nname = "probe"\nversion = "0.1.0"\nedition = "2021"\n',
  );
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.join(dir, 'src'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'src', name), text);
  }
  return dir;
}

const applicabilities = (stdout: string) =>
  (JSON.parse(stdout) as ScanReport).findings
    .filter((f) => f.rule === 'unwrap-used')
    .flatMap((f) => f.fixes.map((x) => x.applicability));

test('a report gives no safe `?` where another file of the crate could change it; --fix reads that file', async () => {
  const dir = crate({ 'main.rs': MAIN.replace('fn probe', 'use util::Checked;\nfn probe'), 'util.rs': UTIL });
  const report = await run(dir, tempDir(), 'scan', '--format', 'json', '--rule', 'unwrap-used');
  assert.equal(report.code, 0, report.stderr);
  assert.deepEqual(applicabilities(report.stdout), ['suggestion']);
  // A single file named on its own is still part of its crate.
  const one = await run(dir, tempDir(), 'scan', '--format', 'json', '--rule', 'unwrap-used', 'src/main.rs');
  assert.deepEqual(applicabilities(one.stdout), ['suggestion']);
  const fixed = await run(dir, tempDir(), 'scan', '--fix', '--rule', 'unwrap-used');
  assert.equal(fixed.code, 0, fixed.stderr);
  assert.match(fixed.stdout, /Applied 0 fixes/);
  assert.ok(fs.readFileSync(path.join(dir, 'src', 'main.rs'), 'utf8').includes('regs.first().unwrap()'));
});

test("a one-file crate's report keeps its safe `?`, and a cached report changes when a file is added", async () => {
  const dir = crate({ 'main.rs': MAIN.replace('mod util;\n', '') });
  const cache = tempDir();
  const before = await run(dir, cache, 'scan', '--format', 'json', '--rule', 'unwrap-used');
  assert.deepEqual(applicabilities(before.stdout), ['safe']);
  fs.writeFileSync(path.join(dir, 'src', 'util.rs'), UTIL);
  // main.rs did not change, but its crate did: the cached findings are not reused for it.
  const after = await run(dir, cache, 'scan', '--format', 'json', '--rule', 'unwrap-used', 'src/main.rs');
  assert.deepEqual(applicabilities(after.stdout), ['suggestion']);
});
