// A minimal LSP client for protocol tests: JSON-RPC with Content-Length framing over a
// child process's stdio, requests matched to responses by id, answers to the server's own
// requests, and waiters for notifications. Small on purpose, so a test failure points at
// the server rather than at client machinery.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

export interface ResponseErrorBody {
  code: number;
  message: string;
  data?: unknown;
}

interface Message {
  jsonrpc: '2.0';
  id?: number | string | null;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: ResponseErrorBody;
}

export interface ReceivedNotification {
  method: string;
  params: unknown;
}

type RequestHandler = (params: unknown) => unknown;

interface Waiter {
  method: string;
  matches: (params: unknown) => boolean;
  resolve: (params: unknown) => void;
}

const HEADER_END = Buffer.from('\r\n\r\n');

export class LspClient {
  /** Every notification received so far, oldest first. */
  readonly notifications: ReceivedNotification[] = [];
  /** Every request the server sent to the client, oldest first. */
  readonly serverRequests: ReceivedNotification[] = [];
  /** Resolves with the exit code when the server process ends. */
  readonly exited: Promise<number | null>;
  stderr = '';

  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: unknown) => void; reject: (e: Error) => void }>();
  private readonly handlers = new Map<string, RequestHandler>();
  private waiters: Waiter[] = [];

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.on('data', (chunk: Buffer) => this.receive(chunk));
    child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString('utf8')));
    // An answer to a server request can still be on its way when a test ends and kills the
    // server: that write fails (EPIPE) after the test, where it would fail the whole file. It is
    // kept with the server's stderr; a test that still waits for the server sees it exit.
    child.stdin.on('error', (error) => (this.stderr += `\n[writing to the server: ${String(error)}]`));
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
    void this.exited.then(() => {
      for (const { reject } of this.pending.values())
        reject(new Error(`server exited; stderr:\n${this.stderr}`));
      this.pending.clear();
    });
  }

  /** The server's process id (-1 if it did not start). */
  get pid(): number {
    return this.child.pid ?? -1;
  }

  static spawn(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): LspClient {
    return new LspClient(spawn(command, args, { cwd, stdio: 'pipe', env: { ...process.env, ...env } }));
  }

  /** Sends a request and resolves with its result; rejects on an error response or after `timeoutMs`. */
  request<R>(method: string, params: unknown, timeoutMs = 5000): Promise<R> {
    const id = this.nextId++;
    return new Promise<R>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`no response to ${method} within ${timeoutMs} ms; stderr:\n${this.stderr}`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (result) => {
          clearTimeout(timer);
          resolve(result as R);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method: string, params: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  /** Answers the server's requests for `method`; unhandled ones get a MethodNotFound error. */
  onRequest(method: string, handler: RequestHandler): void {
    this.handlers.set(method, handler);
  }

  /**
   * The next notification of `method` whose params match, received after this call.
   * Call it before sending the message that triggers the notification.
   */
  waitFor<P>(method: string, matches: (params: P) => boolean = () => true, timeoutMs = 5000): Promise<P> {
    return new Promise<P>((resolve, reject) => {
      const waiter: Waiter = {
        method,
        matches: (params) => matches(params as P),
        resolve: (params) => {
          clearTimeout(timer);
          resolve(params as P);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        const seen = this.notifications
          .filter((n) => n.method === method)
          .map((n) => JSON.stringify(n.params));
        reject(new Error(`no matching ${method} within ${timeoutMs} ms; received:\n${seen.join('\n')}`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill();
  }

  private send(message: Message): void {
    if (this.child.exitCode !== null || this.child.killed) return;
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.child.stdin.write(
      Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]),
    );
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf(HEADER_END);
      if (headerEnd < 0) return;
      const header = this.buffer.subarray(0, headerEnd).toString('ascii');
      const length = Number(/Content-Length: *(\d+)/i.exec(header)?.[1]);
      if (!Number.isFinite(length)) throw new Error(`bad header from server: ${header}`);
      const start = headerEnd + HEADER_END.length;
      if (this.buffer.length < start + length) return;
      const body = this.buffer.subarray(start, start + length).toString('utf8');
      this.buffer = this.buffer.subarray(start + length);
      this.dispatch(JSON.parse(body) as Message);
    }
  }

  private dispatch(message: Message): void {
    if (message.method !== undefined && message.id !== undefined) {
      this.serverRequests.push({ method: message.method, params: message.params });
      void this.answer(message.id, message.method, message.params);
    } else if (message.method !== undefined) {
      this.notifications.push({ method: message.method, params: message.params });
      const ready = this.waiters.filter((w) => w.method === message.method && w.matches(message.params));
      this.waiters = this.waiters.filter((w) => !ready.includes(w));
      for (const waiter of ready) waiter.resolve(message.params);
    } else if (typeof message.id === 'number') {
      const pending = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.error) pending?.reject(new Error(`${message.error.code}: ${message.error.message}`));
      else pending?.resolve(message.result ?? null);
    }
  }

  private async answer(id: number | string | null, method: string, params: unknown): Promise<void> {
    const handler = this.handlers.get(method);
    if (!handler) {
      this.send({
        jsonrpc: '2.0',
        id,
        error: { code: -32601, message: `test client does not handle ${method}` },
      });
      return;
    }
    try {
      this.send({ jsonrpc: '2.0', id, result: (await handler(params)) ?? null });
    } catch (error) {
      this.send({ jsonrpc: '2.0', id, error: { code: -32603, message: String(error) } });
    }
  }
}
