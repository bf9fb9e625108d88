import * as vscode from 'vscode';

export function registerShowOutput(outputChannel: vscode.OutputChannel): vscode.Disposable {
  return vscode.commands.registerCommand('rustSafetyCoach.showOutput', () => outputChannel.show(true));
}
