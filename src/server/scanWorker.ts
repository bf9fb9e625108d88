// The main thread's side of the workspace scan's worker thread (see scanWorkerMain.ts).
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { ClippyConfig } from '../engine/clippyConfig';
import type { FileItems } from '../engine/semantics/fileItems';
import type { Finding, Settings } from '../shared/types';
import {
  SCAN_WORKER_ARG,
  type ScanRequest,
  type ScanResponse,
  type ScanWorkerData,
} from './scanWorkerProtocol';

type Pending = { resolve: (response: ScanResponse) => void; reject: (error: Error) => void };

/**
 * A worker thread that analyses files from disk. It runs the server's own bundle, so it exists
 * only where the server runs from `serverMain.js` (not from its sources in tests that load them):
 * `start` returns undefined elsewhere, and the scan analyses on its own thread.
 */
export class ScanWorker {
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();
  private failure: Error | undefined;

  private constructor(
    private readonly worker: Worker,
    private readonly warn: (message: string) => void,
  ) {
    worker.on('message', (response: ScanResponse) => this.settle(response));
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', (code) => this.fail(new Error(`the scan's worker thread exited (code ${code})`)));
    // An idle worker does not keep the server's process alive.
    worker.unref();
  }

  static start(
    grammarDir: string,
    indexed: boolean,
    warn: (message: string) => void,
  ): ScanWorker | undefined {
    // esbuild's CJS bundle shares one __filename: the bundle's own file.
    const entry = __filename;
    if (path.basename(entry) !== 'serverMain.js') return undefined;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only for a scan
      const { Worker: WorkerThread } = require('node:worker_threads') as typeof import('node:worker_threads');
      const data: ScanWorkerData = { grammarDir, indexed };
      return new ScanWorker(new WorkerThread(entry, { argv: [SCAN_WORKER_ARG], workerData: data }), warn);
    } catch (error) {
      warn(`The workspace scan runs on the server's own thread: ${String(error)}`);
      return undefined;
    }
  }

  /** Whether it has nothing to answer. */
  get idle(): boolean {
    return this.pending.size === 0;
  }

  /** Whether it still works: after a failure the scan goes on without it. */
  get alive(): boolean {
    return this.failure === undefined;
  }

  analyse(request: {
    uri: string;
    path: string;
    text: string;
    settings: Settings;
    clippy?: ClippyConfig;
  }): Promise<Finding[]> {
    return this.ask((id) => ({ kind: 'analyse', id, ...request })).then((response) => {
      if (response.kind !== 'findings')
        throw new Error(`the worker answered an analysis with ${response.kind}`);
      for (const warning of response.warnings) this.warn(warning);
      return response.findings;
    });
  }

  /** The items of every file of the crate at `root`, indexed on the worker; undefined: no crate. */
  index(root: string): Promise<FileItems[] | undefined> {
    return this.ask((id) => ({ kind: 'index', id, root })).then((response) => {
      if (response.kind !== 'items') throw new Error(`the worker answered an index with ${response.kind}`);
      return response.files ?? undefined;
    });
  }

  private ask(request: (id: number) => ScanRequest): Promise<ScanResponse> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise<ScanResponse>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.ref();
      this.post(request(id));
    });
  }

  refresh(uri: string): void {
    this.post({ kind: 'refresh', uri });
  }

  configChanged(): void {
    this.post({ kind: 'config' });
  }

  release(root: string): void {
    this.post({ kind: 'release', root });
  }

  dispose(): void {
    this.fail(new Error('the workspace scan stopped'));
    void this.worker.terminate();
  }

  private post(request: ScanRequest): void {
    if (this.failure) return;
    this.worker.postMessage(request);
  }

  private settle(response: ScanResponse): void {
    const waiting = this.pending.get(response.id);
    this.pending.delete(response.id);
    if (this.pending.size === 0) this.worker.unref();
    if (!waiting) return;
    if (response.kind === 'failed') return waiting.reject(new Error(response.message));
    waiting.resolve(response);
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiting of this.pending.values()) waiting.reject(this.failure);
    this.pending.clear();
  }
}
