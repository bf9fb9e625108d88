// The messages between the extension and the lesson panel (a webview), in both directions, and the
// check for messages that come from the webview. Plain types and functions only: no vscode import,
// so the client, the webview bundle and the tests can all use this file.
//
// Everything the webview sends is untrusted (a compromised or buggy page can post anything), so the
// extension accepts webview messages only through `parseWebviewMessage`.
import type { OpenLessonArgs } from './protocol';
import type { HighlightedLine } from './highlightTokens';
import type { DiffHunk } from './lineDiff';
import type { SelfCheck } from './lessons/selfCheck';
import type { Table, TableRef } from './lessons/tables';

/** `WebviewPanel.viewType` of the lesson panel; the serializer is registered for it. */
export const LESSON_VIEW_TYPE = 'rustSafetyCoach.lesson';

/** Lesson ids are kebab-case file names (the same rule as the `openLesson` command's). */
export const LESSON_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** One lesson, as Markdown: the webview renders it with markdown-it (raw HTML off). */
export interface LessonView {
  id: string;
  title: string;
  /** Rule ids that link to this lesson. */
  rules: string[];
  /**
   * Markdown body, front matter and self-check removed. `[text](lesson:other-id)` links navigate in
   * the panel; a `### Answer` under `## Try it` is folded away until the learner opens it.
   */
  markdown: string;
  /** The lesson's one self-check question, asked below the lesson with instant feedback. */
  selfCheck?: SelfCheck;
  /** Colours of its Rust code blocks, found by the block's text; a block not here stays plain. */
  highlights?: HighlightedBlock[];
}

/** The syntax colours of one code block, whose text is `code` (with its final line break). */
export interface HighlightedBlock {
  code: string;
  lines: HighlightedLine[];
}

/** Consecutive source lines; `firstLine` is 1-based. Shown as text, never as HTML. */
export interface CodeLines {
  firstLine: number;
  lines: string[];
  /** Syntax colours, by the file's 1-based line numbers. */
  highlights?: HighlightedLine[];
}

/** The learner's code at a finding and the preferred fix as a diff. */
export interface FindingView {
  rule: string;
  message: string;
  /** A short label for the file, e.g. `src/main.rs`. */
  file: string;
  /** 1-based line of the finding's start. */
  line: number;
  /** A few lines around the finding. */
  code: CodeLines;
  /** 1-based lines of `code` that the finding covers (inclusive). */
  focus: { first: number; last: number };
  /** Only the lines the fix changes, with a little context around each change. */
  fix?: {
    title: string;
    hunks: DiffHunk[];
    /** Syntax colours of the file before (`oldLine`) and after (`newLine`) the fix. */
    highlights?: { old: HighlightedLine[]; new: HighlightedLine[] };
  };
  /** The file changed since the finding was reported: the fix can no longer be applied. */
  stale: boolean;
}

export interface ShowLessonMessage {
  type: 'showLesson';
  lesson: LessonView;
  tables: Table[];
  /** The table rows this lesson (and its finding) belongs to. */
  highlight: TableRef[];
  finding?: FindingView;
  /** Ids of the lessons that exist: table rows link to their lesson only when it is here. */
  available: string[];
  understood: boolean;
  /** The learner answered this lesson's self-check right before. */
  selfChecked?: boolean;
  /** What the panel shows, for `setState`: the serializer reopens the panel from it after a reload. */
  restore: OpenLessonArgs;
}

export type FixStatus = 'applied' | 'stale' | 'closed' | 'failed';

export type ExtensionToWebviewMessage =
  | ShowLessonMessage
  | { type: 'fixStatus'; status: FixStatus; text: string }
  | { type: 'understood'; lesson: string; understood: boolean };

export type WebviewToExtensionMessage =
  /** The script has loaded and listens: send it the lesson. */
  | { type: 'ready' }
  /** Apply the finding's preferred fix (the extension knows which; the webview sends no edits). */
  | { type: 'applyFix' }
  /** Reveal the finding's range in its editor. */
  | { type: 'goToCode' }
  /** A `lesson:` link was followed. */
  | { type: 'openLesson'; lesson: string }
  | { type: 'markUnderstood'; lesson: string; understood: boolean }
  /** The learner picked choice `choice` (0-based) of the lesson's self-check. */
  | { type: 'answerSelfCheck'; lesson: string; choice: number };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isLessonId(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 100 && LESSON_ID_PATTERN.test(value);
}

/**
 * Checks a message posted by the webview. Returns a fresh object holding only the known fields, or
 * `undefined` for anything else (unknown type, missing or malformed fields).
 */
export function parseWebviewMessage(value: unknown): WebviewToExtensionMessage | undefined {
  if (!isRecord(value)) return undefined;
  switch (value.type) {
    case 'ready':
    case 'applyFix':
    case 'goToCode':
      return { type: value.type };
    case 'openLesson':
      return isLessonId(value.lesson) ? { type: 'openLesson', lesson: value.lesson } : undefined;
    case 'markUnderstood':
      return isLessonId(value.lesson) && typeof value.understood === 'boolean'
        ? { type: 'markUnderstood', lesson: value.lesson, understood: value.understood }
        : undefined;
    case 'answerSelfCheck':
      return isLessonId(value.lesson) &&
        typeof value.choice === 'number' &&
        Number.isInteger(value.choice) &&
        value.choice >= 0 &&
        value.choice < 100
        ? { type: 'answerSelfCheck', lesson: value.lesson, choice: value.choice }
        : undefined;
    default:
      return undefined;
  }
}

/** What the webview keeps with `setState`; VS Code hands it to the serializer after a reload. */
export interface LessonPanelState {
  restore: OpenLessonArgs;
  /** The last lesson shown, so that a reloaded page can draw it before the extension answers. */
  view?: ShowLessonMessage;
}
