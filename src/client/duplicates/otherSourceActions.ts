// On a rustc or clippy diagnostic whose lint one of our rules mirrors: "Open lesson", and our fix
// when theirs has none. With our own duplicate hidden, this is where the lesson stays reachable.
import * as vscode from 'vscode';
import { parseApplyFixArgs } from '../commandArgs';
import {
  APPLY_FIX_COMMAND,
  OPEN_LESSON_COMMAND,
  type ApplyFixArgs,
  type DiagnosticData,
  type LessonFindingArgs,
  type OpenLessonArgs,
} from '../../shared/protocol';
import { safeFix, type Fix } from '../../shared/types';
import type { DuplicateFilter, Published } from './duplicateFilter';
import { duplicatesOf, lintOf, overlaps, suggestsFix } from './sameLint';

export function registerOtherSourceActions(filter: DuplicateFilter): vscode.Disposable {
  return vscode.languages.registerCodeActionsProvider({ language: 'rust' }, new OtherSourceActions(filter), {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
  });
}

class OtherSourceActions implements vscode.CodeActionProvider {
  constructor(private readonly filter: DuplicateFilter) {}

  provideCodeActions(
    document: vscode.TextDocument,
    _range: vscode.Range,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    if (context.only && !context.only.contains(vscode.CodeActionKind.QuickFix)) return [];
    const lints = this.filter.lints;
    const published = this.filter.current(document.uri);
    // Their main diagnostic and its hints are in the context together: one action each still.
    const lessons = new Set<string>();
    const fixed = new Set<number>();
    const actions: vscode.CodeAction[] = [];
    for (const other of context.diagnostics) {
      const lint = lintOf(other);
      const rules = lints.rulesFor(lint);
      if (!lint || rules.length === 0) continue;
      const ours = published ? duplicatesOf(other, published.ours, lints) : [];
      // A finding of ours shown at the same place brings its own actions.
      if (published && ours.some((index) => !published.hidden[index])) continue;
      const index = ours.find((i) => ourFinding(document, published, i));
      const finding = index === undefined ? undefined : ourFinding(document, published, index);
      const lesson = finding?.data.lesson ?? rules[0]?.lesson;
      if (lesson && !lessons.has(lesson)) {
        lessons.add(lesson);
        actions.push(
          openLessonAction(lint, other, { lesson, ...(finding ? { finding: finding.args } : {}) }),
        );
      }
      if (
        finding &&
        index !== undefined &&
        !fixed.has(index) &&
        !theirFixFor(other, lint, context.diagnostics)
      ) {
        fixed.add(index);
        actions.push(...finding.fixes.map((fix) => fixAction(other, fix)));
      }
    }
    return actions;
  }
}

interface OurFinding {
  data: DiagnosticData;
  args: LessonFindingArgs;
  fixes: Array<{ args: ApplyFixArgs; preferred: boolean }>;
}

/** A hidden diagnostic of ours, with its fixes when they were made for the document's text as it is. */
function ourFinding(
  document: vscode.TextDocument,
  published: Readonly<Published> | undefined,
  index: number,
): OurFinding | undefined {
  const diagnostic = published?.all[index];
  const data = diagnostic && diagnosticData(diagnostic);
  if (!diagnostic || !data) return undefined;
  const uri = document.uri.toString();
  const current = data.version === document.version;
  const fixes = current ? data.fixes.flatMap((fix) => applyFix(uri, data.version, fix)) : [];
  const preferred = safeFix(data.fixes);
  const args: LessonFindingArgs = {
    uri,
    version: data.version,
    range: plainRange(diagnostic.range),
    rule: String(typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code),
    message: diagnostic.message,
    ...(current && preferred ? { fix: { title: preferred.title, edits: preferred.edits } } : {}),
  };
  return { data, args, fixes };
}

function applyFix(uri: string, version: number, fix: Fix): OurFinding['fixes'] {
  // The same checks the command runs on its arguments: the data came through another process.
  const args = parseApplyFixArgs({ uri, version, title: fix.title, edits: fix.edits });
  return args ? [{ args, preferred: fix.applicability === 'safe' }] : [];
}

/** `Diagnostic.data` of ours as the language client keeps it (on its `ProtocolDiagnostic`). */
function diagnosticData(diagnostic: vscode.Diagnostic): DiagnosticData | undefined {
  const data: unknown = (diagnostic as { data?: unknown }).data;
  if (typeof data !== 'object' || data === null) return undefined;
  const { version, lesson, fixes } = data as Partial<DiagnosticData>;
  if (typeof version !== 'number' || typeof lesson !== 'string' || !Array.isArray(fixes)) return undefined;
  return { version, lesson, fixes };
}

/** Whether rust-analyzer offers a fix of its own for `other` (see `suggestsFix`). */
function theirFixFor(
  other: vscode.Diagnostic,
  lint: string,
  diagnostics: readonly vscode.Diagnostic[],
): boolean {
  const messages = diagnostics
    .filter((d) => lintOf(d) === lint && overlaps(d.range, other.range))
    .flatMap((d) => [
      ...(d.severity === vscode.DiagnosticSeverity.Hint ? [d.message] : []),
      ...(d.relatedInformation ?? []).map((info) => info.message),
    ]);
  return suggestsFix(messages);
}

function openLessonAction(lint: string, other: vscode.Diagnostic, args: OpenLessonArgs): vscode.CodeAction {
  const action = new vscode.CodeAction(
    `Open lesson on ${lint} (Rust Safety Coach)`,
    vscode.CodeActionKind.QuickFix,
  );
  action.diagnostics = [other];
  action.command = { title: action.title, command: OPEN_LESSON_COMMAND, arguments: [args] };
  return action;
}

function fixAction(
  other: vscode.Diagnostic,
  { args, preferred }: OurFinding['fixes'][number],
): vscode.CodeAction {
  const action = new vscode.CodeAction(args.title, vscode.CodeActionKind.QuickFix);
  action.diagnostics = [other];
  // Preferred only when safe: suggestions are shown, never applied by "auto fix".
  action.isPreferred = preferred;
  // Through the command, which refuses the edit if the document moved on since the fix was made.
  action.command = { title: args.title, command: APPLY_FIX_COMMAND, arguments: [args] };
  return action;
}

function plainRange({ start, end }: vscode.Range): LessonFindingArgs['range'] {
  return {
    start: { line: start.line, character: start.character },
    end: { line: end.line, character: end.character },
  };
}
