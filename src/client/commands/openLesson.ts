import * as vscode from 'vscode';
import type { OPEN_LESSON_COMMAND } from '../../shared/protocol';
import { parseOpenLessonArgs } from '../commandArgs';

/** Shows `lessons/<id>.md` in the Markdown preview until the lesson webview replaces it. */
export function registerOpenLesson(extensionUri: vscode.Uri): vscode.Disposable {
  return vscode.commands.registerCommand(
    'rustSafetyCoach.openLesson' satisfies typeof OPEN_LESSON_COMMAND,
    async (arg: unknown) => {
      const args = parseOpenLessonArgs(arg);
      if (!args) {
        void vscode.window.showErrorMessage('Rust Safety Coach: that link does not name a lesson.');
        return;
      }
      const lessonUri = vscode.Uri.joinPath(extensionUri, 'lessons', `${args.lesson}.md`);
      try {
        await vscode.workspace.fs.stat(lessonUri);
      } catch {
        void vscode.window.showErrorMessage(`Rust Safety Coach: there is no lesson "${args.lesson}".`);
        return;
      }
      await vscode.commands.executeCommand('markdown.showPreview', lessonUri);
    },
  );
}
