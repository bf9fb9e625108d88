import { Worker, parentPort } from 'node:worker_threads';
import type { Parser } from 'web-tree-sitter';
import { createRustParser, type AnalyzeOptions } from '../engine';
import type { Finding } from '../shared/types';
import { describeError } from './errors';
import { analyzeText } from './fixSource';

/** What a scan worker needs to analyse files the same way as the main thread. */
export interface ScanWorkerData {
  rscScanWorker: true;
  grammarDir: string;
  rules: string[] | undefined;
  includeTests: boolean;
}

export interface ScanJob {
  index: number;
  display: string;
  enginePath: string;
  text: string;
}

export interface ScanOutcome {
  index: number;
  /** Null when the file could not be analysed (the warning says why). */
  findings: Finding[] | null;
  warnings: string[];
}

export function isScanWorkerData(data: unknown): data is ScanWorkerData {
  return typeof data === 'object' && data !== null && (data as ScanWorkerData).rscScanWorker === true;
}

export function analyzeOptions(
  rules: string[] | undefined,
  includeTests: boolean,
  display: string,
  warnings: string[],
): AnalyzeOptions {
  return {
    settings: { rules: {}, includeTests },
    ...(rules ? { only: rules } : {}),
    onRuleError: (rule, error) => warnings.push(`${display}: rule ${rule} failed: ${describeError(error)}`),
    onSkipped: (reason) => warnings.push(`${display}: ${reason}`),
  };
}

/** Analyses one text; never throws. A file with a failed rule gets its warnings and what the other rules found. */
export function analyzeJob(
  parser: Parser,
  job: ScanJob,
  rules: string[] | undefined,
  includeTests: boolean,
): ScanOutcome {
  const warnings: string[] = [];
  try {
    const options = analyzeOptions(rules, includeTests, job.display, warnings);
    return { index: job.index, findings: analyzeText(parser, job.text, job.enginePath, options), warnings };
  } catch (error) {
    warnings.push(`${job.display}: cannot analyse: ${describeError(error)}`);
    return { index: job.index, findings: null, warnings };
  }
}

/** The worker side: loads the grammar, then analyses each job it is sent until the port closes. */
export async function runScanWorker(data: ScanWorkerData): Promise<void> {
  const port = parentPort;
  if (!port) return;
  const parser = await createRustParser(data.grammarDir);
  port.on('message', (job: ScanJob) => {
    port.postMessage(analyzeJob(parser, job, data.rules, data.includeTests));
  });
  port.postMessage('ready');
}

/**
 * Analyses `jobs` on `count` worker threads running `entry` (the CLI's own entry file), handing
 * each worker the next job as it finishes one, largest files first so no thread is left with a
 * big file at the end. Results come back in any order; callers sort by index.
 */
export function analyzeInWorkers(
  entry: string,
  count: number,
  data: ScanWorkerData,
  jobs: ScanJob[],
  onOutcome: (outcome: ScanOutcome) => void,
): Promise<void> {
  // Smallest first, so that pop() hands out the largest.
  const queue = [...jobs].sort((a, b) => a.text.length - b.text.length);
  let pending = jobs.length;
  return new Promise((resolve, reject) => {
    if (pending === 0) {
      resolve();
      return;
    }
    const workers: Worker[] = [];
    const finish = (error?: unknown) => {
      for (const w of workers) void w.terminate();
      if (error) reject(error instanceof Error ? error : new Error(String(error)));
      else resolve();
    };
    const feed = (worker: Worker) => {
      const job = queue.pop();
      if (job) worker.postMessage(job);
    };
    for (let i = 0; i < Math.min(count, jobs.length); i++) {
      const worker = new Worker(entry, { workerData: data });
      workers.push(worker);
      worker.on('message', (message: ScanOutcome | 'ready') => {
        if (message !== 'ready') {
          onOutcome(message);
          if (--pending === 0) {
            finish();
            return;
          }
        }
        feed(worker);
      });
      worker.on('error', (error) => finish(error));
      worker.on('exit', (code) => {
        if (pending > 0 && code !== 0) finish(new Error(`a scan worker exited with code ${code}`));
      });
    }
  });
}
