import {
  DidChangeConfigurationNotification,
  LSPErrorCodes,
  MarkupKind,
  ResponseError,
  TextDocumentSyncKind,
  type ClientCapabilities,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver';
import { createRustParser, ruleInfos } from '../engine';
import {
  CONFIGURATION_SECTION,
  RULES_REQUEST,
  type InitializationOptions,
  type RulesResult,
} from '../shared/protocol';
import { CODE_ACTION_KINDS, provideCodeActions } from './codeActions';
import { RustDocuments } from './documents';
import { describeError } from './errors';
import { provideHover } from './hover';
import { SettingsStore } from './settings';
import { CHANGE_DEBOUNCE_MS, Validator } from './validation';

/**
 * Runs the Rust Safety Coach language server on a connection the caller created
 * (the extension's bundled server, or the CLI's `lsp --stdio`). `grammarDir` holds
 * `web-tree-sitter.wasm` and `tree-sitter-rust.wasm`.
 */
export function startServer(connection: Connection, grammarDir: string): void {
  guardProcess(connection);
  // Compiling the grammar's wasm is most of the start-up time: begin before the client's handshake.
  const loading = createRustParser(grammarDir);
  loading.catch(() => undefined);
  connection.onInitialize(async (params): Promise<InitializeResult> => {
    const parser = await loading.catch((error: unknown) => {
      throw new ResponseError(
        0,
        `Could not load the Rust grammar from ${grammarDir}: ${describeError(error)}`,
      );
    });
    const documents = new RustDocuments(parser, (message) => connection.console.warn(message));
    // Handlers go in before the initialize response, so none of the client's messages can miss them.
    listen(connection, documents, params.capabilities, initializationOptions(params.initializationOptions));
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: CODE_ACTION_KINDS },
      },
      serverInfo: { name: 'rust-safety-coach' },
    };
  });
  connection.listen();
}

function listen(
  connection: Connection,
  documents: RustDocuments,
  capabilities: ClientCapabilities,
  options: InitializationOptions,
): void {
  const settings = new SettingsStore(connection, capabilities.workspace?.configuration === true);
  const validator = new Validator(connection, documents, settings);
  const log = (what: string, error: unknown) => connection.console.error(`${what}: ${describeError(error)}`);
  const hoverFormats = capabilities.textDocument?.hover?.contentFormat;
  const markdown = !hoverFormats || hoverFormats.includes(MarkupKind.Markdown);
  const documentChanges = capabilities.workspace?.workspaceEdit?.documentChanges === true;

  connection.onInitialized(() => {
    // Without this registration VS Code only sends didChangeConfiguration for `synchronize` sections.
    if (capabilities.workspace?.didChangeConfiguration?.dynamicRegistration) {
      connection.client
        .register(DidChangeConfigurationNotification.type, { section: CONFIGURATION_SECTION })
        .catch((error: unknown) => log('Registering for configuration changes failed', error));
    }
  });

  connection.onDidOpenTextDocument(({ textDocument: { uri, languageId, version, text } }) => {
    if (languageId !== 'rust' && !uri.endsWith('.rs')) return;
    try {
      // Asked first, the client answers while the document parses (the answer is cached).
      void settings.get(uri);
      documents.open(uri, languageId, version, text);
      void validator.validate(uri);
    } catch (error) {
      log(`Opening ${uri} failed`, error);
    }
  });

  connection.onDidChangeTextDocument(({ textDocument: { uri, version }, contentChanges }) => {
    try {
      if (documents.change(uri, version, contentChanges)) validator.schedule(uri, CHANGE_DEBOUNCE_MS);
    } catch (error) {
      log(`Applying changes to ${uri} failed`, error);
    }
  });

  connection.onDidCloseTextDocument(({ textDocument: { uri } }) => {
    const doc = documents.close(uri);
    settings.forget(uri);
    if (doc) validator.closed(uri, doc.model.version);
  });

  connection.onDidChangeConfiguration(({ settings: pushed }) => {
    settings.changed(pushed);
    for (const doc of documents.all()) validator.schedule(doc.uri, 0);
  });

  // Malformed params are caught too (and logged), not left to the RPC library's generic reply.
  // Both handlers may wait for settings from the client; an answer the client cancelled meanwhile
  // is replaced by RequestCancelled, as LSP asks.
  connection.onHover(async ({ textDocument, position }, token) => {
    try {
      const doc = documents.get(textDocument.uri);
      if (!doc) return null;
      const hover = await provideHover(doc, position, {
        markdown,
        commandLinks: options.commandLinks === true,
        findings: () => validator.current(doc),
      });
      return token.isCancellationRequested ? cancelled() : hover;
    } catch (error) {
      log(`Hover in ${textDocument?.uri} failed`, error);
      return null;
    }
  });

  connection.onCodeAction(async ({ textDocument, context }, token) => {
    try {
      const doc = documents.get(textDocument.uri);
      if (!doc) return [];
      const actions = await provideCodeActions(doc, context, {
        documentChanges,
        findings: () => validator.current(doc),
      });
      return token.isCancellationRequested ? cancelled() : actions;
    } catch (error) {
      log(`Code actions in ${textDocument?.uri} failed`, error);
      return [];
    }
  });

  connection.onRequest(RULES_REQUEST, (): RulesResult => ruleInfos());

  connection.onShutdown(() => {
    validator.dispose();
    documents.disposeAll();
  });
}

function cancelled(): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestCancelled, 'Request cancelled');
}

function initializationOptions(raw: unknown): InitializationOptions {
  const commandLinks =
    typeof raw === 'object' && raw !== null && 'commandLinks' in raw && raw.commandLinks === true;
  return { commandLinks };
}

/** The server outlives bad input: anything that escapes a handler is logged, never fatal. */
let guarded = false;
function guardProcess(connection: Connection): void {
  if (guarded) return;
  guarded = true;
  process.on('uncaughtException', (error) => connection.console.error(`Uncaught: ${describeError(error)}`));
  process.on('unhandledRejection', (reason) =>
    connection.console.error(`Unhandled: ${describeError(reason)}`),
  );
}
