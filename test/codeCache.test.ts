// The server starts from V8's code cache (src/server/codeCache.ts, run by dist/server.js).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { PublishDiagnosticsParams } from 'vscode-languageserver';
import { LspClient } from './support/lspClient';
import { tempDirs } from './support/tempDirs';

const REPO_ROOT = path.resolve(__dirname, '..');
const tempDir = tempDirs('rsc-code-cache-');

const cacheFiles = (dir: string) => fs.readdirSync(dir).filter((f) => f.endsWith('.v8cache'));

/** A module that prints, as JSON, what CommonJS gave it. */
function moduleFile(dir: string, tag: string): string {
  const file = path.join(dir, `${tag}.js`);
  fs.writeFileSync(
    file,
    `process.stdout.write(JSON.stringify({ tag: ${JSON.stringify(tag)}, file: __filename, dir: __dirname,\n` +
      `  os: require('node:os').platform(), square: ((x) => x * x)(7) }));\nmodule.exports.ok = true;\n`,
  );
  return file;
}

interface Outcome {
  usedCache: boolean;
  saved?: boolean;
  ran: { tag: string; file: string; dir: string; os: string; square: number };
}

/**
 * Each run in a fresh process, as a server starts: within one process V8 would find the script in
 * its own compilation cache and never look at the file.
 */
function run(file: string, cache: string, save: boolean): Outcome {
  const script = [
    "const { runWithCodeCache } = require('./src/server/codeCache');",
    `const run = runWithCodeCache(${JSON.stringify(file)}, ${JSON.stringify(cache)});`,
    `const saved = ${save} ? run.save() : undefined;`,
    "process.stdout.write('\\n' + JSON.stringify({ usedCache: run.usedCache, saved }));",
  ].join('\n');
  const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  const [ran, result] = out.split('\n');
  return {
    ...(JSON.parse(result ?? '') as Omit<Outcome, 'ran'>),
    ran: JSON.parse(ran ?? '') as Outcome['ran'],
  };
}

describe('code cache', () => {
  it('compiles without a cache, saves one, then runs from it', () => {
    const src = tempDir();
    const cache = path.join(tempDir(), 'nested');
    const file = moduleFile(src, 'a');
    const first = run(file, cache, true);
    assert.equal(first.usedCache, false);
    assert.equal(first.saved, true);
    assert.deepEqual(first.ran, { tag: 'a', file, dir: src, os: os.platform(), square: 49 });
    assert.equal(cacheFiles(cache).length, 1);
    const second = run(file, cache, false);
    assert.equal(second.usedCache, true);
    assert.deepEqual(second.ran, first.ran);
  });

  it('runs a module that is not ASCII as UTF-8, from source and from its cache', () => {
    const cache = tempDir();
    const file = path.join(tempDir(), 'utf8.js');
    fs.writeFileSync(file, "process.stdout.write(JSON.stringify({ tag: 'naïve – 😀' }));\n");
    const out = (save: boolean) =>
      execFileSync(
        process.execPath,
        [
          '--import',
          'tsx',
          '-e',
          `const run = require('./src/server/codeCache').runWithCodeCache(${JSON.stringify(file)}, ${JSON.stringify(cache)});` +
            `process.stdout.write('\\n' + run.usedCache + (${save} ? ' ' + run.save() : ''));`,
        ],
        { cwd: REPO_ROOT, encoding: 'utf8' },
      );
    assert.equal(out(true), '{"tag":"naïve – 😀"}\nfalse true');
    assert.equal(out(false), '{"tag":"naïve – 😀"}\ntrue');
  });

  it('recompiles over a damaged cache and replaces it', () => {
    const cache = tempDir();
    const file = moduleFile(tempDir(), 'b');
    run(file, cache, true);
    const [name] = cacheFiles(cache);
    assert.ok(name);
    fs.writeFileSync(path.join(cache, name), 'not a code cache');
    const damaged = run(file, cache, true);
    assert.equal(damaged.usedCache, false);
    assert.equal(damaged.ran.tag, 'b');
    assert.equal(run(file, cache, false).usedCache, true);
  });

  it('never runs a cache made for other code, and drops it on saving', () => {
    const cache = tempDir();
    const file = moduleFile(tempDir(), 'c');
    run(file, cache, true);
    const before = cacheFiles(cache);
    // Same length, different code: V8 alone would take the old cache (it checks only the length).
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('x * x', 'x + x'));
    const changed = run(file, cache, true);
    assert.equal(changed.usedCache, false);
    assert.equal(changed.ran.square, 14);
    const afterSave = cacheFiles(cache);
    assert.equal(afterSave.length, 1);
    assert.notDeepEqual(afterSave, before);
  });

  it("keeps another Node version's cache unless it is stale", () => {
    const cache = tempDir();
    const other = path.join(cache, 'server-v0.0.1-x64-0123.v8cache');
    const stale = path.join(cache, 'server-v0.0.2-x64-4567.v8cache');
    const unrelated = path.join(cache, 'scan-89ab.txt');
    for (const file of [other, stale, unrelated]) fs.writeFileSync(file, 'x');
    const sixtyDaysAgo = new Date(Date.now() - 60 * 24 * 60 * 60 * 1000);
    fs.utimesSync(stale, sixtyDaysAgo, sixtyDaysAgo);
    fs.utimesSync(unrelated, sixtyDaysAgo, sixtyDaysAgo);
    assert.equal(run(moduleFile(tempDir(), 'e'), cache, true).saved, true);
    assert.ok(fs.existsSync(other));
    assert.ok(!fs.existsSync(stale));
    assert.ok(fs.existsSync(unrelated));
  });

  it('reports a cache it cannot write, and the module still ran', () => {
    const blocker = path.join(tempDir(), 'file');
    fs.writeFileSync(blocker, '');
    const outcome = run(moduleFile(tempDir(), 'd'), path.join(blocker, 'cache'), true);
    assert.equal(outcome.ran.tag, 'd');
    assert.equal(outcome.saved, false);
  });
});

