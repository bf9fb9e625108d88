// The editor's file operations (workspace/didCreateFiles, didRenameFiles, didDeleteFiles) as the
// file events of workspace/didChangeWatchedFiles: VS Code reports a renamed, moved or deleted folder
// as one event for the folder, which no `**/*.rs` watcher matches (microsoft/vscode#109754), so the
// server asks for folder operations too.
import {
  FileChangeType,
  type Connection,
  type FileEvent,
  type FileOperationOptions,
  type FileOperationRegistrationOptions,
} from 'vscode-languageserver';

/** The files whose settings the analysis reads (clippy's two names for its file). */
export const CONFIG_FILES = ['Cargo.toml', 'clippy.toml', '.clippy.toml'];

/**
 * Folders always; files only for a client that registers no watcher, which would report them twice.
 */
export function fileOperationOptions(
  watcher: { dynamicRegistration?: boolean } | undefined,
): FileOperationOptions {
  const filters: FileOperationRegistrationOptions['filters'] = [
    { scheme: 'file', pattern: { glob: '**', matches: 'folder' } },
  ];
  if (!watcher?.dynamicRegistration) {
    const files = `**/{*.rs,${CONFIG_FILES.join(',')}}`;
    filters.push({ scheme: 'file', pattern: { glob: files, matches: 'file' } });
  }
  return { didCreate: { filters }, didRename: { filters }, didDelete: { filters } };
}

/** Hands each file operation on as file events: a rename is its old path deleted, its new one created. */
export function onFileOperations(connection: Connection, handle: (changes: FileEvent[]) => void): void {
  const { Created, Deleted } = FileChangeType;
  connection.workspace.onDidCreateFiles(({ files }) =>
    handle(files.map(({ uri }) => ({ uri, type: Created }))),
  );
  connection.workspace.onDidRenameFiles(({ files }) =>
    handle(
      files.flatMap(({ oldUri, newUri }) => [
        { uri: oldUri, type: Deleted },
        { uri: newUri, type: Created },
      ]),
    ),
  );
  connection.workspace.onDidDeleteFiles(({ files }) =>
    handle(files.map(({ uri }) => ({ uri, type: Deleted }))),
  );
}
