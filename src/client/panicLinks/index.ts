// Panics in the integrated terminal become links: the `thread 'main' (…) panicked at
// src/main.rs:12:5:` line opens the file at that place and the lesson of the code there (with the
// coach's finding at that spot, if it has one); std's message line opens its lesson. The parsing
// is the engine's (src/engine/panics), the same as `rust-safety-coach explain`.
import * as vscode from 'vscode';
import { isLibraryPath, type SourceLocation } from '../../engine/panics';
import type { OpenLessonArgs } from '../../shared/protocol';
import { lessonArgsFor, type FindingsStore } from '../sidebar/findingGroups';
import { findingAt, lessonAtSource, linkInLine, utf16Character, type LinkTarget } from './linkTargets';

/** How long to wait for the server's findings of a file the link just opened. */
const FINDINGS_WAIT_MS = 5000;

interface PanicLink extends vscode.TerminalLink {
  target: LinkTarget;
  terminal: vscode.Terminal;
}

export function registerPanicLinks(findings: FindingsStore): vscode.Disposable {
  return vscode.window.registerTerminalLinkProvider({
    provideTerminalLinks(context): PanicLink[] {
      const link = linkInLine(context.line);
      return link ? [{ ...link, terminal: context.terminal }] : [];
    },
    async handleTerminalLink(link: vscode.TerminalLink) {
      // VS Code hands back the links this provider made.
      const { target, terminal } = link as PanicLink;
      if (target.kind === 'lesson') await openLesson({ lesson: target.lesson });
      else await openPanicLocation(target.location, target.lesson, terminal, findings);
    },
  });
}

async function openPanicLocation(
  location: SourceLocation,
  messageLesson: string | undefined,
  terminal: vscode.Terminal,
  findings: FindingsStore,
): Promise<void> {
  if (isLibraryPath(location.file)) {
    void vscode.window.showInformationMessage(
      'Rust Safety Coach: this panic was raised inside the standard library. Run with RUST_BACKTRACE=1: the first frame in your own files is your line.',
    );
    if (messageLesson) await openLesson({ lesson: messageLesson });
    return;
  }
  const uri = await resolveFile(location.file, terminal);
  if (!uri) {
    void vscode.window.showWarningMessage(
      `Rust Safety Coach: cannot find ${location.file} in the workspace or the terminal's folder.`,
    );
    if (messageLesson) await openLesson({ lesson: messageLesson });
    return;
  }
  const document = await vscode.workspace.openTextDocument(uri);
  const line = Math.min(Math.max(location.line - 1, 0), document.lineCount - 1);
  const character = utf16Character(document.lineAt(line).text, location.column);
  const position = new vscode.Position(line, character);
  // Reuse the editor group that already shows the file, not the one the lesson panel is in.
  const shown = vscode.window.visibleTextEditors.find((editor) => editor.document === document);
  await vscode.window.showTextDocument(document, {
    selection: new vscode.Range(position, position),
    viewColumn: shown?.viewColumn,
  });

  const lesson = messageLesson ?? lessonAtSource(document.getText(), location.line, location.column);
  const known = await findings.whenFindings(document.uri.toString(), document.version, FINDINGS_WAIT_MS);
  const finding = known ? findingAt(known.findings, line, character, lesson) : undefined;
  if (known && finding) await openLesson(lessonArgsFor(known.uri, known.version, finding));
  else if (lesson) await openLesson({ lesson });
}

async function openLesson(args: OpenLessonArgs): Promise<void> {
  await vscode.commands.executeCommand('rustSafetyCoach.openLesson', args);
}

/**
 * The file a panic names: absolute as it is; relative (as cargo prints it) against the terminal's
 * folder, then each workspace folder. Windows' `src\main.rs` is also tried as `src/main.rs`.
 */
async function resolveFile(file: string, terminal: vscode.Terminal): Promise<vscode.Uri | undefined> {
  const slashed = file.replace(/\\/g, '/');
  const absolute = /^(?:\/|[A-Za-z]:\/)/.test(slashed);
  const candidates: vscode.Uri[] = [];
  if (absolute) candidates.push(vscode.Uri.file(file));
  else {
    const cwd = terminal.shellIntegration?.cwd;
    if (cwd) candidates.push(vscode.Uri.joinPath(cwd, slashed));
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      candidates.push(vscode.Uri.joinPath(folder.uri, slashed));
    }
  }
  for (const candidate of candidates) {
    try {
      const stat = await vscode.workspace.fs.stat(candidate);
      if (stat.type & vscode.FileType.File) return candidate;
    } catch {
      // Not here; try the next folder.
    }
  }
  return undefined;
}
