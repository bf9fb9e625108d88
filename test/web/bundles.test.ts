/**
 * The browser bundles (VS Code for the Web) must not load a Node built-in: the web extension host
 * and the server's Web Worker have none. `npm run build` refuses such a bundle
 * (scripts/browserAdapters.mjs); this reads what it wrote, as `npm test` builds first.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { builtinModules } from 'node:module';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { assertNoExternalImports } from '../../scripts/browserAdapters.mjs';

const ROOT = path.resolve(__dirname, '..', '..');
const BUNDLES = ['dist/extensionWeb.js', 'dist/serverWorker.js'];
const BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
const LOADS = /(?:\brequire\s*\(\s*|\bimport\s*\(\s*|\bfrom\s*|\bimport\s+)["'`]([^"'`]+)["'`]/g;

function builtinsLoadedBy(source: string): string[] {
  return [...source.matchAll(LOADS)].map((match) => match[1] ?? '').filter((name) => BUILTINS.has(name));
}

describe('browser bundles', () => {
  for (const bundle of BUNDLES) {
    it(`${bundle} loads no Node built-in`, () => {
      const file = path.join(ROOT, bundle);
      assert.ok(fs.existsSync(file), `${bundle} is missing: run npm run build`);
      assert.deepEqual(builtinsLoadedBy(fs.readFileSync(file, 'utf8')), []);
    });
  }

  it('the scan finds the forms a bundle would load a built-in with', () => {
    const source = 'require("fs"); await import("node:path"); import os from "os"; require(\'vscode\');';
    assert.deepEqual(builtinsLoadedBy(source), ['fs', 'node:path', 'os']);
  });

  it('the build refuses a bundle that imports anything but what it allows', () => {
    const result = (paths: string[]) => ({
      metafile: { outputs: { 'dist/x.js': { imports: paths.map((p) => ({ path: p, external: true })) } } },
    });
    assert.doesNotThrow(() => assertNoExternalImports(result(['vscode']), ['vscode']));
    assert.throws(() => assertNoExternalImports(result(['vscode', 'node:fs']), ['vscode']), /node:fs/);
  });

  it('package.json names the browser entry and the VSIX ships both bundles', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      browser?: string;
    };
    assert.equal(manifest.browser, './dist/extensionWeb.js');
    const ignore = fs.readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8').split('\n');
    for (const bundle of BUNDLES)
      assert.ok(ignore.includes(`!${bundle}`), `.vscodeignore leaves out ${bundle}`);
  });
});
