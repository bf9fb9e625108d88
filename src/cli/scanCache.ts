import fs from 'node:fs';
import path from 'node:path';
import { cacheDir } from '../shared/cacheDir';
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
const FORMAT = 3;
const HEADER = `rust-safety-coach scan cache ${FORMAT}`;
/**
 * A file changed this recently may change again within the same timestamp tick (coarse clocks,
 * 1-2 s on some file systems) without its stat changing, as git's "racily clean" files can: its
 * stat is not recorded, and next time it is found by content instead.
 */
const RACY_MS = 2000;

/**
 * One cached file: `statKey TAB contentKey (TAB findingJson)*`, all of it ASCII JSON, which holds
 * no raw tab or newline.
 */
class Entry {
  constructor(
    readonly statKey: string,
    readonly key: string,
    private findings: readonly string[] | string,
  ) {}

  static parse(line: string): Entry | undefined {
    const statEnd = line.indexOf('\t');
    if (statEnd < 0) return undefined;
    const keyEnd = line.indexOf('\t', statEnd + 1);
    const key = line.slice(statEnd + 1, keyEnd < 0 ? line.length : keyEnd);
    return new Entry(line.slice(0, statEnd), key, keyEnd < 0 ? '' : line.slice(keyEnd + 1));
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
    return findings ? `${this.statKey}\t${this.key}\t${findings}` : `${this.statKey}\t${this.key}`;
  }
}

/** What the cache looks at in a file's stat. */
export type FileStat = Pick<fs.Stats, 'size' | 'mtimeMs' | 'ctimeMs' | 'ino'>;

/** The stat key of an entry whose file changed too recently to be recognised by its stat. */
const NO_STAT = 'null';

/**
 * Findings keyed by the file's content hash and engine path (rules look at `tests/` and crate roots),
 * and by the file's identity (path, size, mtime, ctime, inode) so that a warm run need not even read
 * unchanged files; in one file per engine fingerprint and rule set. Findings stay the JSON text the
 * report prints. A missing or damaged cache is empty; a write that fails is ignored: the cache only
 * ever saves time.
 */
export class ScanCache {
  private readonly file: string;
  private readonly header: string;
  private readonly stored: Entry[];
  private readonly storedSet: Set<Entry>;
  private readonly storedByStat = new Map<string, Entry>();
  private readonly storedByKey = new Map<string, Entry>();
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
      if (!this.storedByKey.has(entry.key)) this.storedByKey.set(entry.key, entry);
    }
  }

  /** A file's identity as the file system reports it; ctime too, which no tool can set back. */
  static statKey(absolute: string, enginePath: string, st: FileStat): string {
    return asciiJson([absolute, enginePath, st.size, st.mtimeMs, st.ctimeMs, st.ino]);
  }

  /** `content` is the file's bytes without a BOM, as the engine sees them. */
  static key(content: Uint8Array, enginePath: string): string {
    return asciiJson([crypto().createHash('sha1').update(content).digest('base64'), enginePath]);
  }

  /** Every content the cache has findings for. */
  contentKeys(): Set<string> {
    return new Set(this.storedByKey.keys());
  }

  /** The findings of a file whose stat has not changed since they were stored. */
  getByStat(statKey: string): readonly string[] | undefined {
    const entry = this.storedByStat.get(statKey);
    if (!entry) return undefined;
    this.used.set(statKey, entry);
    return entry.findingsJson;
  }

  /** The findings stored for this content; recorded under the file's new stat for next time. */
  getByContent(key: string, statKey: string, st: FileStat): readonly string[] | undefined {
    const entry = this.storedByKey.get(key);
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
      const superseded = entry.statKey === NO_STAT ? keys.has(entry.key) : paths.has(pathOf(entry.statKey));
      if (!superseded) lines.push(entry.line());
    }
    if (write(this.file, `${lines.join('\n')}\n`)) pruneOthers(path.dirname(this.file), MAX_FILES);
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
  let text: string;
  try {
    // The cache is ASCII, so one byte is one character: no UTF-8 decoding needed (a third faster).
    text = fs.readFileSync(file, 'latin1');
  } catch {
    return []; // Absent or unreadable: start empty.
  }
  const lines = text.split('\n');
  if (lines[0] !== header) return [];
  const entries: Entry[] = [];
  for (let i = 1; i < lines.length; i++) {
    const entry = Entry.parse(lines[i] ?? '');
    if (entry) entries.push(entry);
  }
  return entries;
}

/** False when it could not: a read-only or full disk, and the next run is simply cold again. */
function write(file: string, text: string): boolean {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, text);
    fs.renameSync(temp, file);
    return true;
  } catch {
    return false;
  }
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
