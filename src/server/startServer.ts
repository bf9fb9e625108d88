import {
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  ErrorCodes,
  LSPErrorCodes,
  MarkupKind,
  MessageType,
  ResponseError,
  ShowMessageNotification,
  TextDocumentSyncKind,
  type Connection,
  type FileEvent,
  type InitializeParams,
  type InitializeResult,
  type WorkspaceFolder,
} from 'vscode-languageserver';
import {
  createRustParser,
  loadHighlighter,
  ruleInfos,
  type GrammarSource,
  type Highlighter,
} from '../engine';
import {
  CONFIGURATION_SECTION,
  RULES_REQUEST,
  type InitializationOptions,
  type RulesResult,
} from '../shared/protocol';
import { CODE_ACTION_KINDS, provideCodeActions } from './codeActions';
import { RustDocuments } from './documents';
import type { FileItems } from '../engine/semantics/fileItems';
import { EditsFirst } from './editsFirst';
import { describeError, errorMessage } from './errors';
import { CONFIG_FILES, fileOperationOptions, onFileOperations } from './fileOperations';
import { provideHover } from './hover';
import { ManifestDiagnostics } from './manifestDiagnostics';
import { registerHighlightRequest } from './highlightRequest';
import { registerPanicRequests } from './panicRequests';
import { SettingsStore } from './settings';
import { CHANGE_DEBOUNCE_MS, Validator } from './validation';
import { WorkspaceCrates } from './workspaceCrates';
import { WorkspaceScan } from './workspaceScan';

/** What the handlers work on, once the grammar has loaded. */
interface Session {
  documents: RustDocuments;
  validator: Validator;
  crates: WorkspaceCrates;
  scan: WorkspaceScan;
}

/** What the host runtime offers the server beyond the LSP connection. */
export interface ServerHost {
  /** A minor GC, run between edits (Node only: see youngGarbage.ts). */
  collectYoungGarbage?: () => void;
}

/**
 * Runs the Rust Safety Coach language server on a connection the caller created
 * (the extension's bundled server, the CLI's `lsp --stdio`, or the web's worker). `grammar` is the
 * folder holding `web-tree-sitter.wasm` and `tree-sitter-rust.wasm`, or (on the web) their bytes.
 */
export function startServer(connection: Connection, grammar: GrammarSource, host: ServerHost = {}): void {
  guardProcess(connection);
  // The grammar's wasm is still compiling when the client's handshake arrives. The server answers
  // at once and the grammar finishes loading during the client's round trip; documents that
  // arrive before it is ready wait for it (see `listen`).
  const documents = createRustParser(grammar).then(
    (parser) => new RustDocuments(parser, (message) => connection.console.warn(message)),
    (error: unknown) => {
      const from = typeof grammar === 'string' ? ` from ${grammar}` : '';
      throw new Error(`Could not load the Rust grammar${from}: ${errorMessage(error)}`, {
        cause: error,
      });
    },
  );
  documents.catch(() => undefined);
  connection.onInitialize((params): InitializeResult => {
    // Handlers go in before the initialize response, so none of the client's messages can miss them.
    listen(
      connection,
      documents,
      params,
      initializationOptions(params.initializationOptions),
      grammar,
      () => loadHighlighter(grammar),
      host,
    );
    return {
      capabilities: {
        textDocumentSync: {
          openClose: true,
          change: TextDocumentSyncKind.Incremental,
          save: { includeText: false },
        },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: CODE_ACTION_KINDS },
        workspace: {
          // The workspace scan follows folders added and removed.
          workspaceFolders: { supported: true, changeNotifications: true },
          fileOperations: fileOperationOptions(params.capabilities.workspace?.didChangeWatchedFiles),
        },
      },
      serverInfo: { name: 'rust-safety-coach' },
    };
  });
  connection.listen();
}

