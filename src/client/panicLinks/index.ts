// Panics in the integrated terminal become links: the `thread 'main' (…) panicked at
// src/main.rs:12:5:` line opens the file at that place and the lesson of the code there (with the
// coach's finding at that spot, if it has one); std's message line opens its lesson. The language
// server reads the lines (the engine's src/engine/panics, as `rust-safety-coach explain` does);
// this only wires its answers to the editor.
import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import {
  PANIC_LESSON_REQUEST,
  PANIC_LINK_REQUEST,
  type OpenLessonArgs,
  type PanicLessonParams,
  type PanicLessonResult,
  type PanicLinkParams,
  type PanicLinkResult,
  type PanicLinkTarget,
  type PanicLocation,
} from '../../shared/protocol';
import type { ServerLifecycle } from '../serverLifecycle';
import { lessonArgsFor, type FindingsStore } from '../sidebar/findingGroups';
import { findingAt, utf16Character } from './panicFinding';

/** How long to wait for the server's findings of a file the link just opened. */
const FINDINGS_WAIT_MS = 5000;

interface PanicLink extends vscode.TerminalLink {
  target: PanicLinkTarget;
  terminal: vscode.Terminal;
}

export function registerPanicLinks(server: ServerLifecycle, findings: FindingsStore): vscode.Disposable {
  let client: BaseLanguageClient | undefined;
  const running = () => (client?.isRunning() ? client : undefined);
  return vscode.Disposable.from(
    server.onDidCreateClient((created) => (client = created)),
    vscode.window.registerTerminalLinkProvider({
      async provideTerminalLinks(context, token): Promise<PanicLink[]> {
        if (context.line.trim() === '') return [];
        const params: PanicLinkParams = { line: context.line };
        const link = await running()
          ?.sendRequest<PanicLinkResult>(PANIC_LINK_REQUEST, params, token)
          .catch(() => null);
        return link ? [{ ...link, terminal: context.terminal }] : [];
      },
      async handleTerminalLink(link: vscode.TerminalLink) {
        // VS Code hands back the links this provider made.
        const { target, terminal } = link as PanicLink;
        if (target.kind === 'lesson') await openLesson({ lesson: target.lesson });
        else await openPanicLocation(target.location, target.lesson, terminal, findings, running);
      },
    }),
  );
}

async function openPanicLocation(
  location: PanicLocation,
  messageLesson: string | undefined,
  terminal: vscode.Terminal,
  findings: FindingsStore,
  running: () => BaseLanguageClient | undefined,
): Promise<void> {
  if (location.inLibrary) {
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

  // Findings first: once they are in, the server has the document open to read the code there.
  const known = await findings.whenFindings(document.uri.toString(), document.version, FINDINGS_WAIT_MS);
  const lesson = messageLesson ?? (await lessonAt(running(), document, location));
  const finding = known ? findingAt(known.findings, line, character, lesson) : undefined;
  if (known && finding) await openLesson(lessonArgsFor(known.uri, known.version, finding));
  else if (lesson) await openLesson({ lesson });
  // The lesson opens beside; the cursor ends where the program panicked, in the file's own group.
  const editor = vscode.window.visibleTextEditors.find((e) => e.document === document);
  await vscode.window.showTextDocument(document, {
    selection: new vscode.Range(position, position),
    viewColumn: editor?.viewColumn ?? shown?.viewColumn,
  });
}

/** The server's lesson for the code at the location (an `expect`, a `borrow_mut`), or null. */
async function lessonAt(
  client: BaseLanguageClient | undefined,
  document: vscode.TextDocument,
  location: PanicLocation,
): Promise<string | null> {
  if (!client) return null;
  const params: PanicLessonParams = {
    uri: client.code2ProtocolConverter.asUri(document.uri),
    line: location.line,
    column: location.column,
  };
  const result = await client
    .sendRequest<PanicLessonResult>(PANIC_LESSON_REQUEST, params)
    .catch(() => ({ lesson: null }));
  return result.lesson;
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
  const candidates: vscode.Uri[] = [];
  if (/^(?:\/|[A-Za-z]:\/)/.test(slashed)) candidates.push(vscode.Uri.file(file));
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
