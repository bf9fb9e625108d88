import {
  CodeActionKind,
  type CodeAction,
  type CodeActionContext,
  type Diagnostic,
  type SnippetTextEdit,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { allowActions, fixAllEdits, LineIndex, ruleInfos, type AllowSource } from '../engine';
import { lessonTitle } from '../shared/lessons/lessonTitles';
import {
  DIAGNOSTIC_SOURCE,
  FIX_ALL_KIND,
  OPEN_LESSON_COMMAND,
  type DiagnosticData,
} from '../shared/protocol';
import { snippetTexts } from '../shared/snippets';
import type { Fix } from '../shared/types';
import { diagnosticData } from './diagnostics';
import { lessonArgsFor } from './lessonArgs';
import type { Analysis, RustDocument } from './rustDocument';

const RULE_INFOS = new Map(ruleInfos().map((r) => [r.id, r]));

export const CODE_ACTION_KINDS = [CodeActionKind.QuickFix, FIX_ALL_KIND];

export interface CodeActionOptions {
  /** The client accepts `documentChanges`, so edits can carry the version they were made for. */
  documentChanges: boolean;
  /**
   * The client accepts LSP 3.18 snippet edits: a fix's placeholder text is sent as a tab stop, so
   * the editor selects it after applying the fix.
   */
  snippetEdits: boolean;
  findings: () => Promise<Analysis>;
}

export async function provideCodeActions(
  doc: RustDocument,
  context: CodeActionContext,
  options: CodeActionOptions,
): Promise<CodeAction[]> {
  const ours = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE);
  const actions: CodeAction[] = [];
  let fixes = 0;
  if (wants(context, CodeActionKind.QuickFix)) {
    for (const diagnostic of ours) {
      const data = diagnosticData(diagnostic) ?? (await fromAnalysis(diagnostic, options));
      if (!data) continue;
      fixes += data.fixes.length;
      actions.push(...quickFixes(doc.uri, diagnostic, data, options));
      actions.push(...allowHere(doc, diagnostic, data, options.documentChanges));
      actions.push(openLesson(doc.uri, diagnostic, data));
    }
  }
  // Unasked, fix-all only joins the light bulb when there is something of ours to fix.
  const fixAllWanted = context.only ? wants(context, FIX_ALL_KIND) : fixes > 0;
  if (fixAllWanted) {
    const fixAll = fixAllAction(doc, await options.findings(), options.documentChanges);
    if (fixAll) actions.push(fixAll);
  }
  return actions;
}

function quickFixes(
  uri: string,
  diagnostic: Diagnostic,
  data: DiagnosticData,
  options: CodeActionOptions,
): CodeAction[] {
  return data.fixes.map((fix): CodeAction => ({
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    isPreferred: fix.applicability === 'safe',
    edit: workspaceEdit(
      uri,
      data.version,
      options.snippetEdits && options.documentChanges ? withSnippets(fix) : fix.edits,
      options.documentChanges,
    ),
  }));
}

/** The fix's edits, those writing a placeholder as snippets that select it. */
function withSnippets(fix: Fix): Array<TextEdit | SnippetTextEdit> {
  const snippets = snippetTexts(fix);
  return fix.edits.map((edit, i) => {
    const value = snippets[i];
    return value == null ? edit : { range: edit.range, snippet: { kind: 'snippet', value } };
  });
}

/**
 * "Allow here": our comment above the line, or clippy's attribute on the enclosing item for a rule
 * whose switch is a clippy lint. Only for the text the diagnostic was computed on.
 */
function allowHere(
  doc: RustDocument,
  diagnostic: Diagnostic,
  data: DiagnosticData,
  documentChanges: boolean,
): CodeAction[] {
  const rule = typeof diagnostic.code === 'string' ? RULE_INFOS.get(diagnostic.code) : undefined;
  if (!rule || data.version !== doc.model.version || doc.tooLarge) return [];
  // A file parsed in chunks has no whole tree to find the item in: the comment needs none.
  const source: AllowSource = doc.chunked ? textOnly(doc) : doc.parsed();
  return allowActions(source, { rule: rule.id, range: diagnostic.range }, rule).map((allow) => ({
    title: allow.title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    edit: workspaceEdit(doc.uri, data.version, allow.edits, documentChanges),
  }));
}

function textOnly(doc: RustDocument): AllowSource {
  const text = doc.model.getText();
  return { text, lines: new LineIndex(text) };
}

/** The lesson of the finding, opened beside the code with the finding and its fix. */
function openLesson(uri: string, diagnostic: Diagnostic, data: DiagnosticData): CodeAction {
  const args = lessonArgsFor(data.lesson, uri, data.version, {
    rule: typeof diagnostic.code === 'string' ? diagnostic.code : data.lesson,
    message: typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value,
    range: diagnostic.range,
    fixes: data.fixes,
  });
  const title = `Open lesson: ${lessonTitle(data.lesson)}`;
  return {
    title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    command: { title, command: OPEN_LESSON_COMMAND, arguments: [args] },
  };
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
  edits: Array<TextEdit | SnippetTextEdit>,
  documentChanges: boolean,
): WorkspaceEdit {
  if (!documentChanges) return { changes: { [uri]: edits.filter((e): e is TextEdit => 'newText' in e) } };
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
