import * as vscode from 'vscode';
import { parseShowFindingArgs } from '../sidebar/findingGroups';

/** A sidebar finding was clicked: select its code, then open its lesson for that finding. */
export function registerShowFinding(): vscode.Disposable {
  return vscode.commands.registerCommand('rustSafetyCoach.showFinding', async (arg: unknown) => {
    const args = parseShowFindingArgs(arg);
    if (!args) {
      void vscode.window.showErrorMessage('Rust Safety Coach: that finding is malformed.');
      return;
    }
    const { start, end } = args.finding.range;
    const selection = new vscode.Range(start.line, start.character, end.line, end.character);
    try {
      const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(args.finding.uri));
      // Reuse the editor group that already shows the file, not the one the lesson panel is in.
      const shown = vscode.window.visibleTextEditors.find((editor) => editor.document === document);
      await vscode.window.showTextDocument(document, { selection, viewColumn: shown?.viewColumn });
    } catch {
      void vscode.window.showInformationMessage('Rust Safety Coach: that file is no longer open.');
      return;
    }
    await vscode.commands.executeCommand('rustSafetyCoach.openLesson', args);
  });
}
