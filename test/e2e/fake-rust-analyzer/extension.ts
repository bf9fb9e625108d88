// Test-only extension: publishes rustc's and clippy's diagnostics the way rust-analyzer's flycheck
// does (crates/rust-analyzer/src/diagnostics/flycheck_to_proto.rs), since rust-analyzer itself
// cannot run here. Per lint: the primary diagnostic (source `rustc` or `clippy`, the bare lint as
// code, clippy's docs as code description, each help as related information), one hint diagnostic
// per help pointing back at it, and a quick fix for each help with a replacement.
import * as vscode from 'vscode';
import { FAKE_SPEC_FILE, type FakeDiagnostic, type FakeSpec } from './spec';

const CLIPPY_DOCS = 'https://rust-lang.github.io/rust-clippy/master/index.html';

export function activate(context: vscode.ExtensionContext): void {
  const collection = vscode.languages.createDiagnosticCollection('rust-analyzer');
  // Keyed by place and message: diagnostics come back to the provider as copies.
  const fixes = new Map<string, vscode.TextEdit>();
  const publish = async () => {
    collection.clear();
    fixes.clear();
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder) return;
    const spec = JSON.parse(
      new TextDecoder().decode(
        await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder.uri, FAKE_SPEC_FILE)),
      ),
    ) as FakeSpec;
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const fake of spec.diagnostics) {
      const uri = vscode.Uri.joinPath(folder.uri, fake.file);
      const document = await vscode.workspace.openTextDocument(uri);
      const diagnostics = byFile.get(uri.toString()) ?? [];
      const helpRanges = (fake.helps ?? []).map((help) =>
        rangeOf(document, { ...fake, match: help.match ?? fake.match }),
      );
      diagnostics.push(...toDiagnostics(fake, uri, rangeOf(document, fake), helpRanges, fixes));
      byFile.set(uri.toString(), diagnostics);
    }
    for (const [uri, diagnostics] of byFile) collection.set(vscode.Uri.parse(uri), diagnostics);
  };
  context.subscriptions.push(
    collection,
    vscode.commands.registerCommand('fakeRustAnalyzer.publish', publish),
    vscode.commands.registerCommand('fakeRustAnalyzer.clear', () => collection.clear()),
    vscode.languages.registerCodeActionsProvider(
      { language: 'rust' },
      {
        provideCodeActions: (document, _range, { diagnostics }) =>
          diagnostics.flatMap((diagnostic) => {
            const edit = fixes.get(fixKey(document.uri, diagnostic));
            if (!edit) return [];
            const action = new vscode.CodeAction(diagnostic.message, vscode.CodeActionKind.QuickFix);
            action.diagnostics = [diagnostic];
            action.edit = new vscode.WorkspaceEdit();
            action.edit.set(document.uri, [edit]);
            return [action];
          }),
      },
    ),
  );
  void publish().catch((error: unknown) => console.error(`fake rust-analyzer: ${String(error)}`));
}

function rangeOf(document: vscode.TextDocument, fake: FakeDiagnostic): vscode.Range {
  const text = document.lineAt(fake.line - 1).text;
  const start = text.indexOf(fake.match);
  if (start < 0) throw new Error(`${fake.file}:${fake.line} does not hold ${fake.match}`);
  return new vscode.Range(fake.line - 1, start, fake.line - 1, start + fake.match.length);
}

function toDiagnostics(
  fake: FakeDiagnostic,
  uri: vscode.Uri,
  range: vscode.Range,
  helpRanges: vscode.Range[],
  fixes: Map<string, vscode.TextEdit>,
): vscode.Diagnostic[] {
  // rustc's lints get no code description (only E-codes link to the error index).
  const code =
    fake.source === 'clippy'
      ? { value: fake.code, target: vscode.Uri.parse(`${CLIPPY_DOCS}#${fake.code}`) }
      : fake.code;
  // rust-analyzer appends a help's replacement to its message.
  const helps = (fake.helps ?? []).map((help, index) => ({
    ...help,
    range: helpRanges[index] ?? range,
    text: help.replacement === undefined ? help.message : `${help.message}: \`${help.replacement}\``,
  }));
  const primary = new vscode.Diagnostic(range, fake.message, vscode.DiagnosticSeverity.Warning);
  primary.source = fake.source;
  primary.code = code;
  primary.relatedInformation = helps.map(
    (help) => new vscode.DiagnosticRelatedInformation(new vscode.Location(uri, help.range), help.text),
  );
  const hints = helps.map((help) => {
    const hint = new vscode.Diagnostic(help.range, help.text, vscode.DiagnosticSeverity.Hint);
    hint.source = fake.source;
    hint.code = code;
    hint.relatedInformation = [
      new vscode.DiagnosticRelatedInformation(new vscode.Location(uri, range), 'original diagnostic'),
    ];
    if (help.replacement !== undefined)
      fixes.set(fixKey(uri, hint), new vscode.TextEdit(help.range, help.replacement));
    return hint;
  });
  return [primary, ...hints];
}

function fixKey(uri: vscode.Uri, { range, message }: vscode.Diagnostic): string {
  const { start, end } = range;
  return `${uri.toString()}#${start.line}:${start.character}-${end.line}:${end.character}#${message}`;
}
