import type { OpenLessonArgs } from '../shared/protocol';
import type { Finding } from '../shared/types';

/** A finding as the lesson panel takes it: its place, message and preferred fix (versioned). */
export function lessonArgsFor(
  lesson: string,
  uri: string,
  version: number,
  finding: Pick<Finding, 'rule' | 'message' | 'range' | 'fixes'> | undefined,
): OpenLessonArgs {
  if (!finding) return { lesson };
  const fix = finding.fixes.find((f) => f.applicability === 'safe');
  return {
    lesson,
    finding: {
      uri,
      version,
      range: finding.range,
      rule: finding.rule,
      message: finding.message,
      ...(fix ? { fix: { title: fix.title, edits: fix.edits } } : {}),
    },
  };
}
