// Issue 20.10: a FIFO at a cache's path must not hang `scan` or the server (reading a FIFO with
// no writer blocks forever). Each cache is made for real, then replaced by a FIFO of that name.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { builtServerSession } from '../support/builtServer';
import { REPO_ROOT } from '../support/engine';
import { tempDirs } from '../support/tempDirs';

const tempDir = tempDirs('rsc-cache-fifo-');
const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const windows = process.platform === 'win32' ? 'FIFOs are a POSIX thing' : false;

/** Replaces the one file of `dir` whose name matches with a FIFO of the same name. */
function fifoInPlaceOf(dir: string, pattern: RegExp): string {
  const name = fs.readdirSync(dir).find((f) => pattern.test(f));
  assert.ok(name, `a cache matching ${pattern} was written`);
  const file = path.join(dir, name);
  fs.rmSync(file);
  execFileSync('mkfifo', [file]);
  return file;
}

function scan(root: string, cache: string) {
  // Generous: the point is "no hang".
  return spawnSync(process.execPath, [CLI, 'scan', '--format', 'json', '.'], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, RUST_SAFETY_COACH_CACHE_DIR: cache },
  });
}

describe('a FIFO at a cache path', { skip: windows }, () => {
  test('scan reports the same findings and replaces the FIFO with a cache', () => {
    const root = tempDir();
    const cache = tempDir();
    fs.mkdirSync(path.join(root, 'src'));
    fs.writeFileSync(path.join(root, 'src', 'a.rs'), 'fn f(v: Option<u8>) -> u8 { v.unwrap() }\n');
    const expected = scan(root, cache);
    assert.equal(expected.status, 0);
    const fifo = fifoInPlaceOf(cache, /^scan-.*\.txt$/);
    const got = scan(root, cache);
    assert.equal(got.error, undefined, 'scan finished');
    assert.equal(got.status, expected.status);
    assert.equal(got.stdout, expected.stdout);
    assert.ok(fs.lstatSync(fifo).isFile());
  });

  test('the server starts, serves and exits cleanly', async () => {
    const cache = tempDir();
    assert.deepEqual(await builtServerSession(cache), { codes: ['unwrap-used'], exitCode: 0 });
    fifoInPlaceOf(cache, /^server-.*\.v8cache$/);
    assert.deepEqual(await builtServerSession(cache, 30_000), { codes: ['unwrap-used'], exitCode: 0 });
  });
});