describe('dist/server.js', () => {
  const URI = 'file:///work/project/src/lib.rs';
  const SOURCE = 'fn f(v: Option<u8>) -> u8 {\n    v.unwrap()\n}\n';

  async function session(cacheDir: string): Promise<PublishDiagnosticsParams> {
    const saved = process.env.RUST_SAFETY_COACH_CACHE_DIR;
    process.env.RUST_SAFETY_COACH_CACHE_DIR = cacheDir;
    const client = LspClient.spawn(process.execPath, ['dist/server.js', '--stdio'], REPO_ROOT);
    if (saved === undefined) delete process.env.RUST_SAFETY_COACH_CACHE_DIR;
    else process.env.RUST_SAFETY_COACH_CACHE_DIR = saved;
    try {
      await client.request('initialize', { processId: process.pid, rootUri: null, capabilities: {} }, 20_000);
      client.notify('initialized', {});
      const published = client.waitFor<PublishDiagnosticsParams>(
        'textDocument/publishDiagnostics',
        (p) => p.uri === URI,
        20_000,
      );
      client.notify('textDocument/didOpen', {
        textDocument: { uri: URI, languageId: 'rust', version: 1, text: SOURCE },
      });
      const diagnostics = await published;
      assert.equal(await client.request('shutdown', null), null);
      client.notify('exit', null);
      assert.equal(await client.exited, 0);
      return diagnostics;
    } finally {
      client.kill();
    }
  }

  it('serves the same diagnostics on its first start and from the cache it saved at exit', async () => {
    const cache = tempDir();
    const first = await session(cache);
    assert.deepEqual(
      first.diagnostics.map((d) => d.code),
      ['unwrap-used'],
    );
    assert.equal(cacheFiles(cache).length, 1);
    const stamp = fs.statSync(path.join(cache, cacheFiles(cache)[0] ?? '')).mtimeMs;
    const second = await session(cache);
    assert.deepEqual(second, first);
    // Taken from the cache, so not written again.
    assert.equal(fs.statSync(path.join(cache, cacheFiles(cache)[0] ?? '')).mtimeMs, stamp);
  });
});
