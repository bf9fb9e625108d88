import * as vscode from 'vscode';
import type { APPLY_FIX_COMMAND } from '../../shared/protocol';
import type { TextEdit } from '../../shared/types';
import { parseApplyFixArgs } from '../commandArgs';

export function registerApplyFix(): vscode.Disposable {
  return vscode.commands.registerCommand(
    'rustSafetyCoach.applyFix' satisfies typeof APPLY_FIX_COMMAND,
    async (arg: unknown) => {
      const args = parseApplyFixArgs(arg);
      if (!args) {
        void vscode.window.showErrorMessage('Rust Safety Coach: that fix link is malformed.');
        return;
      }
      // Only an open Rust document can be edited: a link cannot reach files the user is not looking at.
      const uri = vscode.Uri.parse(args.uri).toString();
      const document = vscode.workspace.textDocuments.find((doc) => doc.uri.toString() === uri);
      if (!document || document.languageId !== 'rust') {
        void vscode.window.showInformationMessage(
          'Rust Safety Coach: open the file again to apply this fix.',
        );
        return;
      }
      // Edits made for another version could land in the wrong place.
      if (document.version !== args.version) {
        void vscode.window.showInformationMessage(
          `Rust Safety Coach: the file changed since "${args.title}" was offered. Hover again for an up-to-date fix.`,
        );
        return;
      }
      const edit = new vscode.WorkspaceEdit();
      edit.set(document.uri, args.edits.map(toVscodeEdit));
      if (!(await vscode.workspace.applyEdit(edit))) {
        void vscode.window.showErrorMessage('Rust Safety Coach: the fix could not be applied.');
      }
    },
  );
}

function toVscodeEdit({ range, newText }: TextEdit): vscode.TextEdit {
  const { start, end } = range;
  return vscode.TextEdit.replace(
    new vscode.Range(start.line, start.character, end.line, end.character),
    newText,
  );
}
