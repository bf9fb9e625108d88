// Builds the test-only fake rust-analyzer (test/e2e/fake-rust-analyzer) into a .vsix for the e2e
// code-server profile. It lives under test/, which .vscodeignore keeps out of the product's VSIX.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { build } from 'esbuild';
import { REPO_ROOT } from './codeServer';

const SOURCE_DIR = path.join(REPO_ROOT, 'test', 'e2e', 'fake-rust-analyzer');

/** Bundles the fake into `outDir` and packages it; returns the .vsix path. */
export async function packageFakeRustAnalyzer(outDir: string): Promise<string> {
  const dir = path.join(outDir, 'fake-rust-analyzer');
  fs.mkdirSync(dir, { recursive: true });
  await build({
    entryPoints: [path.join(SOURCE_DIR, 'extension.ts')],
    outfile: path.join(dir, 'extension.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    logLevel: 'warning',
  });
  fs.copyFileSync(path.join(SOURCE_DIR, 'package.json'), path.join(dir, 'package.json'));
  fs.writeFileSync(
    path.join(dir, 'README.md'),
    '# Fake rust-analyzer\n\nTest-only; never packaged with Rust Safety Coach.\n',
  );
  fs.writeFileSync(path.join(dir, 'LICENSE'), 'MIT\n');
  const vsix = path.join(outDir, 'fake-rust-analyzer.vsix');
  const vsce = path.join(REPO_ROOT, 'node_modules', '.bin', 'vsce');
  const result = spawnSync(
    vsce,
    ['package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '-o', vsix],
    { cwd: dir, encoding: 'utf8', timeout: 120_000 },
  );
  if (result.status !== 0 || !fs.existsSync(vsix)) {
    throw new Error(`vsce package of the fake rust-analyzer failed:\n${result.stdout}${result.stderr}`);
  }
  return vsix;
}
