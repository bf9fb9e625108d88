import * as vscode from 'vscode';
import type { FindingsScope } from '../sidebar/findingsScope';

/** The Findings view's title buttons: list the whole workspace's findings, or the current file's. */
export function registerFindingsScope(choose: (scope: FindingsScope) => Promise<void>): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand('rustSafetyCoach.showWorkspaceFindings', () => choose('workspace')),
    vscode.commands.registerCommand('rustSafetyCoach.showFileFindings', () => choose('file')),
  );
}
