import type { Connection, WorkDoneProgressServerReporter } from 'vscode-languageserver';

/** Reports sent at most this often: a scan of thousands of files is not thousands of messages. */
const REPORT_EVERY_MS = 250;

/**
 * The workspace scan's LSP progress (`window/workDoneProgress/create`, then `$/progress` begin,
 * reports and end). The library sends nothing to a client without `window.workDoneProgress`.
 */
export class ScanProgress {
  private lastReport = 0;
  private ended = false;

  /** Undefined when the client refused the token: the scan goes on without progress shown. */
  private constructor(private readonly reporter: WorkDoneProgressServerReporter | undefined) {}

  static async begin(connection: Connection, total: number): Promise<ScanProgress> {
    let reporter: WorkDoneProgressServerReporter | undefined;
    try {
      reporter = await connection.window.createWorkDoneProgress();
      reporter.begin('Rust Safety Coach', 0, message(0, total), false);
    } catch (error) {
      connection.console.warn(`Progress for the workspace scan refused: ${String(error)}`);
    }
    return new ScanProgress(reporter);
  }

  report(done: number, total: number): void {
    const now = performance.now();
    if (!this.reporter || this.ended || now - this.lastReport < REPORT_EVERY_MS) return;
    this.lastReport = now;
    this.reporter.report(total === 0 ? 100 : Math.floor((done / total) * 100), message(done, total));
  }

  done(): void {
    if (this.ended) return;
    this.ended = true;
    this.reporter?.done();
  }
}

function message(done: number, total: number): string {
  return `Checking workspace files: ${done}/${total}`;
}
