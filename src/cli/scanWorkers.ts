import type { Worker } from 'node:worker_threads';
import type { Parser } from 'web-tree-sitter';
import type { AnalyzeOptions } from '../engine';
import { partialCrateKey } from './partialCrates';
import { type CrateConfig, crateConfigResolver } from '../shared/clippyConfigFiles';
import { scanSettings } from './crateSettings';
import { describeError } from './errors';
import { fsPath } from './exactPath';
import { findingJson } from './findingJson';
import { takeJob, type FileJob, type JobList } from './jobList';
import { loadAnalysis } from './loadAnalysis';
import { contentBytes, decodeSource, SourceReader } from './readSource';
import { ScanCache } from './scanCache';

/** How every analysing thread, the main one included, reads and analyses files. */
export interface AnalyzeSettings {
  rules: string[] | undefined;
  includeTests: boolean;
  /** The content keys the cache has findings for; undefined without a cache. */
  knownKeys: ReadonlySet<string> | undefined;
}

/** What a scan worker is started with. */
export interface ScanWorkerData {
  rscScanWorker: true;
  grammarDir: string;
  rules: string[] | undefined;
  includeTests: boolean;
  knownKeys: string[] | undefined;
  list: JobList;
}

export interface ScanOutcome {
  index: number;
  /** The content's cache key, when there is a cache and the file could be read. */
  cacheKey?: string;
  /** The cache has findings for this content (`cacheKey`): the file was not analysed. */
  known?: boolean;
  /** As findingJson() gives them; null when the file could not be read or analysed (the warnings say why), or is `known`. */
  findingsJson: string[] | null;
  warnings: string[];
}

/** What a scan worker finds after its script in `process.argv`: the CLI's entry tells from it what it is. */
export const SCAN_WORKER_ARG = '--rsc-scan-worker';

/** worker_threads, loaded only by a scan that analyses: one the cache answers would spend 6 ms on it. */
export function workerThreads(): typeof import('node:worker_threads') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when needed
  return require('node:worker_threads') as typeof import('node:worker_threads');
}

export function isScanWorkerData(data: unknown): data is ScanWorkerData {
  return typeof data === 'object' && data !== null && (data as ScanWorkerData).rscScanWorker === true;
}

function analyzeOptions(
  settings: AnalyzeSettings,
  display: string,
  warnings: string[],
  crate: CrateConfig,
  partialCrate: boolean,
): AnalyzeOptions {
  return {
    ...(partialCrate ? { crateIncomplete: true } : {}),
    settings: scanSettings(crate.rules, settings.rules, settings.includeTests),
    ...(settings.rules ? { only: settings.rules } : {}),
    clippy: crate.clippy,
    onRuleError: (rule, error) => warnings.push(`${display}: rule ${rule} failed: ${describeError(error)}`),
    onSkipped: (reason) => warnings.push(`${display}: ${reason}`),
  };
}

/** Reads and analyses one file after another; never throws. */
export class FileAnalyzer {
  private readonly reader = new SourceReader();
  /** The crate's clippy.toml, `rust-version` and Cargo.toml lint settings. */
  private readonly crateConfig = crateConfigResolver();

  constructor(
    private readonly parser: Parser,
    private readonly settings: AnalyzeSettings,
  ) {}

  /** A file with a failed rule gets its warnings and what the other rules found. */
  analyze(job: FileJob): ScanOutcome {
    const { index, display, enginePath } = job;
    const read = this.reader.read(fsPath(job.absolute, job.absoluteBytes));
    if (!read.ok) return { index, findingsJson: null, warnings: [`${display}: ${read.reason}`] };
    const { knownKeys } = this.settings;
    const crate = this.crateConfig(job.absolute);
    const partial = job.partialCrate === true;
    const configKey = crate.key + partialCrateKey(partial);
    const cacheKey = knownKeys && ScanCache.key(contentBytes(read.bytes, read.hadBom), enginePath, configKey);
    if (cacheKey && knownKeys?.has(cacheKey))
      return { index, cacheKey, known: true, findingsJson: null, warnings: [] };
    const warnings: string[] = [];
    try {
      const text = decodeSource(read.bytes, read.hadBom);
      const findings = loadAnalysis().analyzeText(
        this.parser,
        text,
        enginePath,
        analyzeOptions(this.settings, display, warnings, crate, partial),
      );
      return { index, cacheKey, findingsJson: findings.map(findingJson), warnings };
    } catch (error) {
      warnings.push(`${display}: cannot analyse: ${describeError(error)}`);
      return { index, cacheKey, findingsJson: null, warnings };
    }
  }
}

/** The worker side: loads the grammar, then takes jobs until none is left. */
export function runScanWorker(data: ScanWorkerData): void {
  const port = workerThreads().parentPort;
  if (!port) return;
  const knownKeys = data.knownKeys && new Set(data.knownKeys);
  void loadAnalysis()
    .createRustParser(data.grammarDir)
    .then((parser) => {
      const analyzer = new FileAnalyzer(parser, {
        rules: data.rules,
        includeTests: data.includeTests,
        knownKeys,
      });
      for (let job = takeJob(data.list); job; job = takeJob(data.list))
        port.postMessage(analyzer.analyze(job));
    });
}

/**
 * Analyses `list` on this thread with `here`, and on `workers` threads running `entry` (the CLI's
 * own entry file); resolves once every job has reported its outcome. Outcomes come in any order.
 */
export function analyzeInThreads(
  entry: string,
  workers: number,
  data: Omit<ScanWorkerData, 'rscScanWorker' | 'list'>,
  list: JobList,
  here: Promise<FileAnalyzer>,
  onOutcome: (outcome: ScanOutcome) => void,
): Promise<void> {
  let pending = list.jobs.length;
  if (pending === 0) return Promise.resolve();
  const threads: Worker[] = [];
  return new Promise<void>((resolve, reject) => {
    const finish = (error?: Error) => {
      for (const thread of threads) void thread.terminate();
      if (error) reject(error);
      else resolve();
    };
    const record = (outcome: ScanOutcome) => {
      onOutcome(outcome);
      if (--pending === 0) finish();
    };
    for (let i = 0; i < workers; i++) {
      const thread = new (workerThreads().Worker)(entry, {
        argv: [SCAN_WORKER_ARG],
        workerData: { ...data, rscScanWorker: true, list },
      });
      thread.on('message', record);
      thread.on('error', (error) => finish(error));
      thread.on('exit', (code) => {
        if (pending > 0 && code !== 0) finish(new Error(`a scan worker exited with code ${code}`));
      });
      threads.push(thread);
    }
    // The workers start meanwhile. Their outcomes queue up while this loop runs: it need not yield.
    here.then(
      (analyzer) => {
        for (let job = takeJob(list); job; job = takeJob(list)) record(analyzer.analyze(job));
      },
      (error: unknown) => finish(error instanceof Error ? error : new Error(String(error))),
    );
  });
}
