// Starts the server's Web Worker. code-server refuses `new Worker(<remote URL>)` (microsoft/vscode#144235),
// so the script and the wasm are read with workspace.fs, the worker starts from a Blob URL, and the
// wasm bytes and crate roots go to it in its first message (`WorkerInitMessage`).
import * as vscode from 'vscode';
import type { WorkerInitMessage } from '../shared/protocol';

/** Folders not searched for `Cargo.toml`: build output, dependencies and VCS data. */
const CRATE_ROOT_EXCLUDE = '**/{target,node_modules,.git}/**';
const MAX_CRATES = 500;

export async function startServerWorker(extensionUri: vscode.Uri): Promise<Worker> {
  const read = (...segments: string[]) =>
    vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, ...segments));
  const [script, runtime, grammar, highlightsQuery, crateRoots] = await Promise.all([
    read('dist', 'serverWorker.js'),
    read('grammars', 'web-tree-sitter.wasm'),
    read('grammars', 'tree-sitter-rust.wasm'),
    read('grammars', 'highlights.scm'),
    findCrateRoots(),
  ]);
  const url = URL.createObjectURL(new Blob([ownBuffer(script)], { type: 'text/javascript' }));
  const worker = new Worker(url, { name: 'Rust Safety Coach server' });
  // The worker has fetched its script once it answers.
  worker.addEventListener('message', () => URL.revokeObjectURL(url), { once: true });
  const init: WorkerInitMessage = {
    type: 'rustSafetyCoach/init',
    runtime: ownBuffer(runtime),
    grammar: ownBuffer(grammar),
    highlightsQuery: new TextDecoder().decode(highlightsQuery),
    crateRoots,
  };
  worker.postMessage(init, [init.runtime, init.grammar]);
  return worker;
}

/** The bytes in a buffer of their own, which can be transferred (readFile may return a view). */
function ownBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.slice().buffer;
}

/** The folders holding a `Cargo.toml`: the engine's paths are relative to them (`tests/` files). */
async function findCrateRoots(): Promise<string[]> {
  try {
    const manifests = await vscode.workspace.findFiles('**/Cargo.toml', CRATE_ROOT_EXCLUDE, MAX_CRATES);
    return manifests.map((uri) => vscode.Uri.joinPath(uri, '..').toString());
  } catch {
    // No search provider (some virtual file systems): paths are then whole, as outside a crate.
    return [];
  }
}
