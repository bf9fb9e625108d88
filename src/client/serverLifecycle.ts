import type * as vscode from 'vscode';
// The base class, which both the Node and the browser clients extend.
import type { BaseLanguageClient as LanguageClient } from 'vscode-languageclient';

/**
 * Owns the language client across restarts. A `LanguageClient` whose start failed can be neither
 * stopped nor started again, so every restart builds a fresh one.
 */
export class ServerLifecycle {
  private client: LanguageClient | undefined;
  private starting: Promise<void> | undefined;
  private readonly createdListeners = new Set<(client: LanguageClient) => void>();

  constructor(
    private readonly createClient: () => LanguageClient,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Runs for every new client before it starts, so handlers registered then see its first message. */
  onDidCreateClient(listener: (client: LanguageClient) => void): { dispose(): void } {
    this.createdListeners.add(listener);
    return { dispose: () => this.createdListeners.delete(listener) };
  }

  /** Never rejects: a server that fails to start is logged, and the commands stay usable. */
  start(): Promise<void> {
    if (!this.client) {
      const client = this.createClient();
      this.client = client;
      for (const listener of this.createdListeners) listener(client);
      this.starting = client.start().catch((error: unknown) => {
        this.log.error(`The language server did not start: ${String(error)}`);
      });
    }
    return this.starting ?? Promise.resolve();
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  async stop(): Promise<void> {
    const { client, starting } = this;
    this.client = undefined;
    this.starting = undefined;
    // A client that is still starting is waited for, so that its server process is shut down too.
    await starting;
    if (client?.isRunning()) await client.dispose();
  }
}
