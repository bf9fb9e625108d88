// Applies a fix at the version it was computed for, from the applyFix command or the lesson panel.
// Only an open Rust document can be edited (a link cannot reach files the user is not looking at),
// and only at that version: edits made for another version could land in the wrong place.
import * as vscode from 'vscode';
import type { ApplyFixArgs } from '../shared/protocol';
import type { TextEdit } from '../shared/types';
import type { FixStatus } from '../shared/webviewProtocol';

export interface FixResult {
  status: FixStatus;
  text: string;
}

export async function applyVersionedFix(args: ApplyFixArgs): Promise<FixResult> {
  const uri = vscode.Uri.parse(args.uri).toString();
  const document = vscode.workspace.textDocuments.find((doc) => doc.uri.toString() === uri);
  if (!document || document.languageId !== 'rust') {
    return { status: 'closed', text: 'The file is not open any more: open it again to apply this fix.' };
  }
  if (document.version !== args.version) {
    return {
      status: 'stale',
      text: `The file changed since "${args.title}" was offered. Hover the code again for an up-to-date fix.`,
    };
  }
  const edit = new vscode.WorkspaceEdit();
  edit.set(document.uri, args.edits.map(toVscodeEdit));
  if (!(await vscode.workspace.applyEdit(edit))) {
    return { status: 'failed', text: 'The fix could not be applied.' };
  }
  return { status: 'applied', text: `Fix applied: ${args.title}.` };
}

function toVscodeEdit({ range, newText }: TextEdit): vscode.TextEdit {
  const { start, end } = range;
  return vscode.TextEdit.replace(
    new vscode.Range(start.line, start.character, end.line, end.character),
    newText,
  );
}
