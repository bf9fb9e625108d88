// The build patches web-tree-sitter (scripts/webTreeSitterPatch.mjs). These tests pin the patch to
// the installed library; the CLI and server tests run the patched bundles.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { PATCH_BANNER } from '../scripts/webTreeSitterPatch.mjs';

type Patch = (source: string, esm?: boolean) => string;
const LIBRARY = path.dirname(require.resolve('web-tree-sitter'));
const DIST = path.join(__dirname, '..', 'dist');

async function patch(): Promise<Patch> {
  return (await import('../scripts/webTreeSitterPatch.mjs')).patchWebTreeSitter;
}

describe('web-tree-sitter Node patch', () => {
  for (const file of ['web-tree-sitter.js', 'web-tree-sitter.cjs']) {
    it(`moves the node handle out of indexed storage in ${file}`, async () => {
      const source = fs.readFileSync(path.join(LIBRARY, file), 'utf8');
      const patched = (await patch())(source, file.endsWith('.js'));
      assert.equal(patched.split('_wasmHandle').length - 1, 3);
      // Code run from the code cache cannot import(): the ES build takes node:module from the banner.
      assert.doesNotMatch(patched, /import\("module"\)/);
      assert.doesNotMatch(patched, /this\[0\] = other;|setValue\(address, node\[0\]/);
      // Tree, Parser and cursor handles keep their indexed fields.
      assert.ok(patched.includes('C._ts_tree_delete(this[0]);'));
    });
  }

  it('fails loudly when the library no longer has the code it edits', async () => {
    await assert.rejects(async () => (await patch())('class Node {}'), /expected .* once, found it 0 times/);
  });

  it('is in the server and CLI bundles', () => {
    for (const bundle of ['serverMain.js', 'cliAnalysis.js']) {
      const text = fs.readFileSync(path.join(DIST, bundle), 'utf8');
      assert.match(text, /_wasmHandle ?= ?0;[^;]*_children;/, bundle);
      assert.ok(text.includes(PATCH_BANNER), bundle);
    }
    // The CLI's front half loads the parser only for files its cache does not know.
    assert.doesNotMatch(fs.readFileSync(path.join(DIST, 'cli.js'), 'utf8'), /_wasmHandle/);
  });
});
