import * as vscode from 'vscode';
import type { OPEN_LESSON_COMMAND } from '../../shared/protocol';
import { parseLessonPanelArgs } from '../lessonPanel/args';
import type { LessonPanel } from '../lessonPanel/lessonPanel';
import { lessonOpened } from '../progress/lessonProgress';

/** Shows a lesson, and the finding it was opened for, in the lesson panel. */
export function registerOpenLesson(lessons: LessonPanel): vscode.Disposable {
  return vscode.commands.registerCommand(
    'rustSafetyCoach.openLesson' satisfies typeof OPEN_LESSON_COMMAND,
    async (arg: unknown) => {
      const args = parseLessonPanelArgs(arg);
      if (!args) {
        void vscode.window.showErrorMessage('Rust Safety Coach: that link does not name a lesson.');
        return;
      }
      if (await lessons.open(args)) lessonOpened(args.lesson);
    },
  );
}
