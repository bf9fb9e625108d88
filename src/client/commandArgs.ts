// Shape checks for command arguments. They arrive from `command:` links in server Markdown and from
// code actions, so they are untrusted JSON: check them before touching the workspace.
// No `vscode` import, so that these checks stay plain functions.
import type { ApplyFixArgs, OpenLessonArgs } from '../shared/protocol';
import type { Position, Range, TextEdit } from '../shared/types';

/** Lesson ids are also file names, so anything that could leave `lessons/` is refused. */
const LESSON_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

function isPosition(value: unknown): value is Position {
  return isRecord(value) && isCount(value.line) && isCount(value.character);
}

export function isRange(value: unknown): value is Range {
  return isRecord(value) && isPosition(value.start) && isPosition(value.end);
}

function isTextEdit(value: unknown): value is TextEdit {
  return isRecord(value) && isRange(value.range) && typeof value.newText === 'string';
}

export function parseOpenLessonArgs(value: unknown): OpenLessonArgs | undefined {
  if (!isRecord(value) || typeof value.lesson !== 'string' || !LESSON_ID.test(value.lesson)) return undefined;
  return { lesson: value.lesson };
}

/** Far more than any one fix needs (fix-all on a large file stays in the hundreds). */
export const MAX_FIX_EDITS = 10_000;

export function parseApplyFixArgs(value: unknown): ApplyFixArgs | undefined {
  if (!isRecord(value) || typeof value.uri !== 'string' || !isCount(value.version)) return undefined;
  const { title, edits } = value;
  if (typeof title !== 'string' || !Array.isArray(edits) || edits.length === 0) return undefined;
  if (edits.length > MAX_FIX_EDITS || !edits.every(isTextEdit)) return undefined;
  return { uri: value.uri, version: value.version, title, edits };
}
