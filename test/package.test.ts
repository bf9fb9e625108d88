import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { vsceArgs } from '../scripts/package.mjs';
import { REPO_ROOT } from './support/engine';

const VSCE = path.join(REPO_ROOT, 'node_modules', '.bin', 'vsce');
const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
  version: string;
  repository?: unknown;
};

/** The files `npm run package` puts in the .vsix: vsce's own listing, with .vscodeignore applied. */
function packagedFiles(): Promise<string[]> {
  return new Promise((resolve, reject) => {
    execFile(VSCE, ['ls', '--no-dependencies'], { cwd: REPO_ROOT }, (error, stdout, stderr) => {
      if (error) reject(new Error(`vsce ls failed: ${stderr}`));
      else resolve(stdout.split('\n').filter((line) => line.trim() !== ''));
    });
  });
}

describe('the .vsix', () => {
  // A map a dev build leaves behind, so the listing is checked against one for certain.
  const staleMap = path.join(REPO_ROOT, 'dist', 'webview', 'stale-by-package-test.js.map');
  let files: string[] = [];
  before(async () => {
    fs.mkdirSync(path.dirname(staleMap), { recursive: true });
    fs.writeFileSync(staleMap, '{}');
    try {
      files = await packagedFiles();
    } finally {
      fs.rmSync(staleMap, { force: true });
    }
  });

  it('holds the bundles but no source map', () => {
    for (const bundle of [
      'dist/extension.js',
      'dist/server.js',
      'dist/extensionWeb.js',
      'dist/webview/lessonPanel.js',
    ])
      assert.ok(files.includes(bundle), `${bundle} in ${files.join(', ')}`);
    assert.deepEqual(
      files.filter((f) => f.endsWith('.map')),
      [],
    );
  });

  it('holds what the server loads from grammars/: both wasm modules and the highlights query', () => {
    for (const file of [
      'grammars/web-tree-sitter.wasm',
      'grammars/tree-sitter-rust.wasm',
      'grammars/highlights.scm',
    ]) {
      assert.ok(files.includes(file), `${file} in ${files.join(', ')}`);
    }
  });

  it("holds every image the README shows, or the image's URL is absolute", () => {
    const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)/g)].map((m) => m[1] ?? '');
    assert.ok(images.length > 0, 'the README shows images');
    for (const image of images) {
      if (/^https:\/\//.test(image)) continue;
      assert.ok(fs.existsSync(path.join(REPO_ROOT, image)), `${image} exists`);
      assert.ok(files.includes(image), `${image} is packaged`);
    }
  });

  it('lets vsce make README links absolute for the Marketplace once package.json names a repository', () => {
    const withRepository = vsceArgs({ repository: { type: 'git', url: 'https://github.com/o/r.git' } });
    assert.ok(!withRepository.includes('--no-rewrite-relative-links'));
    assert.ok(!withRepository.includes('--allow-missing-repository'));
    const without = vsceArgs({});
    assert.ok(
      without.includes('--no-rewrite-relative-links') && without.includes('--allow-missing-repository'),
    );
    assert.deepEqual(vsceArgs(manifest), manifest.repository ? withRepository : without);
  });

  it("ships a CHANGELOG.md whose newest version is package.json's", () => {
    assert.ok(files.includes('CHANGELOG.md'), 'CHANGELOG.md is packaged');
    const changelog = fs.readFileSync(path.join(REPO_ROOT, 'CHANGELOG.md'), 'utf8');
    assert.match(changelog, /^# Changelog\n/);
    const versions = [...changelog.matchAll(/^## \[([^\]]+)\]/gm)].map((m) => m[1]);
    const released = versions.filter((v) => v !== 'Unreleased');
    assert.equal(released[0], manifest.version);
    assert.match(
      changelog,
      new RegExp(`^## \\[${manifest.version.replace(/\./g, '\\.')}\\] - \\d{4}-\\d{2}-\\d{2}$`, 'm'),
    );
  });
});
