#!/usr/bin/env node
// `npm run package`, after the production build: the .vsix, with README images that resolve.
// The Marketplace shows the README from its own site, so a relative image there is broken: vsce
// rewrites relative links to absolute ones only from package.json's `repository`. With a
// repository it does so; without one the links stay relative (the images ship in the .vsix, which
// is all VS Code's extension page needs) and a warning says what publishing still needs.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** vsce's arguments for this package.json. */
export function vsceArgs(manifest) {
  const args = ['package', '--no-dependencies', '-o', 'rust-safety-coach.vsix'];
  return manifest.repository ? args : [...args, '--allow-missing-repository', '--no-rewrite-relative-links'];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  if (!manifest.repository) {
    console.warn(
      'package: no "repository" in package.json, so README images stay relative: they show in VS Code but ' +
        'not on the Marketplace. Set "repository" before publishing.',
    );
  }
  const vsce = path.join(root, 'node_modules', '.bin', 'vsce');
  const result = spawnSync(vsce, vsceArgs(manifest), { cwd: root, stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
