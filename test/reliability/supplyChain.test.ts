// Issue 20.15–16: the dependencies the build reaches into are pinned, and no dependency runs code
// when the project is installed (tree-sitter-rust's install script built a native binding that
// nothing uses: only its wasm is taken, by scripts/build.mjs, into grammars/).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { REPO_ROOT } from '../support/engine';

interface LockPackage {
  version?: string;
  dev?: boolean;
  hasInstallScript?: boolean;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}
interface Manifest {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}

const read = <T>(file: string): T => JSON.parse(fs.readFileSync(path.join(REPO_ROOT, file), 'utf8')) as T;
const manifest = read<Manifest>('package.json');
const lock = read<{ packages: Record<string, LockPackage> }>('package-lock.json');
const EXACT = /^\d+\.\d+\.\d+$/;

describe('supply chain', () => {
  test('web-tree-sitter, whose source the build patches, is pinned to the version installed', () => {
    const pinned = manifest.dependencies['web-tree-sitter'];
    assert.match(pinned ?? '', EXACT);
    assert.equal(lock.packages['']?.dependencies?.['web-tree-sitter'], pinned);
    assert.equal(lock.packages['node_modules/web-tree-sitter']?.version, pinned);
    assert.equal(read<{ version: string }>('node_modules/web-tree-sitter/package.json').version, pinned);
  });

  test('tree-sitter-rust is a pinned build input, never installed with the product', () => {
    assert.equal(manifest.dependencies['tree-sitter-rust'], undefined);
    const pinned = manifest.devDependencies['tree-sitter-rust'];
    assert.match(pinned ?? '', EXACT);
    assert.equal(lock.packages['']?.devDependencies?.['tree-sitter-rust'], pinned);
    assert.equal(lock.packages['node_modules/tree-sitter-rust']?.dev, true);
  });

  test('no production dependency has an install script', () => {
    const withScripts = Object.entries(lock.packages)
      .filter(([name, p]) => name !== '' && !p.dev && p.hasInstallScript)
      .map(([name]) => name);
    assert.deepEqual(withScripts, []);
  });

  test('npm runs no install script here, so npm ci never builds the native binding', () => {
    const value = execFileSync('npm', ['config', 'get', 'ignore-scripts'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    assert.equal(value.trim(), 'true');
  });

  test('the packaged extension carries the grammar wasm and no node_modules', () => {
    const rules = fs.readFileSync(path.join(REPO_ROOT, '.vscodeignore'), 'utf8').split('\n');
    assert.equal(rules[0], '**', 'everything is left out unless listed');
    assert.ok(rules.includes('!grammars/*.wasm'));
    assert.ok(!rules.some((r) => r.startsWith('!node_modules')));
  });
});
