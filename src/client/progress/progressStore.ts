// Keeps `ProgressState` in a memento (`context.globalState` in the extension, a Map in tests).
// No `vscode` import: the memento is described structurally.
import {
  emptyProgress,
  parseProgress,
  withOpened,
  withSelfCheck,
  withUnderstood,
  type ProgressState,
} from './progressState';

/** The part of `vscode.Memento` the store uses. */
export interface ProgressMemento {
  get(key: string): unknown;
  update(key: string, value: unknown): PromiseLike<void>;
}

export const PROGRESS_KEY = 'rustSafetyCoach.progress';

export class ProgressStore {
  private current: ProgressState;
  private readonly listeners = new Set<(state: ProgressState) => void>();

  constructor(private readonly memento: ProgressMemento) {
    this.current = parseProgress(memento.get(PROGRESS_KEY));
  }

  get state(): ProgressState {
    return this.current;
  }

  isOpened(lesson: string): boolean {
    return this.current.opened.includes(lesson);
  }

  isUnderstood(lesson: string): boolean {
    return this.current.understood.includes(lesson);
  }

  isSelfChecked(lesson: string): boolean {
    return this.current.selfChecked.includes(lesson);
  }

  /** Records an answer to the lesson's self-check; only a right one is kept. */
  answeredSelfCheck(lesson: string, correct: boolean): Promise<void> {
    return this.set(withSelfCheck(this.current, lesson, correct));
  }

  opened(lesson: string): Promise<void> {
    return this.set(withOpened(this.current, lesson));
  }

  markUnderstood(lesson: string, understood = true): Promise<void> {
    return this.set(withUnderstood(this.current, lesson, understood));
  }

  reset(): Promise<void> {
    return this.set(emptyProgress());
  }

  /** Called after every change, with the new state. */
  onDidChange(listener: (state: ProgressState) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private async set(next: ProgressState): Promise<void> {
    if (next === this.current) return;
    this.current = next;
    for (const listener of [...this.listeners]) listener(next);
    await this.memento.update(PROGRESS_KEY, next);
  }
}
