// Messages between the workspace scan (main thread) and its worker thread, typed once.
import type { ClippyConfig } from '../engine/clippyConfig';
import type { FileItems } from '../engine/semantics/fileItems';
import type { Finding, Settings } from '../shared/types';

/** The argument that makes `serverMain.js` run as the scan's worker, not as a server. */
export const SCAN_WORKER_ARG = '--rsc-workspace-scan-worker';

export interface ScanWorkerData {
  grammarDir: string;
  /** Whether fixes are typed with the crate's index (the client may turn it off). */
  indexed: boolean;
}

export type ScanRequest =
  | {
      kind: 'analyse';
      id: number;
      uri: string;
      /** As the engine names it (crate-relative). */
      path: string;
      text: string;
      settings: Settings;
      clippy?: ClippyConfig;
    }
  /**
   * The items of every file of the crate at `root`, for an open document's typed fixes: the
   * worker builds the index, so the thread that answers the editor never parses the crate.
   */
  | { kind: 'index'; id: number; root: string }
  /** The file changed on disk: the worker's crate index reads it again. */
  | { kind: 'refresh'; uri: string }
  /** A Cargo.toml or clippy.toml came, went or changed: crate roots and settings are read again. */
  | { kind: 'config' }
  /** The scan left this crate: the worker drops its index. */
  | { kind: 'release'; root: string };

export type ScanResponse =
  | { kind: 'findings'; id: number; findings: Finding[]; warnings: string[] }
  /** Null: the root is no crate the worker could index. */
  | { kind: 'items'; id: number; files: FileItems[] | null }
  | { kind: 'failed'; id: number; message: string };
