import * as vscode from 'vscode';
import type { APPLY_FIX_COMMAND } from '../../shared/protocol';
import { applyVersionedFix } from '../applyVersionedFix';
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
      const result = await applyVersionedFix(args);
      if (result.status === 'failed')
        void vscode.window.showErrorMessage(`Rust Safety Coach: ${result.text}`);
      else if (result.status !== 'applied')
        void vscode.window.showInformationMessage(`Rust Safety Coach: ${result.text}`);
    },
  );
}