function listen(
  connection: Connection,
  documents: Promise<RustDocuments>,
  params: InitializeParams,
  options: InitializationOptions,
  grammar: GrammarSource,
  highlighter: () => Promise<Highlighter>,
  host: ServerHost,
): void {
  const { capabilities } = params;
  // Settings that arrive after the wait for them timed out: the document is analysed again with them.
  const settings = new SettingsStore(connection, capabilities.workspace?.configuration === true, (uri) =>
    inOrder(`Applying late settings to ${uri} failed`, ({ documents, validator }) => {
      if (documents.get(uri)) validator.schedule(uri, 0, 'background');
    }),
  );
  const log = (what: string, error: unknown) => connection.console.error(`${what}: ${describeError(error)}`);
  const hoverFormats = capabilities.textDocument?.hover?.contentFormat;
  const markdown = !hoverFormats || hoverFormats.includes(MarkupKind.Markdown);
  const documentChanges = capabilities.workspace?.workspaceEdit?.documentChanges === true;
  const snippetEdits = capabilities.workspace?.workspaceEdit?.snippetEditSupport === true;

  const manifestDiagnostics = new ManifestDiagnostics(connection);
  const ready: Promise<Session> = documents.then((docs) => {
    // Edits go first: the indexes' builds and the re-analyses nobody typed wait for them.
    const editsFirst = new EditsFirst();
    const crates = new WorkspaceCrates(
      docs.parser,
      (root) => {
        // The index is ready: the crate's open documents may now get fixes that need it. One whose
        // analysis never looked beyond its own items would come out the same (generated files).
        for (const doc of docs.all()) if (crates.rootOf(doc.uri) === root) validator.crateIndexed(doc.uri);
      },
      (message) => connection.console.warn(message),
      (problems) => manifestDiagnostics.report(problems),
      {
        // The crate is parsed on the workspace scan's worker thread where there is one.
        offThread: (root): Promise<FileItems[] | undefined> => scan.indexCrate(root),
        giveWay: editsFirst.between(() => false),
      },
    );
    const indexed = options.crateIndex === false ? undefined : crates;
    const validator = new Validator(
      connection,
      docs,
      settings,
      indexed,
      editsFirst,
      host.collectYoungGarbage,
    );
    const scan = new WorkspaceScan({
      connection,
      documents: docs,
      validator,
      settings,
      ...(indexed ? { crates: indexed } : {}),
      canPull: capabilities.workspace?.configuration === true,
      ...(typeof grammar === 'string' ? { grammarDir: grammar } : {}),
      manifests: manifestDiagnostics,
      onCrateAdded: () => inOrder("Reading the crates' settings failed", reconfigure),
    });
    return { documents: docs, validator, crates, scan };
  });
  // Told once, where the user sees it (a notification: there is nothing to choose); the server
  // stays up and answers requests with nothing.
  ready.catch((error: unknown) => {
    // The log gets the stack of what failed underneath.
    log(errorMessage(error), error instanceof Error ? (error.cause ?? error) : error);
    const message = `Rust Safety Coach: ${errorMessage(error)}`;
    connection
      .sendNotification(ShowMessageNotification.type, { type: MessageType.Error, message })
      .catch((failure: unknown) => log('Showing the error failed', failure));
  });
  const session = (): Promise<Session | undefined> => ready.catch(() => undefined);
  let shutDown = false;
  /** LSP: requests after `shutdown` fail with InvalidRequest. */
  const refuseAfterShutdown = (): void => {
    if (shutDown) throw new ResponseError(ErrorCodes.InvalidRequest, 'The server is shutting down');
  };
  /**
   * Document notifications run in arrival order: all wait on the same promise, whose callbacks run
   * first in, first out (before the grammar has loaded, they queue).
   */
  const inOrder = (failure: string, work: (session: Session) => void): void => {
    // After `shutdown` the client may still send notifications; nothing more is analysed (LSP).
    if (shutDown) return;
    ready.then(work, () => undefined).catch((error: unknown) => log(failure, error));
  };

  connection.onInitialized(() => {
    // Without this registration VS Code only sends didChangeConfiguration for `synchronize` sections.
    // `files.exclude` too: the workspace scan honours it.
    if (capabilities.workspace?.didChangeConfiguration?.dynamicRegistration) {
      connection.client
        .register(DidChangeConfigurationNotification.type, {
          section: [CONFIGURATION_SECTION, 'files.exclude'],
        })
        .catch((error: unknown) => log('Registering for configuration changes failed', error));
    }
    // Rust files changed outside the editor (a `git checkout`, a formatter) are read again by the
    // scan; Cargo.toml's lint tables and clippy.toml decide what is reported.
    if (capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
      connection.client
        .register(DidChangeWatchedFilesNotification.type, {
          watchers: ['*.rs', ...CONFIG_FILES].map((name) => ({ globPattern: `**/${name}` })),
        })
        .catch((error: unknown) => log('Registering the file watcher failed', error));
    }
    if (capabilities.workspace?.workspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders(() => {
        connection.workspace
          .getWorkspaceFolders()
          .then((folders) =>
            inOrder('Rescanning the workspace failed', ({ scan }) => scan.setFolders(folderUris(folders))),
          )
          .catch((error: unknown) => log('Reading the workspace folders failed', error));
      });
    }
    const folders = folderUris(params.workspaceFolders ?? null, params.rootUri);
    inOrder('Scanning the workspace failed', ({ scan }) => scan.setFolders(folders));
  });

  /** A Cargo.toml or clippy.toml came, went or changed: what was reported is reported again. */
  const reconfigure = ({ documents, validator, crates, scan }: Session): void => {
    crates.configChanged();
    manifestDiagnostics.clear();
    for (const doc of documents.all()) {
      if (doc.analysis) doc.analysis.stale = true;
      validator.schedule(doc.uri, 0, 'background');
    }
    // Files that are not open are reported under the crate's settings too.
    scan.restart();
  };

  /** Files and folders changed on disk, as the watcher or the editor's file operations tell. */
  const onDisk = (changes: readonly FileEvent[]): void => {
    const isConfig = (uri: string) => CONFIG_FILES.some((name) => uri.endsWith(`/${name}`));
    const configChanged = changes.some(({ uri }) => isConfig(uri));
    const others = changes.filter(({ uri }) => !isConfig(uri));
    inOrder('Reading changed files failed', (session) => {
      if (configChanged) reconfigure(session);
      if (others.length > 0) session.scan.changed(others);
    });
  };
  connection.onDidChangeWatchedFiles(({ changes }) => onDisk(changes));
  onFileOperations(connection, onDisk);

  connection.onDidOpenTextDocument(({ textDocument: { uri, languageId, version, text } }) => {
    if (languageId !== 'rust' && !uri.endsWith('.rs')) return;
    // Asked first, the client answers while the document parses (the answer is cached).
    void settings.get(uri);
    inOrder(`Opening ${uri} failed`, ({ documents, validator }) => {
      documents.open(uri, languageId, version, text);
      void validator.validate(uri, 'edit');
    });
  });

  connection.onDidChangeTextDocument(({ textDocument: { uri, version }, contentChanges }) => {
    inOrder(`Applying changes to ${uri} failed`, ({ documents, validator }) => {
      if (documents.change(uri, version, contentChanges)) validator.schedule(uri, CHANGE_DEBOUNCE_MS, 'edit');
    });
  });

  connection.onDidSaveTextDocument(({ textDocument: { uri } }) => {
    // What other files see of this one is its saved text.
    inOrder(`Indexing ${uri} failed`, ({ crates }) => crates.refresh(uri));
  });

  connection.onDidCloseTextDocument(({ textDocument: { uri } }) => {
    settings.forget(uri);
    inOrder(`Closing ${uri} failed`, ({ documents, validator, scan }) => {
      const doc = documents.close(uri);
      if (!doc) return;
      // The file's findings on disk replace the open document's, or they are cleared.
      if (scan.closed(uri)) validator.cancel(uri);
      else validator.closed(uri, doc.model.version);
    });
  });

  connection.onDidChangeConfiguration(({ settings: pushed }) => {
    settings.changed(pushed);
    inOrder('Applying new settings failed', ({ documents, validator, scan }) => {
      for (const doc of documents.all()) validator.schedule(doc.uri, 0, 'background');
      scan.restart();
    });
  });

  // Malformed params are caught too (and logged), not left to the RPC library's generic reply.
  // Both handlers may wait for settings from the client; an answer the client cancelled meanwhile
  // is replaced by RequestCancelled, as LSP asks.
  connection.onHover(async ({ textDocument, position }, token) => {
    refuseAfterShutdown();
    try {
      const active = await session();
      const doc = active?.documents.get(textDocument.uri);
      if (!active || !doc || !(await active.validator.enabled(doc.uri))) return null;
      const hover = await provideHover(doc, position, {
        markdown,
        commandLinks: options.commandLinks === true,
        findings: () => active.validator.current(doc),
      });
      return token.isCancellationRequested ? cancelled() : hover;
    } catch (error) {
      log(`Hover in ${textDocument?.uri} failed`, error);
      return null;
    }
  });

  connection.onCodeAction(async ({ textDocument, context }, token) => {
    refuseAfterShutdown();
    try {
      const active = await session();
      const doc = active?.documents.get(textDocument.uri);
      if (!active || !doc || !(await active.validator.enabled(doc.uri))) return [];
      const actions = await provideCodeActions(doc, context, {
        documentChanges,
        snippetEdits,
        findings: () => active.validator.current(doc),
      });
      return token.isCancellationRequested ? cancelled() : actions;
    } catch (error) {
      log(`Code actions in ${textDocument?.uri} failed`, error);
      return [];
    }
  });

  connection.onRequest(RULES_REQUEST, (): RulesResult => {
    refuseAfterShutdown();
    return ruleInfos();
  });

  registerPanicRequests(
    connection,
    async (uri) => (await session())?.documents.get(uri)?.model.getText(),
    refuseAfterShutdown,
  );
  registerHighlightRequest(connection, highlighter, refuseAfterShutdown);

  connection.onShutdown(async () => {
    refuseAfterShutdown();
    shutDown = true;
    const active = await session();
    active?.crates.dispose();
    active?.scan.dispose();
    active?.validator.dispose();
    active?.documents.disposeAll();
  });
}

