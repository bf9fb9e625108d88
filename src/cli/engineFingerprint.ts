import type { Hash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { crypto } from '../shared/lazyCrypto';
import { ANALYSIS_BUNDLE } from './loadAnalysis';
import { recognisable } from './scanCache';
import { VERSION } from './version';

/**
 * What the findings of a file depend on besides its text: the code that computes them.
 * Bundled, that is the two bundles and the grammar; run from source, every file under `src/`,
 * so an edit to a rule never serves stale results. Like the files it scans, the cache knows these
 * by their stat (inode, size, mtime, ctime) once they are old enough for that to be safe (see
 * `recognisable`); newer ones are read and hashed, which costs a warm scan a tenth of its time.
 */
export function engineFingerprint(entry: string, grammarDir: string): string {
  const files = entry.endsWith('.ts')
    ? sourceFiles(path.resolve(path.dirname(entry), '..'))
    : [entry, path.join(path.dirname(entry), ANALYSIS_BUNDLE)];
  files.push(path.join(grammarDir, 'tree-sitter-rust.wasm'), path.join(grammarDir, 'web-tree-sitter.wasm'));
  const stats = files.map((file) => fs.statSync(file));
  if (stats.every(recognisable)) {
    const ids = files.map((file, i) => {
      const st = stats[i];
      return `${file}:${st?.dev}:${st?.ino}:${st?.size}:${st?.mtimeMs}:${st?.ctimeMs}`;
    });
    return `${VERSION} stat ${ids.join(' ')}`;
  }
  const hash = crypto().createHash('sha256');
  // In chunks: fresh memory for the whole grammar would cost more than hashing it.
  const chunk = Buffer.allocUnsafe(1 << 16);
  for (const file of files) {
    hash.update(file).update('\0');
    hashContent(hash, file, chunk);
    hash.update('\0');
  }
  return `${VERSION} content ${hash.digest('hex')}`;
}

function hashContent(hash: Hash, file: string, chunk: Buffer): void {
  const fd = fs.openSync(file, 'r');
  try {
    for (let n; (n = fs.readSync(fd, chunk, 0, chunk.length, null)) > 0;) hash.update(chunk.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
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
