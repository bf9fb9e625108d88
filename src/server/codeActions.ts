import {
  CodeActionKind,
  type CodeAction,
  type CodeActionContext,
  type Diagnostic,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { fixAllEdits } from '../engine';
import { DIAGNOSTIC_SOURCE, FIX_ALL_KIND, type DiagnosticData } from '../shared/protocol';
import { diagnosticData } from './diagnostics';
import type { Analysis, RustDocument } from './rustDocument';

export const CODE_ACTION_KINDS = [CodeActionKind.QuickFix, FIX_ALL_KIND];

export interface CodeActionOptions {
  /** The client accepts `documentChanges`, so edits can carry the version they were made for. */
  documentChanges: boolean;
  findings: () => Promise<Analysis>;
}

export async function provideCodeActions(
  doc: RustDocument,
  context: CodeActionContext,
  options: CodeActionOptions,
): Promise<CodeAction[]> {
  const ours = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE);
  const actions: CodeAction[] = [];
  if (wants(context, CodeActionKind.QuickFix)) {
    for (const diagnostic of ours) {
      const data = diagnosticData(diagnostic) ?? (await fromAnalysis(diagnostic, options));
      if (data) actions.push(...quickFixes(doc.uri, diagnostic, data, options.documentChanges));
    }
  }
  // Unasked, fix-all only joins the light bulb when there is something of ours to fix.
  const fixAllWanted = context.only ? wants(context, FIX_ALL_KIND) : actions.length > 0;
  if (fixAllWanted) {
    const fixAll = fixAllAction(doc, await options.findings(), options.documentChanges);
    if (fixAll) actions.push(fixAll);
  }
  return actions;
}

function quickFixes(uri: string, diagnostic: Diagnostic, data: DiagnosticData, documentChanges: boolean) {
  return data.fixes.map((fix): CodeAction => ({
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    isPreferred: fix.applicability === 'safe',
    edit: workspaceEdit(uri, data.version, fix.edits, documentChanges),
  }));
}

function fixAllAction(
  doc: RustDocument,
  analysis: Analysis,
  documentChanges: boolean,
): CodeAction | undefined {
  // The findings were computed for `analysis.version`; the text must be that version's too.
  if (analysis.version !== doc.model.version) return undefined;
  const edits = fixAllEdits(doc.model.getText(), analysis.findings);
  if (edits.length === 0) return undefined;
  return {
    title: 'Apply all preferred Rust Safety Coach fixes',
    kind: FIX_ALL_KIND,
    edit: workspaceEdit(doc.uri, analysis.version, edits, documentChanges),
  };
}

/** A versioned `TextDocumentEdit`, which the client rejects if the document moved on since `version`. */
function workspaceEdit(
  uri: string,
  version: number,
  edits: TextEdit[],
  documentChanges: boolean,
): WorkspaceEdit {
  if (!documentChanges) return { changes: { [uri]: edits } };
  return { documentChanges: [{ textDocument: { uri, version }, edits }] };
}

/** For clients that do not echo `Diagnostic.data`: find the same finding in the current analysis. */
async function fromAnalysis(
  diagnostic: Diagnostic,
  options: CodeActionOptions,
): Promise<DiagnosticData | undefined> {
  const analysis = await options.findings();
  const same = (a: Diagnostic['range'], b: Diagnostic['range']) =>
    a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character;
  const finding = analysis.findings.find(
    (f) => f.rule === diagnostic.code && same(f.range, diagnostic.range),
  );
  return finding && { version: analysis.version, lesson: finding.lesson, fixes: finding.fixes };
}

/** Whether the request asks for `kind`: no filter, or a filter naming it or one of its parents. */
function wants(context: CodeActionContext, kind: string): boolean {
  if (!context.only) return true;
  return context.only.some((only) => kind === only || kind.startsWith(`${only}.`));
}
