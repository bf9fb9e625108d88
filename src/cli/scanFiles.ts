import fs from 'node:fs';
import { optimiseFewerFunctionsWhenCoresAreBusy } from './compilerBudget';
import { describeError, printWarning } from './errors';
import { fsPath } from './exactPath';
import { findGrammarDir } from './grammarDir';
import { jobList, type FileJob } from './jobList';
import { engineFingerprint } from './engineFingerprint';
import { loadAnalysis } from './loadAnalysis';
import { partialCrateKey } from './partialCrates';
import { ScanCache } from './scanCache';
import { analyzeInThreads, FileAnalyzer, type ScanOutcome } from './scanWorkers';
import type { SourceFile } from './walk';

export interface ScanFilesOptions {
  /** Only these rules; undefined for the default set. */
  rules: string[] | undefined;
  includeTests: boolean;
  /** Threads analysing files, this one included. */
  jobs: number;
  cache: boolean;
}

export interface ScannedFile {
  file: SourceFile;
  /** As findingJson() gives them. */
  findingsJson: readonly string[];
}

/** A worker costs a bundle and a grammar load (~0.2 s): below this many files per thread, it does not pay. */
const FILES_PER_THREAD = 16;

/** A file the cache could not answer for by its stat: it has to be read. */
interface ToRead extends FileJob {
  stat: fs.Stats;
  statKey: string;
}

/**
 * Reads and analyses files without changing them: unchanged files come from the cache, the rest
 * are analysed on this thread and, when there are enough of them, on worker threads too.
 * `entry` is the CLI's entry file, which the workers run and the cache's engine fingerprint
 * hashes; without it there are neither. Warnings are printed in file order; the files that
 * could be scanned are returned in order.
 */
export async function scanFiles(
  files: SourceFile[],
  enginePath: (absolute: string, display: string) => string,
  options: ScanFilesOptions,
  entry: string | undefined,
  /** What else decides a file's findings (its crate's configuration), as text; '' for the defaults. */
  configKey: (absolute: string) => string = () => '',
  /** Whether a file's crate has other files, which this scan does not index (see partialCrates.ts). */
  partialCrate: (absolute: string) => boolean = () => false,
): Promise<ScannedFile[]> {
  const grammarDir = findGrammarDir();
  const cache =
    options.cache && entry !== undefined
      ? new ScanCache(
          engineFingerprint(entry, grammarDir),
          JSON.stringify({ rules: options.rules ?? null, includeTests: options.includeTests }),
        )
      : undefined;
  const found: (readonly string[] | null)[] = new Array<readonly string[] | null>(files.length).fill(null);
  const warnings: string[][] = files.map(() => []);

  // An unchanged file (same size, times and inode) is not even read on a warm run.
  const toRead = new Map<number, ToRead>();
  files.forEach((file, index) => {
    // The walk's stat, taken a moment ago; a file it could not stat is tried again, to say why.
    let stat: fs.Stats;
    try {
      stat = file.stat ?? fs.statSync(fsPath(file.absolute, file.absoluteBytes));
    } catch (error) {
      warnings[index]?.push(`${file.display}: cannot read: ${describeError(error)}`);
      return;
    }
    const fileEnginePath = enginePath(file.absolute, file.display);
    // The crate's configuration is part of the key: an edited Cargo.toml is not answered by the file's stat.
    const partial = partialCrate(file.absolute);
    const statKey = cache
      ? ScanCache.statKey(
          file.absolute,
          fileEnginePath,
          stat,
          configKey(file.absolute) + partialCrateKey(partial),
        )
      : '';
    const hit = cache?.getByStat(statKey);
    if (hit) found[index] = hit;
    else
      toRead.set(index, {
        index,
        ...file,
        enginePath: fileEnginePath,
        stat,
        statKey,
        ...(partial ? { partialCrate: true } : {}),
      });
  });

  const record = (outcome: ScanOutcome) => {
    const { index, cacheKey } = outcome;
    const item = toRead.get(index);
    warnings[index]?.push(...outcome.warnings);
    if (outcome.known && cacheKey && item) {
      found[index] = cache?.getByContent(cacheKey, item.statKey, item.stat) ?? null;
      return;
    }
    found[index] = outcome.findingsJson;
    // A file where a rule failed is analysed again next time, so its warning is not lost.
    if (cacheKey && item && outcome.findingsJson && outcome.warnings.length === 0)
      cache?.set(cacheKey, item.statKey, item.stat, outcome.findingsJson);
  };
  if (toRead.size > 0) {
    const threads = Math.min(options.jobs, Math.floor(toRead.size / FILES_PER_THREAD));
    optimiseFewerFunctionsWhenCoresAreBusy(threads);
    const settings = { rules: options.rules, includeTests: options.includeTests };
    const knownKeys = cache?.contentKeys();
    // Each thread reads the files it takes, so reading, hashing and decoding are shared out too.
    const here = loadAnalysis()
      .createRustParser(grammarDir)
      .then((parser) => new FileAnalyzer(parser, { ...settings, knownKeys }));
    const list = jobList([...toRead.values()].map((item) => ({ ...item, size: item.stat.size })));
    const data = { ...settings, grammarDir, knownKeys: knownKeys && [...knownKeys] };
    const workers = entry ? Math.max(0, threads - 1) : 0;
    await analyzeInThreads(entry ?? '', workers, data, list, here, record);
  }
  cache?.save();

  const scanned: ScannedFile[] = [];
  files.forEach((file, index) => {
    for (const warning of warnings[index] ?? []) printWarning(warning);
    const findingsJson = found[index];
    if (findingsJson) scanned.push({ file, findingsJson });
  });
  return scanned;
}
