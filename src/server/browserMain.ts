// Entry point of the `dist/serverWorker.js` bundle: the server in a Web Worker, for VS Code for
// the Web. The client posts the wasm bytes and crate roots first (`WorkerInitMessage`), then speaks
// LSP over the worker's messages. Node-only pieces are swapped for `*.browser.ts` adapters at build
// time (scripts/browserAdapters.mjs).
import {
  BrowserMessageReader,
  BrowserMessageWriter,
  createConnection,
  ProposedFeatures,
} from 'vscode-languageserver/browser';
import type { WorkerInitMessage } from '../shared/protocol';
import { setCrateRoots } from './enginePath.browser';
import { describeError } from './errors';
import { startServer } from './startServer';

/** The parts of a worker's global scope used here (the DOM library types `self` as a window). */
interface WorkerScope {
  addEventListener(type: 'message', listener: (event: MessageEvent<unknown>) => void): void;
  addEventListener(type: 'error', listener: (event: ErrorEvent) => void): void;
  addEventListener(type: 'unhandledrejection', listener: (event: PromiseRejectionEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent<unknown>) => void): void;
  postMessage(message: unknown): void;
}
const scope = self as unknown as WorkerScope;

function isInit(data: unknown): data is WorkerInitMessage {
  return (
    typeof data === 'object' && data !== null && (data as { type?: unknown }).type === 'rustSafetyCoach/init'
  );
}

const onInit = ({ data }: MessageEvent<unknown>): void => {
  if (!isInit(data)) return;
  scope.removeEventListener('message', onInit);
  setCrateRoots(data.crateRoots);
  // The reader listens from here on: the client's LSP messages queue behind this one.
  const connection = createConnection(
    ProposedFeatures.all,
    new BrowserMessageReader(scope),
    new BrowserMessageWriter(scope),
  );
  // What escapes a handler is logged, never fatal (as `guardProcess` does in Node).
  scope.addEventListener('error', (event) => {
    event.preventDefault();
    connection.console.error(`Uncaught: ${describeError(event.error ?? event.message)}`);
  });
  scope.addEventListener('unhandledrejection', (event) => {
    event.preventDefault();
    connection.console.error(`Unhandled: ${describeError(event.reason)}`);
  });
  startServer(connection, {
    runtime: data.runtime,
    grammar: data.grammar,
    highlightsQuery: data.highlightsQuery,
  });
};
scope.addEventListener('message', onInit);
