// The crate index's build time on Rust's library/ (issue 16): every `.rs` file of core, alloc and
// std parsed for its items, as `scan --fix` and the server's background build do; then one file
// re-indexed (a save) and one view taken (each analysis), which an edit costs.
import fs from 'node:fs';
import path from 'node:path';
import { CrateIndex, createRustParser, indexText } from '../src/engine';

export interface IndexTimes {
  crate: string;
  files: number;
  mb: number;
  buildMs: number;
  reindexMs: number;
  viewMs: number;
}

function rustFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'target' || e.name.startsWith('.') ? [] : rustFiles(full);
    return e.name.endsWith('.rs') ? [full] : [];
  });
}

export async function crateIndexTimes(library: string, grammarDir: string): Promise<IndexTimes[]> {
  const parser = await createRustParser(grammarDir);
  const times: IndexTimes[] = [];
  // library/'s three crates; a folder without them (the smoke run's few files) counts as one crate.
  const crates = ['core', 'alloc', 'std'].filter((c) => fs.existsSync(path.join(library, c)));
  const dirs = crates.length > 0 ? crates.map((c) => [c, path.join(library, c)]) : [['files', library]];
  for (const [crate, dir] of dirs as [string, string][]) {
    const files = rustFiles(dir);
    const texts = files.map((f) => fs.readFileSync(f, 'utf8'));
    const mb = texts.reduce((n, t) => n + t.length, 0) / 1e6;
    const started = performance.now();
    const index = new CrateIndex();
    files.forEach((f, i) => index.update(indexText(parser, texts[i] as string, f)));
    const buildMs = performance.now() - started;
    const one = files[0] as string;
    const saved = performance.now();
    const items = indexText(parser, texts[0] as string, one);
    index.update(items);
    const reindexMs = performance.now() - saved;
    const viewed = performance.now();
    index.viewFrom(items);
    const viewMs = performance.now() - viewed;
    times.push({ crate, files: files.length, mb, buildMs, reindexMs, viewMs });
  }
  parser.delete();
  return times;
}
