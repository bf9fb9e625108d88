import * as vscode from 'vscode';
import { FIX_ALL_KIND } from '../../shared/protocol';

export function registerFixAll(): vscode.Disposable {
  return vscode.commands.registerCommand('rustSafetyCoach.fixAll', async () => {
    if (vscode.window.activeTextEditor?.document.languageId !== 'rust') {
      void vscode.window.showInformationMessage('Rust Safety Coach: open a Rust file to fix its findings.');
      return;
    }
    // Going through VS Code's code-action command reuses the server's own fix-all action,
    // so this command and `editor.codeActionsOnSave` always apply the same edits.
    await vscode.commands.executeCommand('editor.action.codeAction', { kind: FIX_ALL_KIND, apply: 'first' });
  });
}
