// Anchored dispatch (a word search and a short walk up, src/engine/anchors.ts) must find exactly what
// visiting every node finds: for every rule, on every fixture and on Rust's own library sources.
// Run: node --import tsx --test test/anchorsMatchWalk.test.ts
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { analyze, ParsedFile, RULES, type AnalyzeOptions } from '../src/engine';
import type { Finding } from '../src/shared/types';
import { testParser } from './support/engine';
import { FIXTURES } from './support/fixtures';

/** Every rule, off-by-default ones too, and test code included: the widest comparison. */
const OPTIONS: AnalyzeOptions = {
  only: RULES.map((r) => r.id),
  settings: { rules: {}, includeTests: true },
  onRuleError: (rule, error) => {
    throw new Error(`${rule}: ${String(error)}`);
  },
};

/** The library crates whose sources are compared. */
const CRATES = ['core', 'alloc', 'std'];

/**
 * About 1 s per MB of source on 2 cores (both ways, one parse): Debian's Rust 1.63 library (12 MB,
 * 728 files) runs whole in some 12 s. A larger library is sampled, every k-th file in path order,
 * so that this stays well under 40 s.
 */
const LIBRARY_BUDGET_BYTES = 24_000_000;

/** Every k-th file (in path order), k chosen to bring the total size within the budget. */
function sample(files: readonly string[], budget: number): { files: string[]; every: number } {
  const total = files.reduce((sum, f) => sum + statSync(f).size, 0);
  const every = Math.max(1, Math.ceil(total / budget));
  return { files: files.filter((_, i) => i % every === 0), every };
}

function rustFilesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) return rustFilesUnder(file);
      return entry.isFile() && entry.name.endsWith('.rs') ? [file] : [];
    })
    .sort();
}

/**
 * Rust's `library/`: the toolchain's rust-src component, else Debian's rust-src package (which the
 * benchmark and the reliability tests use), else none.
 */
function rustLibrary(): string | undefined {
  const candidates: string[] = [];
  try {
    const sysroot = execFileSync('rustc', ['--print', 'sysroot'], { encoding: 'utf8' }).trim();
    candidates.push(path.join(sysroot, 'lib', 'rustlib', 'src', 'rust', 'library'));
  } catch {
    // no rustc: only Debian's copy can be there
  }
  if (existsSync('/usr/src')) {
    for (const dir of readdirSync('/usr/src')
      .filter((d) => /^rustc-[\d.]+$/.test(d))
      .sort()
      .reverse())
      candidates.push(path.join('/usr/src', dir, 'library'));
  }
  return candidates.find((dir) => CRATES.every((c) => existsSync(path.join(dir, c, 'src'))));
}

const key = (f: Finding) =>
  `${f.rule} ${f.range.start.line + 1}:${f.range.start.character + 1}-${f.range.end.line + 1}:${f.range.end.character + 1}`;

/** The findings of one parse of the file, found by anchors and by visiting every node. */
async function bothWays(file: string): Promise<{ anchored: string[]; walked: string[] }> {
  const parsed = new ParsedFile(await testParser(), readFileSync(file, 'utf8'), file);
  try {
    return {
      anchored: analyze(parsed, OPTIONS).map(key),
      walked: analyze(parsed, { ...OPTIONS, walkEveryNode: true }).map(key),
    };
  } finally {
    parsed.dispose();
  }
}

async function assertSame(files: readonly string[], root: string): Promise<number> {
  let findings = 0;
  for (const file of files) {
    const { anchored, walked } = await bothWays(file);
    assert.deepEqual(
      anchored,
      walked,
      `${path.relative(root, file)}: anchored (actual) vs full walk (expected)`,
    );
    findings += walked.length;
  }
  return findings;
}

describe('anchored dispatch finds what a full tree walk finds', () => {
  it('in every .rs file under test/fixtures', async () => {
    const files = rustFilesUnder(FIXTURES);
    assert.ok(files.length > 100, `only ${files.length} fixture files`);
    assert.ok((await assertSame(files, FIXTURES)) > 0);
  });

  const library = rustLibrary();
  const skip = library
    ? false
    : "Rust's library/ sources are not installed (`rustup component add rust-src`, or Debian's rust-src)";
  it("in Rust's library/core, alloc and std sources", { skip }, async (t) => {
    if (!library) return;
    const all = CRATES.flatMap((c) => rustFilesUnder(path.join(library, c, 'src')));
    assert.ok(all.length > 100, `only ${all.length} files under ${library}`);
    const { files, every } = sample(all, LIBRARY_BUDGET_BYTES);
    t.diagnostic(
      `${files.length} of ${all.length} files (${every === 1 ? 'all' : `1 in ${every}`}) from ${library}`,
    );
    assert.ok((await assertSame(files, library)) > 0);
  });
});
