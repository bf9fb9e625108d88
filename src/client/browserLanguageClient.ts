import type * as vscode from 'vscode';
import {
  BrowserMessageReader,
  BrowserMessageWriter,
  LanguageClient,
  State,
  type LanguageClientOptions,
  type Middleware,
  type MessageTransports,
} from 'vscode-languageclient/browser';
import { CONFIGURATION_SECTION, type InitializationOptions } from '../shared/protocol';
import { startServerWorker } from './browserServerWorker';
import { trustHoverLinks } from './trustHoverLinks';

/**
 * On the web a workspace is rarely `file:`: `vscode-remote` (code-server, Codespaces), `vscode-vfs`
 * (github.dev), `vscode-test-web`, and `file` again for vscode.dev's local folders. Diff and `git`
 * views stay out, as on the desktop.
 */
const WEB_DOCUMENT_SELECTOR = ['file', 'untitled', 'vscode-vfs', 'vscode-remote', 'vscode-test-web'].map(
  (scheme) => ({ scheme, language: 'rust' }),
);

/** The same client as languageClient.ts, its server in a Web Worker. */
export function createBrowserLanguageClient(
  context: vscode.ExtensionContext,
  outputChannel: vscode.LogOutputChannel,
  middleware: Middleware,
): LanguageClient {
  const clientOptions: LanguageClientOptions = {
    documentSelector: WEB_DOCUMENT_SELECTOR,
    // No crate index: a worker cannot walk the crate's files (README, "VS Code for the Web").
    initializationOptions: { commandLinks: true, crateIndex: false } satisfies InitializationOptions,
    outputChannel,
    middleware: { ...middleware, provideHover: trustHoverLinks },
  };
  let worker: Worker | undefined;
  // Transports rather than the worker: in the web extension host `new Worker` returns VS Code's
  // wrapper, which fails the library's `instanceof Worker` test.
  const serverOptions = async (): Promise<MessageTransports> => {
    worker = await startServerWorker(context.extensionUri);
    return { reader: new BrowserMessageReader(worker), writer: new BrowserMessageWriter(worker) };
  };
  const client = new LanguageClient(CONFIGURATION_SECTION, 'Rust Safety Coach', serverOptions, clientOptions);
  // The library terminates only workers it was handed.
  client.onDidChangeState(({ newState }) => {
    if (newState === State.Stopped) worker?.terminate();
  });
  return client;
}
