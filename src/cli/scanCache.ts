import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Finding } from '../shared/types';
import { VERSION } from './version';

/** Entries kept across runs; the ones this run used are always kept. */
const MAX_ENTRIES = 50_000;
const FORMAT = 1;

/**
 * Where scan results are cached: `$RUST_SAFETY_COACH_CACHE_DIR`, else `$XDG_CACHE_HOME/rust-safety-coach`,
 * else `~/.cache/rust-safety-coach`. One place per user, whatever the working folder.
 */
export function cacheDir(): string {
  const env = process.env;
  if (env.RUST_SAFETY_COACH_CACHE_DIR) return env.RUST_SAFETY_COACH_CACHE_DIR;
  const base = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'rust-safety-coach');
}

/**
 * What the findings of a file depend on besides its text: the code that computes them.
 * Bundled, that is the bundle and the grammar; run from source, every file under `src/`,
 * so an edit to a rule never serves stale results.
 */
export function engineFingerprint(entry: string, grammarDir: string): string {
  const hash = createHash('sha256').update(`${FORMAT}\0${VERSION}\0`);
  const files = entry.endsWith('.ts') ? sourceFiles(path.resolve(path.dirname(entry), '..')) : [entry];
  files.push(path.join(grammarDir, 'tree-sitter-rust.wasm'), path.join(grammarDir, 'web-tree-sitter.wasm'));
  for (const file of files) hash.update(file).update('\0').update(fs.readFileSync(file)).update('\0');
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

/**
 * Findings keyed by the file's content hash and engine path (rules look at `tests/` and crate roots),
 * in one JSON file per engine fingerprint and rule set. A missing or unreadable cache is empty;
 * a write that fails is ignored: the cache only ever saves time.
 */
export class ScanCache {
  private readonly file: string;
  private readonly stored: Map<string, Finding[]>;
  private readonly used = new Map<string, Finding[]>();
  private added = 0;
  /** File identity (path, size, mtime, inode) → content key: a warm run need not read unchanged files. */
  private readonly statsFile: string;
  private readonly storedStats: Map<string, string>;
  private readonly usedStats = new Map<string, string>();

  constructor(fingerprint: string, settingsKey: string, dir = cacheDir()) {
    const name = createHash('sha256').update(`${fingerprint}\0${settingsKey}`).digest('hex').slice(0, 32);
    this.file = path.join(dir, `scan-${name}.json`);
    this.stored = load(this.file);
    this.statsFile = path.join(dir, `stat-${name}.json`);
    this.storedStats = load(this.statsFile) as unknown as Map<string, string>;
  }

  /** The identity of a file as the file system reports it; null when it cannot be read. */
  static statKey(absolute: string, enginePath: string): string | null {
    try {
      const st = fs.statSync(absolute);
      return `${absolute}\0${enginePath}\0${st.size}\0${st.mtimeMs}\0${st.ino}`;
    } catch {
      return null;
    }
  }

  /** The content key recorded for an unchanged file, if its findings are still cached. */
  keyForStat(statKey: string): string | undefined {
    const key = this.storedStats.get(statKey);
    if (key === undefined || !this.stored.has(key)) return undefined;
    this.usedStats.set(statKey, key);
    return key;
  }

  rememberStat(statKey: string, key: string): void {
    this.usedStats.set(statKey, key);
  }

  static key(text: string, enginePath: string): string {
    return `${createHash('sha1').update(text).digest('base64')}:${enginePath}`;
  }

  get(key: string): Finding[] | undefined {
    const hit = this.stored.get(key);
    if (hit) this.used.set(key, hit);
    return hit;
  }

  set(key: string, findings: Finding[]): void {
    this.used.set(key, findings);
    this.added++;
  }

  /** Writes the cache when this run added to it. */
  save(): void {
    if (this.added > 0) write(this.file, merged(this.used, this.stored));
    if (this.added > 0 || this.usedStats.size !== this.storedStats.size) {
      write(this.statsFile, merged(this.usedStats, this.storedStats));
    }
  }
}

/** What this run used, topped up with older entries up to the size limit. */
function merged<T>(used: Map<string, T>, stored: Map<string, T>): Map<string, T> {
  const entries = new Map(used);
  for (const [k, v] of stored) {
    if (entries.size >= MAX_ENTRIES) break;
    if (!entries.has(k)) entries.set(k, v);
  }
  return entries;
}

function write<T>(file: string, entries: Map<string, T>): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, JSON.stringify(Object.fromEntries(entries)));
    fs.renameSync(temp, file);
  } catch {
    // A read-only or full disk: the next run is simply cold again.
  }
}

function load(file: string): Map<string, Finding[]> {
  try {
    const data: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    if (typeof data === 'object' && data !== null && !Array.isArray(data)) {
      return new Map(Object.entries(data as Record<string, Finding[]>));
    }
  } catch {
    // Absent or damaged: start empty.
  }
  return new Map();
}
