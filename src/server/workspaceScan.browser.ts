// The web host's workspace scan: none. A Web Worker has no file system to list or read the
// workspace's files, and reading them through the client (`workspace.fs`) would copy every file
// over the worker's message channel; only open documents are analysed there (README: "VS Code for
// the Web").
import type { FileEvent } from 'vscode-languageserver';
import type { WorkspaceScan as NodeWorkspaceScan, WorkspaceScanDeps } from './workspaceScan';

/** Every public member of the Node class, so that the two cannot drift apart. */
type PublicSurface = { [K in keyof NodeWorkspaceScan]: NodeWorkspaceScan[K] };

export class WorkspaceScan implements PublicSurface {
  constructor(_deps: WorkspaceScanDeps) {}

  setFolders(_uris: readonly string[]): void {}

  restart(): void {}

  /** Nothing on disk comes back: the closed document's findings are cleared. */
  closed(_uri: string): boolean {
    return false;
  }

  changed(_changes: readonly FileEvent[]): void {}

  /** No worker thread here. */
  indexCrate(_root: string): Promise<undefined> {
    return Promise.resolve(undefined);
  }

  dispose(): void {}
}
