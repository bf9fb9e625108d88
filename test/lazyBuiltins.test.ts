// The server bundle defers node:crypto, which vscode-jsonrpc requires at its top (scripts/lazyBuiltins.mjs).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { build } from 'esbuild';
import { lazyBuiltins } from '../scripts/lazyBuiltins.mjs';
import { tempDirs } from './support/tempDirs';

const tempDir = tempDirs('rsc-lazy-builtins-');
const DIST = path.join(__dirname, '..', 'dist');

/** Bundles `entry` (with a library under `lib/`) and runs it; returns what it printed. */
async function bundleAndRun(files: Record<string, string>): Promise<string> {
  const dir = tempDir();
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  const outfile = path.join(dir, 'out.js');
  await build({
    entryPoints: [path.join(dir, 'entry.js')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    logLevel: 'silent',
    plugins: [lazyBuiltins(['crypto'], /[\\/]lib[\\/]/)],
  });
  return execFileSync(process.execPath, [outfile], { encoding: 'utf8' });
}

const LOADED = "process.moduleLoadList.includes('NativeModule crypto')";

describe('lazy built-ins', () => {
  it('loads the module at its first use, not at the import, and the library still works', async () => {
    const out = await bundleAndRun({
      'lib/random.js':
        "const crypto_1 = require('crypto');\nexports.bytes = (n) => (0, crypto_1.randomBytes)(n);\n",
      'entry.js': [
        "const lib = require('./lib/random.js');",
        `const before = ${LOADED};`,
        'const length = lib.bytes(8).length;',
        `console.log(JSON.stringify({ before, length, after: ${LOADED} }));`,
      ].join('\n'),
    });
    assert.deepEqual(JSON.parse(out), { before: false, length: 8, after: true });
  });

  it('leaves other importers, and other modules, as they were', async () => {
    const out = await bundleAndRun({
      'lib/os.js': "exports.platform = require('node:os').platform();\n",
      'entry.js': [
        "const { createHash } = require('node:crypto');",
        "const { platform } = require('./lib/os.js');",
        `console.log(JSON.stringify({ loaded: ${LOADED}, platform, hash: typeof createHash }));`,
      ].join('\n'),
    });
    assert.deepEqual(JSON.parse(out), { loaded: true, platform: process.platform, hash: 'function' });
  });

  it('is in the server bundle: its libraries no longer require node:crypto or node:child_process at their top', () => {
    const text = fs.readFileSync(path.join(DIST, 'serverMain.js'), 'utf8');
    assert.doesNotMatch(text, /require\("(crypto|child_process)"\)/);
    for (const name of ['crypto', 'child_process'])
      assert.equal(text.split(`require("node:${name}")`).length - 1, 1);
    assert.match(text, /new Proxy\(\{\}/);
  });
});
