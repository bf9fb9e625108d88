// The one place other parts of the client (the `openLesson` command, the lesson panel) reach the
// learner's progress, without being handed the store: the sidebar installs its store here.
// No `vscode` import.
import type { ProgressStore } from './progressStore';

let store: ProgressStore | undefined;

/** Installed by the sidebar on activation; returns an undo for `dispose`. */
export function setProgressStore(next: ProgressStore): { dispose(): void } {
  store = next;
  return {
    dispose: () => {
      if (store === next) store = undefined;
    },
  };
}

/** Records that a lesson was shown. Call it whenever `rustSafetyCoach.openLesson` shows a lesson. */
export function lessonOpened(lesson: string): void {
  void store?.opened(lesson);
}

export function isLessonUnderstood(lesson: string): boolean {
  return store?.isUnderstood(lesson) ?? false;
}

export function setLessonUnderstood(lesson: string, understood: boolean): Promise<void> {
  return store?.markUnderstood(lesson, understood) ?? Promise.resolve();
}

export function isSelfCheckPassed(lesson: string): boolean {
  return store?.isSelfChecked(lesson) ?? false;
}

export function recordSelfCheck(lesson: string, correct: boolean): Promise<void> {
  return store?.answeredSelfCheck(lesson, correct) ?? Promise.resolve();
}