/** The workspace folders' URIs; the root URI for a client from before workspace folders. */
function folderUris(folders: readonly WorkspaceFolder[] | null, rootUri?: string | null): string[] {
  if (folders) return folders.map((f) => f.uri);
  return rootUri ? [rootUri] : [];
}

function cancelled(): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestCancelled, 'Request cancelled');
}

function initializationOptions(raw: unknown): InitializationOptions {
  const commandLinks =
    typeof raw === 'object' && raw !== null && 'commandLinks' in raw && raw.commandLinks === true;
  const crateIndex = !(
    typeof raw === 'object' &&
    raw !== null &&
    'crateIndex' in raw &&
    raw.crateIndex === false
  );
  return { commandLinks, crateIndex };
}

/** The server outlives bad input: anything that escapes a handler is logged, never fatal. */
let guarded = false;
function guardProcess(connection: Connection): void {
  if (guarded) return;
  guarded = true;
  // A Web Worker has no `process`: browserMain.ts listens for the worker's error events instead.
  if (typeof process === 'undefined') return;
  process.on('uncaughtException', (error) => connection.console.error(`Uncaught: ${describeError(error)}`));
  process.on('unhandledRejection', (reason) =>
    connection.console.error(`Unhandled: ${describeError(reason)}`),
  );
}
