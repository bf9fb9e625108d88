// A minimal LSP client over stdio for the benchmark: just enough to open, edit and wait for diagnostics.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';

interface Message {
  id?: number;
  method?: string;
  params?: { uri?: string; version?: number; diagnostics?: unknown[] };
  result?: unknown;
}

export class LspProcess {
  readonly child: ChildProcessWithoutNullStreams;
  readonly spawnedAt = performance.now();
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly waiters: {
    test: (m: Message) => boolean;
    resolve: (m: Message) => void;
    timer: NodeJS.Timeout;
  }[] = [];
  private readonly listeners: ((m: Message) => void)[] = [];
  private initializeParams: Record<string, unknown> = { rootUri: null, capabilities: {} };

  constructor(command: string, args: string[], env: NodeJS.ProcessEnv) {
    this.child = spawn(command, args, { env: { ...process.env, ...env } });
    this.child.stderr.resume();
    this.child.stdout.on('data', (chunk: Buffer) => this.receive(chunk));
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** Waits for the first message (from now on) that passes `test`. */
  waitFor(test: (m: Message) => boolean, timeoutMs = 60_000): Promise<Message> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('LSP timeout')), timeoutMs);
      this.waiters.push({
        test,
        timer,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
      });
    });
  }

  async request(method: string, params: unknown): Promise<unknown> {
    const id = this.nextId++;
    const reply = this.waitFor((m) => m.id === id && m.method === undefined);
    this.send({ jsonrpc: '2.0', id, method, params });
    return (await reply).result;
  }

  notify(method: string, params: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  /** Fields of `initialize` to send instead of the defaults (no root, no capabilities). */
  withInitialize(params: Record<string, unknown>): this {
    this.initializeParams = { ...this.initializeParams, ...params };
    return this;
  }

  /** Every message from the server, as it arrives. */
  onMessage(listener: (m: Message) => void): void {
    this.listeners.push(listener);
  }

  /** Resolves with the time `initialized` was sent. */
  async initialize(): Promise<number> {
    await this.request('initialize', { processId: process.pid, ...this.initializeParams });
    this.notify('initialized', {});
    return performance.now();
  }

  diagnosticsFor(uri: string, version?: number): Promise<Message> {
    return this.waitFor(
      (m) =>
        m.method === 'textDocument/publishDiagnostics' &&
        m.params?.uri === uri &&
        (version === undefined || m.params.version === version),
    );
  }

  /** VmHWM (peak resident set) of the server process, in MB; NaN where /proc is missing. */
  peakRssMb(): number {
    try {
      const status = fs.readFileSync(`/proc/${this.pid}/status`, 'utf8');
      const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
      return kb ? Number(kb) / 1024 : NaN;
    } catch {
      return NaN;
    }
  }

  async stop(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    try {
      await Promise.race([this.request('shutdown', null), new Promise((r) => setTimeout(r, 2000))]);
      this.notify('exit', null);
    } catch {
      // Already gone.
    }
    const timer = setTimeout(() => this.child.kill(), 3000);
    await exited;
    clearTimeout(timer);
    // A wait nobody awaits any more (a scan that never began, a shutdown that lost its race) must not
    // reject later as an unhandled 'LSP timeout', nor keep the process alive until its timer fires.
    for (const waiter of this.waiters.splice(0)) clearTimeout(waiter.timer);
  }

  private send(message: unknown): void {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.child.stdin.write(body);
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(
        /Content-Length: (\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString())?.[1],
      );
      if (this.buffer.length < headerEnd + 4 + length) return;
      const body = this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8');
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      const message = JSON.parse(body) as Message;
      // Requests from the server (configuration, registration) get an empty answer.
      if (message.id !== undefined && message.method !== undefined) {
        this.send({ jsonrpc: '2.0', id: message.id, result: null });
      }
      for (const listener of this.listeners) listener(message);
      const index = this.waiters.findIndex((w) => w.test(message));
      if (index >= 0) this.waiters.splice(index, 1)[0]?.resolve(message);
    }
  }
}

export function fileUri(file: string): string {
  return pathToFileURL(file).href;
}
