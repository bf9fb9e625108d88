import fs from 'node:fs';
import path from 'node:path';
import { cacheDir, readCacheFile, writeCacheFile } from '../shared/cacheDir';
import { crypto } from '../shared/lazyCrypto';
import { asciiJson } from './findingJson';
import { nameHash } from './hashes';

/** Lines kept across runs; the ones this run used are always kept. */
const MAX_ENTRIES = 50_000;
/**
 * Cache files kept, the most recently written: one per engine build and rule set, and a rebuilt
 * or reinstalled engine starts a new one, so the old ones would otherwise pile up.
 */
const MAX_FILES = 8;
const FORMAT = 4;
const HEADER = `rust-safety-coach scan cache ${FORMAT}`;
/**
 * A file changed this recently may change again within the same timestamp tick (coarse clocks,
 * 1-2 s on some file systems) without its stat changing, as git's "racily clean" files can: its
 * stat is not recorded, and next time it is found by content instead.
 */
const RACY_MS = 2000;

/**
 * One cached file: `checksum TAB statKey TAB contentKey (TAB findingJson)*`, all of it ASCII JSON,
 * which holds no raw tab or newline. The checksum (see `checksum`) covers the rest of the line, so a
 * truncated or damaged line reads as a miss instead of as fewer findings or half a JSON value.
 */
class Entry {
  private verified: boolean | undefined;

  constructor(
    readonly statKey: string,
    readonly key: string,
    private findings: readonly string[] | string,
    /** The line as read, checked on first use; undefined for an entry made this run. */
    private readonly stored?: { sum: string; body: string },
  ) {}

  static parse(line: string): Entry | undefined {
    const sumEnd = line.indexOf('\t');
    const statEnd = line.indexOf('\t', sumEnd + 1);
    if (sumEnd < 0 || statEnd < 0) return undefined;
    const keyEnd = line.indexOf('\t', statEnd + 1);
    const key = line.slice(statEnd + 1, keyEnd < 0 ? line.length : keyEnd);
    const findings = keyEnd < 0 ? '' : line.slice(keyEnd + 1);
    const stored = { sum: line.slice(0, sumEnd), body: line.slice(sumEnd + 1) };
    return new Entry(line.slice(sumEnd + 1, statEnd), key, findings, stored);
  }

  /** The line is as written: checked once, when the entry is first looked at (a warm run reads few). */
  get intact(): boolean {
    this.verified ??= !this.stored || this.stored.sum === checksum(this.stored.body);
    return this.verified;
  }

  /** Split only when asked: a warm run touches each entry once. */
  get findingsJson(): readonly string[] {
    if (typeof this.findings === 'string') this.findings = this.findings ? this.findings.split('\t') : [];
    return this.findings;
  }

  withStat(statKey: string): Entry {
    return statKey === this.statKey ? this : new Entry(statKey, this.key, this.findings);
  }

  line(): string {
    const findings = typeof this.findings === 'string' ? this.findings : this.findings.join('\t');
    const body = findings ? `${this.statKey}\t${this.key}\t${findings}` : `${this.statKey}\t${this.key}`;
    return `${checksum(body)}\t${body}`;
  }
}

/**
 * The body's length and its FNV-1a hash: a cut line always fails the length, and one changed
 * character always changes the hash (each step is a bijection). In JS rather than node:crypto,
 * whose loading would cost a warm run more than hashing the few entries it uses.
 */
function checksum(body: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < body.length; i++) hash = Math.imul(hash ^ body.charCodeAt(i), 0x01000193);
  return `${body.length.toString(36)}.${(hash >>> 0).toString(36)}`;
}

/** What the cache looks at in a file's stat. */
export type FileStat = Pick<fs.Stats, 'size' | 'mtimeMs' | 'ctimeMs' | 'ino'>;

/** The stat key of an entry whose file changed too recently to be recognised by its stat. */
const NO_STAT = 'null';

/**
 * Findings keyed by the file's content hash and engine path (rules look at `tests/` and crate roots),
 * and by the file's identity (path, size, mtime, ctime, inode) so that a warm run need not even read
 * unchanged files; in one file per engine fingerprint and rule set. Findings stay the JSON text the
 * report prints. A missing cache is empty, and a damaged entry (see `Entry`) a miss; a write that
 * fails is ignored: the cache only ever saves time.
 */
export class ScanCache {
  private readonly file: string;
  private readonly header: string;
  private readonly stored: Entry[];
  private readonly storedSet: Set<Entry>;
  private readonly storedByStat = new Map<string, Entry>();
  /** Intact entries by content key, made when first needed: it checks every entry. */
  private storedByKeyMap: Map<string, Entry> | undefined;
  /** Entries this run used or added, by stat key (or content key, for racy files). */
  private readonly used = new Map<string, Entry>();
  private changed = false;

  constructor(fingerprint: string, settingsKey: string, dir = cacheDir()) {
    // The header names the engine and settings in full, so two that share a file name never mix.
    this.header = `${HEADER}\t${asciiJson([fingerprint, settingsKey])}`;
    this.file = path.join(dir, `scan-${nameHash(this.header)}.txt`);
    this.stored = load(this.file, this.header);
    this.storedSet = new Set(this.stored);
    for (const entry of this.stored) {
      if (entry.statKey !== NO_STAT) this.storedByStat.set(entry.statKey, entry);
    }
  }

