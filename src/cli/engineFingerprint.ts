import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { VERSION } from './version';

/**
 * What the findings of a file depend on besides its text: the code that computes them.
 * Bundled, that is the bundle and the grammar; run from source, every file under `src/`,
 * so an edit to a rule never serves stale results.
 */
export function engineFingerprint(entry: string, grammarDir: string): string {
  const hash = createHash('sha256').update(`${VERSION}\0`);
  const files = entry.endsWith('.ts') ? sourceFiles(path.resolve(path.dirname(entry), '..')) : [entry];
  files.push(path.join(grammarDir, 'tree-sitter-rust.wasm'), path.join(grammarDir, 'web-tree-sitter.wasm'));
  // In chunks: fresh memory for the whole grammar would cost more than hashing it.
  const chunk = Buffer.allocUnsafe(1 << 16);
  for (const file of files) {
    hash.update(file).update('\0');
    const fd = fs.openSync(file, 'r');
    try {
      for (let n; (n = fs.readSync(fd, chunk, 0, chunk.length, null)) > 0;) hash.update(chunk.subarray(0, n));
    } finally {
      fs.closeSync(fd);
    }
    hash.update('\0');
  }
  return hash.digest('hex');
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(full));
    else if (entry.name.endsWith('.ts')) out.push(full);
  }
  return out;
}
