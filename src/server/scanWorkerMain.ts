// The workspace scan's worker thread: parses and analyses files that are not open, with its own
// parser and crate indexes, so that no parse of the scan ever runs on the thread that answers the
// editor (a parse cannot be cut into slices, and a long file's took a keystroke hundreds of ms).
import os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { analyzeText, createRustParser } from '../engine';
import { describeError } from './errors';
import type { ScanRequest, ScanResponse, ScanWorkerData } from './scanWorkerProtocol';
import { WorkspaceCrates } from './workspaceCrates';

export function runScanWorker(): void {
  const port = parentPort;
  if (!port) return;
  lowerThisThreadsPriority();
  const data = workerData as ScanWorkerData;
  const warnings: string[] = [];
  const parser = createRustParser(data.grammarDir);
  const crates = parser.then((p) =>
    data.indexed
      ? new WorkspaceCrates(
          p,
          () => undefined,
          (message) => warnings.push(message),
        )
      : undefined,
  );
  // One request at a time, in order: an analysis waits for the crate index it needs.
  let queue = Promise.resolve();
  port.on('message', (request: ScanRequest) => {
    queue = queue.then(() => handle(request)).catch(() => undefined);
  });

  async function handle(request: ScanRequest): Promise<void> {
    const index = await crates;
    if (request.kind === 'refresh') return index?.refresh(request.uri);
    if (request.kind === 'release') return index?.release(request.root);
    if (request.kind === 'config') return index?.configChanged();
    if (request.kind === 'index') {
      // Always answered: the main thread waits for it before it builds the index itself.
      let response: ScanResponse;
      try {
        const built = await index?.indexOfRoot(request.root);
        response = { kind: 'items', id: request.id, files: built ? built.items() : null };
      } catch (error) {
        response = { kind: 'failed', id: request.id, message: describeError(error) };
      }
      port?.postMessage(response);
      return;
    }
    let response: ScanResponse;
    try {
      const crate = await index?.whenIndexed(request.uri);
      const findings = analyzeText(await parser, request.text, request.path, {
        settings: request.settings,
        ...(crate ? { crate } : {}),
        ...(request.clippy ? { clippy: request.clippy } : {}),
        onRuleError: (rule, error) =>
          warnings.push(`Rule ${rule} failed on ${request.uri}: ${describeError(error)}`),
        onSkipped: (reason) => warnings.push(`${request.uri}: ${reason}`),
      });
      response = { kind: 'findings', id: request.id, findings, warnings: warnings.splice(0) };
    } catch (error) {
      response = { kind: 'failed', id: request.id, message: describeError(error) };
    }
    port?.postMessage(response);
  }
}

/**
 * The lowest CPU priority for this thread alone, where a nice value is per thread (Linux; elsewhere
 * it would be the whole server's): on a busy machine the editor and the server's own thread, which
 * answers keystrokes, go first.
 */
function lowerThisThreadsPriority(): void {
  if (process.platform !== 'linux') return;
  try {
    os.setPriority(19);
  } catch {
    // Not allowed here: it runs at the server's priority.
  }
}