  /** A file's identity as the file system reports it; ctime too, which no tool can set back. */
  static statKey(absolute: string, enginePath: string, st: FileStat, config = ''): string {
    const key = [absolute, enginePath, st.size, st.mtimeMs, st.ctimeMs, st.ino];
    return asciiJson(config ? [...key, config] : key);
  }

  /** `content` is the file's bytes without a BOM, as the engine sees them. */
  /** `settings` is what else decides the findings for this file (its crate's configuration), if any. */
  static key(content: Uint8Array, enginePath: string, settings = ''): string {
    const hash = crypto().createHash('sha1').update(content).digest('base64');
    return asciiJson(settings ? [hash, enginePath, settings] : [hash, enginePath]);
  }

  /** Every content the cache has findings for. */
  contentKeys(): Set<string> {
    return new Set(this.storedByKey().keys());
  }

  /** The findings of a file whose stat has not changed since they were stored. */
  getByStat(statKey: string): readonly string[] | undefined {
    const entry = this.storedByStat.get(statKey);
    if (!entry?.intact) return undefined;
    this.used.set(statKey, entry);
    return entry.findingsJson;
  }

  /** The findings stored for this content; recorded under the file's new stat for next time. */
  getByContent(key: string, statKey: string, st: FileStat): readonly string[] | undefined {
    const entry = this.storedByKey().get(key);
    if (!entry) return undefined;
    this.use(recognisable(st) ? entry.withStat(statKey) : entry);
    return entry.findingsJson;
  }

  set(key: string, statKey: string, st: FileStat, findingsJson: readonly string[]): void {
    this.use(new Entry(recognisable(st) ? statKey : NO_STAT, key, findingsJson));
  }

  /** Writes the cache when this run learnt something new. */
  save(): void {
    if (!this.changed) return;
    const lines = [this.header];
    const keys = new Set<string>();
    const paths = new Set<string>();
    for (const entry of this.used.values()) {
      lines.push(entry.line());
      keys.add(entry.key);
      paths.add(pathOf(entry.statKey));
    }
    // Older entries fill up to the limit, less those this run superseded.
    for (const entry of this.stored) {
      if (lines.length > MAX_ENTRIES) break;
      if (!entry.intact) continue;
      const superseded = entry.statKey === NO_STAT ? keys.has(entry.key) : paths.has(pathOf(entry.statKey));
      if (!superseded) lines.push(entry.line());
    }
    if (writeCacheFile(this.file, `${lines.join('\n')}\n`)) pruneOthers(path.dirname(this.file), MAX_FILES);
  }

  private storedByKey(): Map<string, Entry> {
    if (!this.storedByKeyMap) {
      this.storedByKeyMap = new Map();
      for (const entry of this.stored) {
        if (entry.intact && !this.storedByKeyMap.has(entry.key)) this.storedByKeyMap.set(entry.key, entry);
      }
    }
    return this.storedByKeyMap;
  }

  private use(entry: Entry): void {
    this.used.set(entry.statKey === NO_STAT ? entry.key : entry.statKey, entry);
    if (!this.storedSet.has(entry)) this.changed = true;
  }
}

/** The file a stat key names (its first element); '' for none. */
function pathOf(statKey: string): string {
  if (statKey === NO_STAT) return '';
  try {
    const [file] = JSON.parse(statKey) as unknown[];
    return typeof file === 'string' ? file : '';
  } catch {
    return '';
  }
}

/** Any write sets ctime to the time of writing, so a file whose ctime is old enough cannot change unseen. */
export function recognisable(st: FileStat): boolean {
  return st.ctimeMs < Date.now() - RACY_MS;
}

function load(file: string, header: string): Entry[] {
  // Absent, unreadable or not a regular file (a FIFO would block): start empty. The cache is ASCII,
  // so one byte is one character: no UTF-8 decoding needed (a third faster).
  const text = readCacheFile(file)?.toString('latin1');
  if (text === undefined) return [];
  const lines = text.split('\n');
  if (lines[0] !== header) return [];
  const entries: Entry[] = [];
  for (let i = 1; i < lines.length; i++) {
    const entry = Entry.parse(lines[i] ?? '');
    if (entry) entries.push(entry);
  }
  return entries;
}

/** Deletes all but the `keep` most recently written scan caches in `dir`; never fails. */
function pruneOthers(dir: string, keep: number): void {
  try {
    const caches = fs
      .readdirSync(dir)
      .filter((name) => name.startsWith('scan-') && name.endsWith('.txt'))
      .map((name) => ({ file: path.join(dir, name), mtimeMs: fs.statSync(path.join(dir, name)).mtimeMs }))
      .sort((a, b) => b.mtimeMs - a.mtimeMs);
    for (const { file } of caches.slice(keep)) fs.rmSync(file, { force: true });
  } catch {
    // Another scan pruned meanwhile, or the folder is unreadable: next time.
  }
}
