// Shape checks for what opens the lesson panel: `openLesson` command arguments (from `command:`
// links and other extensions, so untrusted JSON) and the state VS Code hands back after a reload.
// No `vscode` import, so that these stay plain functions.
import type { LessonFindingArgs, OpenLessonArgs } from '../../shared/protocol';
import { isCount, isRange, isRecord, parseApplyFixArgs, parseOpenLessonArgs } from '../commandArgs';

function optionalText(value: unknown): string | undefined {
  return typeof value === 'string' && value.length <= 2000 ? value : undefined;
}

/** The finding part of `OpenLessonArgs`; a malformed finding is dropped, not the whole lesson. */
export function parseLessonFindingArgs(value: unknown): LessonFindingArgs | undefined {
  if (!isRecord(value) || typeof value.uri !== 'string' || !isCount(value.version) || !isRange(value.range)) {
    return undefined;
  }
  const { start, end } = value.range;
  const finding: LessonFindingArgs = {
    uri: value.uri,
    version: value.version,
    range: {
      start: { line: start.line, character: start.character },
      end: { line: end.line, character: end.character },
    },
  };
  const rule = optionalText(value.rule);
  if (rule !== undefined) finding.rule = rule;
  const message = optionalText(value.message);
  if (message !== undefined) finding.message = message;
  if (typeof value.textHash === 'string' && /^[0-9a-f]{1,16}-[0-9a-f]{16}$/.test(value.textHash)) {
    finding.textHash = value.textHash;
  }
  if (isRecord(value.fix)) {
    // The fix is exactly an `applyFix` argument minus the uri and version it shares with the finding.
    const fix = parseApplyFixArgs({ ...value.fix, uri: value.uri, version: value.version });
    if (fix) finding.fix = { title: fix.title, edits: fix.edits };
  }
  return finding;
}

/** `openLesson` arguments: `{ lesson, finding? }`, compatible with `parseOpenLessonArgs`. */
export function parseLessonPanelArgs(value: unknown): OpenLessonArgs | undefined {
  const args = parseOpenLessonArgs(value);
  if (!args || !isRecord(value)) return undefined;
  const finding = value.finding === undefined ? undefined : parseLessonFindingArgs(value.finding);
  return finding ? { lesson: args.lesson, finding } : { lesson: args.lesson };
}

/** The arguments to reopen a panel with, from the webview's saved state (`LessonPanelState`). */
export function parsePanelState(state: unknown): OpenLessonArgs | undefined {
  return isRecord(state) ? parseLessonPanelArgs(state.restore) : undefined;
}
