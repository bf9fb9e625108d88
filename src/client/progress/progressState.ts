// The learner's progress through the lessons as plain data, and the pure operations on it.
// No `vscode` import: the store, the sidebar and the tests share these functions.

/** What is kept in `globalState`; `version` lets a later format migrate old state. */
export interface ProgressState {
  version: 1;
  /** Lesson ids in the order they were first opened. */
  opened: string[];
  /** Lesson ids in the order they were marked understood; always a subset of `opened`. */
  understood: string[];
  /**
   * Lessons whose self-check question was answered right, in that order; a subset of `opened`. A
   * later wrong answer does not take it back: the learner has shown they know it once.
   */
  selfChecked: string[];
}

export interface ProgressSummary {
  opened: number;
  understood: number;
  selfChecked: number;
  total: number;
}

export function emptyProgress(): ProgressState {
  return { version: 1, opened: [], understood: [], selfChecked: [] };
}

/** Lesson ids are kebab-case file names; anything else in stored state is dropped. */
const LESSON_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

function lessonIds(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  const ids = value.filter((id): id is string => typeof id === 'string' && LESSON_ID.test(id));
  return [...new Set(ids)];
}

/** Reads stored state leniently: missing, older or damaged state becomes the valid part of it. */
export function parseProgress(value: unknown): ProgressState {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return emptyProgress();
  const record = value as Record<string, unknown>;
  const understood = lessonIds(record.understood);
  const selfChecked = lessonIds(record.selfChecked);
  const opened = lessonIds(record.opened);
  for (const id of [...understood, ...selfChecked]) if (!opened.includes(id)) opened.push(id);
  return { version: 1, opened, understood, selfChecked };
}

export function withOpened(state: ProgressState, lesson: string): ProgressState {
  if (state.opened.includes(lesson)) return state;
  return { ...state, opened: [...state.opened, lesson] };
}

/** Marking a lesson understood also counts it as opened; `false` takes the mark back. */
export function withUnderstood(state: ProgressState, lesson: string, understood = true): ProgressState {
  if (!understood) {
    if (!state.understood.includes(lesson)) return state;
    return { ...state, understood: state.understood.filter((id) => id !== lesson) };
  }
  const opened = withOpened(state, lesson);
  if (opened.understood.includes(lesson)) return opened;
  return { ...opened, understood: [...opened.understood, lesson] };
}

/** A self-check answered: a right answer is recorded (and counts the lesson as opened). */
export function withSelfCheck(state: ProgressState, lesson: string, correct: boolean): ProgressState {
  const opened = withOpened(state, lesson);
  if (!correct || opened.selfChecked.includes(lesson)) return opened;
  return { ...opened, selfChecked: [...opened.selfChecked, lesson] };
}

/**
 * Counts against the lessons that exist (`catalog`), so that ids of lessons removed since they were
 * opened do not push "opened" past the total.
 */
export function summarizeProgress(state: ProgressState, catalog: readonly string[]): ProgressSummary {
  const known = new Set(catalog);
  return {
    opened: state.opened.filter((id) => known.has(id)).length,
    understood: state.understood.filter((id) => known.has(id)).length,
    selfChecked: state.selfChecked.filter((id) => known.has(id)).length,
    total: known.size,
  };
}

export function progressLabel({ opened, understood, selfChecked, total }: ProgressSummary): string {
  const checks = `${selfChecked} self-check${selfChecked === 1 ? '' : 's'} answered right`;
  return `${opened} of ${total} lessons opened, ${understood} understood, ${checks}`;
}
