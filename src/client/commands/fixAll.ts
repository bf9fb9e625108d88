import * as vscode from 'vscode';
import { FIX_ALL_KIND } from '../../shared/protocol';

export function registerFixAll(): vscode.Disposable {
  return vscode.commands.registerCommand('rustSafetyCoach.fixAll', async () => {
    const document = vscode.window.activeTextEditor?.document;
    if (document?.languageId !== 'rust') {
      void vscode.window.showInformationMessage('Rust Safety Coach: open a Rust file to fix its findings.');
      return;
    }
    await fixAll(document);
  });
}

/**
 * Asks the server for its fix-all action (the one `editor.codeActionsOnSave` uses) and applies it.
 * Not `editor.action.codeAction`: that request is cancelled when the editor's cursor or scroll
 * state moves, as it does right after a file opens, and then nothing happens and nothing is said.
 */
async function fixAll(document: vscode.TextDocument): Promise<void> {
  const whole = new vscode.Range(0, 0, document.lineCount, 0);
  const actions =
    (await vscode.commands.executeCommand<vscode.CodeAction[] | undefined>(
      'vscode.executeCodeActionProvider',
      document.uri,
      whole,
      FIX_ALL_KIND,
    )) ?? [];
  const ours = actions.find((action) => action.kind?.value === FIX_ALL_KIND);
  if (!ours?.edit) {
    void vscode.window.showInformationMessage(
      'Rust Safety Coach: no safe fixes in this file. The findings left need a decision: open a quick fix (Ctrl+.) on each.',
    );
    return;
  }
  // The edit is versioned: VS Code refuses it if the file changed since the server computed it.
  if (!(await vscode.workspace.applyEdit(ours.edit))) {
    void vscode.window.showWarningMessage(
      'Rust Safety Coach: the file changed while the fixes were computed. Run Fix All again.',
    );
  }
}
