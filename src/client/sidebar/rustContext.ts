// The context key that shows the sidebar only in windows with Rust: package.json's views are
// `when: rustSafetyCoach.hasRustFiles`. True once a Rust document is open or the workspace holds a
// `.rs` file (outside `target/`); it stays true for the window once set.
import * as vscode from 'vscode';
import { HAS_RUST_CONTEXT } from './contextKeys';

export function trackRustContext(): vscode.Disposable {
  let shown = false;
  const show = (): void => {
    if (shown) return;
    shown = true;
    void vscode.commands.executeCommand('setContext', HAS_RUST_CONTEXT, true);
  };
  const isRust = (document: vscode.TextDocument) => document.languageId === 'rust';
  if (vscode.workspace.textDocuments.some(isRust)) show();
  else {
    vscode.workspace.findFiles('**/*.rs', '**/target/**', 1).then(
      (found) => {
        if (found.length > 0) show();
      },
      () => undefined,
    );
  }
  return vscode.workspace.onDidOpenTextDocument((document) => {
    if (isRust(document)) show();
  });
}
