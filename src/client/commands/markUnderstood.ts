import * as vscode from 'vscode';
import type { ProgressStore } from '../progress/progressStore';
import { parseMarkUnderstoodArgs } from '../progress/progressArgs';

/**
 * `{ lesson, understood? }` marks (or with `understood: false` unmarks) a lesson as understood. The
 * Lessons view passes its lesson node, which has the same shape; from the palette, a lesson is picked.
 */
export function registerMarkUnderstood(
  progress: ProgressStore,
  lessons: () => ReadonlyArray<{ lesson: string; label: string }>,
): vscode.Disposable {
  return vscode.commands.registerCommand('rustSafetyCoach.markUnderstood', async (arg: unknown) => {
    const known = lessons();
    if (arg === undefined) {
      const picked = await vscode.window.showQuickPick(
        known
          .filter(({ lesson }) => !progress.isUnderstood(lesson))
          .map(({ lesson, label }) => ({ label, description: lesson, lesson })),
        { title: 'Mark a lesson as understood', matchOnDescription: true },
      );
      if (picked) await progress.markUnderstood(picked.lesson);
      return;
    }
    const args = parseMarkUnderstoodArgs(
      arg,
      known.map(({ lesson }) => lesson),
    );
    if (!args) {
      void vscode.window.showErrorMessage('Rust Safety Coach: that does not name a lesson.');
      return;
    }
    await progress.markUnderstood(args.lesson, args.understood);
  });
}
