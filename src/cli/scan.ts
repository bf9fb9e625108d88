import os from 'node:os';
import path from 'node:path';
import type { Parser } from 'web-tree-sitter';
import type { Finding } from '../shared/types';
import { createRustParser, type AnalyzeOptions } from '../engine';
import { ChangedOnDiskError, writeFileAtomically } from './atomicWrite';
import { createEnginePathResolver } from '../shared/cratePath';
import { describeError, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, printError, printWarning } from './errors';
import { formatJson } from './formatJson';
import { formatSarif } from './formatSarif';
import { formatText } from './formatText';
import { analyzeText, fixText } from './fixSource';
import { findGrammarDir } from './grammarDir';
import { readSource, withBom } from './readSource';
import { findingCount, plural, type FileFindings, type ScanResult } from './scanResult';
import { engineFingerprint, ScanCache } from './scanCache';
import { analyzeInWorkers, analyzeJob, type ScanJob, type ScanOutcome } from './scanWorkers';
import { collectSourceFiles, type SourceFile } from './walk';

export type ScanFormat = 'text' | 'json' | 'sarif';

export interface ScanOptions {
  paths: string[];
  format: ScanFormat;
  fix: boolean;
  /** Only these rules; undefined for the default set. */
  rules: string[] | undefined;
  includeTests: boolean;
  failOnFindings: boolean;
  /** Threads analysing files; 1 analyses on the main thread. Ignored with `fix`. */
  jobs?: number;
  /** Reuse findings of unchanged files from earlier runs (not with `fix`). */
  cache?: boolean;
}

/** The CLI's entry file, which worker threads run too; unset when the CLI is used as a library. */
let cliEntry: string | undefined;
export function setCliEntry(file: string): void {
  cliEntry = file;
}

export function defaultJobs(): number {
  return Math.max(1, os.availableParallelism());
}

/** A worker costs a grammar load (~0.1 s): below this many files per worker, threads do not pay. */
const FILES_PER_WORKER = 16;

interface FixTally {
  fixes: number;
  files: number;
  /** A fixed file that could not be written: the user asked for a change that did not happen. */
  writeFailed: boolean;
}

/** Runs `scan` and returns the exit code. Throws FatalError for a missing grammar. */
export async function runScan(options: ScanOptions): Promise<number> {
  // A missing path is an error, but the paths that do exist are still scanned.
  let missingPath = false;
  const files = collectSourceFiles(options.paths, printWarning, (message) => {
    printError(message);
    missingPath = true;
  });
  if (missingPath && files.length === 0) return EXIT_ERROR;
  const enginePath = createEnginePathResolver();
  const tally: FixTally = { fixes: 0, files: 0, writeFailed: false };
  const result: ScanResult = { files: [] };
  if (options.fix) {
    const parser = await createRustParser(findGrammarDir());
    for (const file of files) {
      const scanned = scanFile(parser, file, enginePath(file.absolute, file.display), options, tally);
      if (scanned) result.files.push(scanned);
    }
  } else {
    result.files = await scanFiles(files, enginePath, options);
  }

  process.stdout.write(format(result, options.format));
  if (options.fix) {
    // Machine-readable formats own stdout, so the tally goes to stderr there.
    const summary = `Applied ${plural(tally.fixes, 'fix', 'fixes')} in ${plural(tally.files, 'file')}.\n`;
    (options.format === 'text' ? process.stdout : process.stderr).write(summary);
  }

  if (files.length > 0 && result.files.length === 0) {
    printError(`nothing could be scanned (${plural(files.length, 'file')} skipped)`);
    return EXIT_ERROR;
  }
  if (tally.writeFailed || missingPath) return EXIT_ERROR;
  return options.failOnFindings && findingCount(result) > 0 ? EXIT_FINDINGS : EXIT_OK;
}

function format(result: ScanResult, fmt: ScanFormat): string {
  if (fmt === 'json') return formatJson(result);
  if (fmt === 'sarif') return formatSarif(result);
  return formatText(result);
}

/**
 * Reads and analyses files without changing them: unchanged files come from the cache, the rest
 * are analysed on worker threads when there are enough of them. Warnings are printed in file order.
 */
