// Issue 20.9: a truncated scan cache must read as misses, entry by entry. Seeded random cuts of a
// real cache that dist/cli.js wrote; each later `scan` must print exactly the findings of a run
// without the cache, and so must the run after it (which reads the cache that one rewrote).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { REPO_ROOT } from '../support/engine';
import { prng } from '../support/reliability';
import { tempDirs } from '../support/tempDirs';

const tempDir = tempDirs('rsc-scan-cache-cut-');
const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
/** 180 in the full attack (`RSC_ATTACK_SCALE=3`); a third of them in every test run keeps it quick. */
const TRUNCATIONS = 60 * Number(process.env.RSC_ATTACK_SCALE ?? 1);
const SEED = 20_09;

/** Findings of several kinds, whose JSON holds quotes, backslashes and non-ASCII text. */
function writeTree(root: string): void {
  fs.mkdirSync(path.join(root, 'src'), { recursive: true });
  for (let i = 0; i < 8; i++) {
    fs.writeFileSync(
      path.join(root, 'src', `m${i}.rs`),
      [
        `pub fn f${i}(v: Option<u8>, r: Result<u8, String>) -> u8 {`,
        `    let s = "naïve \\"quoted\\" \\\\ ${i}";`,
        '    let x = v.unwrap() + r.expect("🦀 boom");',
        `    if v == None { return ${i} }`,
        '    unsafe { std::mem::transmute::<u8, i8>(x) as u8 }',
        '}',
        '',
      ].join('\n'),
    );
  }
}

function scan(root: string, cache: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, 'scan', '--format', 'json', '.'], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, RUST_SAFETY_COACH_CACHE_DIR: cache },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('a truncated scan cache', () => {
  test(`reads as misses at ${TRUNCATIONS} seeded random cut points`, () => {
    const root = tempDir();
    const cache = tempDir();
    writeTree(root);
    const expected = scan(root, tempDir());
    assert.ok(JSON.parse(expected.stdout), 'reference output is JSON');
    assert.equal(scan(root, cache).stdout, expected.stdout, 'cold run');
    const [name] = fs.readdirSync(cache).filter((f) => f.startsWith('scan-'));
    assert.ok(name, 'the scan wrote a cache');
    const file = path.join(cache, name);
    const whole = fs.readFileSync(file);
    assert.equal(scan(root, cache).stdout, expected.stdout, 'warm run');

    const random = prng(SEED);
    const failures: string[] = [];
    for (let i = 0; i < TRUNCATIONS; i++) {
      const length = Math.floor(random() * whole.length);
      fs.writeFileSync(file, whole.subarray(0, length));
      const runs = [scan(root, cache), scan(root, cache)];
      const wrong = runs.findIndex((got) => got.status !== expected.status || got.stdout !== expected.stdout);
      if (wrong >= 0)
        failures.push(
          `cut at ${length}, run ${wrong + 1}: exit ${runs[wrong]?.status}, ${runs[wrong]?.stderr}`,
        );
    }
    console.log(
      `scan cache of ${whole.length} bytes: ${TRUNCATIONS - failures.length} of ${TRUNCATIONS} cuts gave the same report twice`,
    );
    assert.deepEqual(failures, []);
  });
});
