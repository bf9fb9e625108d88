import * as vscode from 'vscode';
import { SAMPLE_SOURCE } from './sample';

/** Opens the walkthrough's sample as an untitled Rust document (nothing is written to disk). */
export function registerOpenSample(): vscode.Disposable {
  return vscode.commands.registerCommand('rustSafetyCoach.openSample', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'rust', content: SAMPLE_SOURCE });
    await vscode.window.showTextDocument(document);
  });
}
