import * as vscode from 'vscode';
import type { Range } from '../../shared/types';
import {
  type FindingNode,
  type FindingsStore,
  lessonArgsFor,
  parseShowFindingArgs,
} from '../sidebar/findingGroups';

/** How long a file opened from the sidebar waits for its own findings before the lesson opens. */
const OPENED_FINDINGS_WAIT_MS = 3_000;

/** A sidebar finding was clicked: select its code, then open its lesson for that finding. */
export function registerShowFinding(findings: FindingsStore): vscode.Disposable {
  return vscode.commands.registerCommand('rustSafetyCoach.showFinding', async (arg: unknown) => {
    let args = parseShowFindingArgs(arg);
    if (!args) {
      void vscode.window.showErrorMessage('Rust Safety Coach: that finding is malformed.');
      return;
    }
    const { start, end } = args.finding.range;
    const selection = new vscode.Range(start.line, start.character, end.line, end.character);
    let document: vscode.TextDocument;
    try {
      document = await vscode.workspace.openTextDocument(vscode.Uri.parse(args.finding.uri));
      // Reuse the editor group that already shows the file, not the one the lesson panel is in.
      const shown = vscode.window.visibleTextEditors.find((editor) => editor.document === document);
      await vscode.window.showTextDocument(document, { selection, viewColumn: shown?.viewColumn });
    } catch {
      void vscode.window.showInformationMessage('Rust Safety Coach: that file could not be opened.');
      return;
    }
    // Version 0 is the file's text on disk, found by the workspace scan: the document just opened
    // gets its own analysis, whose version (and fix) the lesson panel can trust.
    if (args.finding.version === 0) args = (await openedFinding(findings, document, args)) ?? args;
    await vscode.commands.executeCommand('rustSafetyCoach.openLesson', args);
  });
}

/** The same finding in the open document's own findings, once the server sends them. */
async function openedFinding(
  findings: FindingsStore,
  document: vscode.TextDocument,
  args: FindingNode['args'],
): Promise<FindingNode['args'] | undefined> {
  const uri = document.uri.toString();
  const params = await findings.whenFindings(uri, Math.max(document.version, 1), OPENED_FINDINGS_WAIT_MS);
  if (!params || params.onDisk) return undefined;
  const same = params.findings.find(
    (f) => f.rule === args.finding.rule && sameRange(f.range, args.finding.range),
  );
  return same && lessonArgsFor(params.uri, params.version, same);
}

function sameRange(a: Range, b: Range): boolean {
  return (
    a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character
  );
}
