import * as vscode from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type Middleware,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { CONFIGURATION_SECTION, type InitializationOptions } from '../shared/protocol';
import { trustHoverLinks } from './trustHoverLinks';

/** The client id is the settings section, so the library reads `rustSafetyCoach.trace.server`. */
const CLIENT_ID = CONFIGURATION_SECTION;
const CLIENT_NAME = 'Rust Safety Coach';

/**
 * `file` and `untitled` are the ordinary editors. `vscode-vfs` (Remote Repositories) is included
 * because the manifest declares virtual-workspace support and the server analyses the text it is
 * sent, never the disk. Other schemes (`git`, diff and PR views) are left out so that old revisions
 * do not produce a second set of findings.
 */
const DOCUMENT_SELECTOR = ['file', 'untitled', 'vscode-vfs'].map((scheme) => ({ scheme, language: 'rust' }));

export function createLanguageClient(
  context: vscode.ExtensionContext,
  outputChannel: vscode.LogOutputChannel,
  middleware: Middleware,
): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    // No `synchronize`: the server pulls its settings with `workspace/configuration`.
    initializationOptions: { commandLinks: true } satisfies InitializationOptions,
    outputChannel,
    middleware: { ...middleware, provideHover: trustHoverLinks },
  };
  return new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
}
