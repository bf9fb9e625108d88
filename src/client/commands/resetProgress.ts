import * as vscode from 'vscode';
import type { ProgressStore } from '../progress/progressStore';

export function registerResetProgress(progress: ProgressStore): vscode.Disposable {
  return vscode.commands.registerCommand('rustSafetyCoach.resetProgress', async () => {
    const reset = 'Reset';
    const answer = await vscode.window.showWarningMessage(
      'Forget which Rust Safety Coach lessons you opened and understood?',
      { modal: true },
      reset,
    );
    if (answer === reset) await progress.reset();
  });
}