async function scanFiles(
  files: SourceFile[],
  enginePath: (absolute: string, display: string) => string,
  options: ScanOptions,
): Promise<FileFindings[]> {
  const grammarDir = findGrammarDir();
  const useCache = (options.cache ?? true) && cliEntry !== undefined;
  const cache = useCache
    ? new ScanCache(
        engineFingerprint(cliEntry ?? '', grammarDir),
        JSON.stringify({ rules: options.rules ?? null, includeTests: options.includeTests }),
      )
    : undefined;
  const found: (Finding[] | null)[] = new Array<Finding[] | null>(files.length).fill(null);
  const warnings: string[][] = files.map(() => []);
  const keys: string[] = [];
  const jobs: ScanJob[] = [];
  files.forEach((file, index) => {
    const fileEnginePath = enginePath(file.absolute, file.display);
    // An unchanged file (same size, mtime and inode) is not even read on a warm run.
    const statKey = cache ? ScanCache.statKey(file.absolute, fileEnginePath) : null;
    const known = statKey ? cache?.keyForStat(statKey) : undefined;
    const knownHit = known !== undefined ? cache?.get(known) : undefined;
    if (known !== undefined && knownHit) {
      keys[index] = known;
      found[index] = knownHit;
      return;
    }
    const read = readSource(file.absolute);
    if (!read.ok) {
      warnings[index]?.push(`${file.display}: ${read.reason}`);
      return;
    }
    const job = { index, display: file.display, enginePath: fileEnginePath, text: read.source.text };
    const key = cache ? ScanCache.key(job.text, job.enginePath) : '';
    keys[index] = key;
    if (statKey) cache?.rememberStat(statKey, key);
    const hit = cache?.get(key);
    if (hit) found[index] = hit;
    else jobs.push(job);
  });

  const record = (outcome: ScanOutcome) => {
    found[outcome.index] = outcome.findings;
    warnings[outcome.index]?.push(...outcome.warnings);
    // A file where a rule failed is analysed again next time, so its warning is not lost.
    if (outcome.findings && outcome.warnings.length === 0)
      cache?.set(keys[outcome.index] ?? '', outcome.findings);
  };
  const threads = Math.min(options.jobs ?? defaultJobs(), Math.floor(jobs.length / FILES_PER_WORKER));
  if (threads > 1 && cliEntry) {
    const data = {
      rscScanWorker: true as const,
      grammarDir,
      rules: options.rules,
      includeTests: options.includeTests,
    };
    await analyzeInWorkers(cliEntry, threads, data, jobs, record);
  } else if (jobs.length > 0) {
    const parser = await createRustParser(grammarDir);
    for (const job of jobs) record(analyzeJob(parser, job, options.rules, options.includeTests));
  }
  cache?.save();

  const scanned: FileFindings[] = [];
  files.forEach((file, index) => {
    for (const warning of warnings[index] ?? []) printWarning(warning);
    const findings = found[index];
    if (findings) scanned.push({ ...location(file), findings });
  });
  return scanned;
}

/** Reads, analyses and (with `--fix`) rewrites one file; null when it could not be scanned. */
function scanFile(
  parser: Parser,
  file: SourceFile,
  enginePath: string,
  options: ScanOptions,
  tally: FixTally,
): FileFindings | null {
  const read = readSource(file.absolute);
  if (!read.ok) {
    printWarning(`${file.display}: ${read.reason}`);
    return null;
  }
  const { source } = read;
  const analyzeOptions: AnalyzeOptions = {
    settings: { rules: {}, includeTests: options.includeTests },
    ...(options.rules ? { only: options.rules } : {}),
    onRuleError: (rule, error) =>
      printWarning(`${file.display}: rule ${rule} failed: ${describeError(error)}`),
    onSkipped: (reason) => printWarning(`${file.display}: ${reason}`),
  };
  try {
    if (!options.fix) {
      return { ...location(file), findings: analyzeText(parser, source.text, enginePath, analyzeOptions) };
    }
    const outcome = fixText(parser, source.text, enginePath, analyzeOptions);
    if (outcome.fixesApplied === 0) return { ...location(file), findings: outcome.findings };
    try {
      writeFileAtomically(file.real, withBom(outcome.text, source.hadBom), source.bytes, source.mode);
    } catch (error) {
      const why =
        error instanceof ChangedOnDiskError ? error.message : `cannot write: ${describeError(error)}`;
      printWarning(`${file.display}: ${why}`);
      tally.writeFailed = true;
      // Report what is really on disk, not the fixed text that was never written.
      return { ...location(file), findings: analyzeText(parser, source.text, enginePath, analyzeOptions) };
    }
    tally.fixes += outcome.fixesApplied;
    tally.files += 1;
    return { ...location(file), findings: outcome.findings };
  } catch (error) {
    printWarning(`${file.display}: cannot analyse: ${describeError(error)}`);
    return null;
  }
}

function location(file: SourceFile): { display: string; absolute: string } {
  return { display: file.display, absolute: path.resolve(file.absolute) };
}
