// Syntax colours for what the lesson panel shows: the lesson's Rust code blocks, the learner's lines
// around the finding and both sides of the fix preview. The server computes them (it has the
// grammar); this module says what to ask for and puts the answer into the message. No `vscode`
// import, so that it is tested as it is.
import type { HighlightParams, HighlightResult, HighlightSource } from '../../shared/protocol';
import { rustCodeBlocks } from '../../shared/rustFences';
import type { ShowLessonMessage } from '../../shared/webviewProtocol';
import type { DiffHunk } from '../../shared/lineDiff';

/** Asks the server; `undefined` when it cannot answer (not running, failed, too slow). */
export type RequestHighlights = (params: HighlightParams) => Promise<HighlightResult | undefined>;

/** The texts of the finding's file, before and after its fix. */
export interface FindingTexts {
  before: string;
  after?: string;
}

type Side = 'old' | 'new';

/** The 1-based line windows of one side of a diff. */
function hunkWindows(hunks: readonly DiffHunk[], side: Side): Array<{ first: number; last: number }> {
  return hunks.flatMap((hunk) => {
    const lines = hunk.lines.flatMap((line) => {
      if (side === 'old') return line.kind === 'added' ? [] : [line.oldLine];
      return line.kind === 'removed' ? [] : [line.newLine];
    });
    return lines.length > 0 ? [{ first: Math.min(...lines), last: Math.max(...lines) }] : [];
  });
}

/**
 * The message with syntax colours added where the server gave them. One request for everything,
 * so that opening a lesson waits for at most one round trip; the message is unchanged if the
 * server does not answer or answers something else.
 */
export async function withHighlights(
  message: ShowLessonMessage,
  texts: FindingTexts | undefined,
  request: RequestHighlights,
): Promise<ShowLessonMessage> {
  const blocks = [...new Set(rustCodeBlocks(message.lesson.markdown))];
  const sources: HighlightSource[] = blocks.map((text) => ({ text }));
  const finding = message.finding;
  const code = finding?.code;
  const hunks = finding?.fix?.hunks ?? [];
  if (finding && code && texts) {
    const excerpt = { first: code.firstLine, last: code.firstLine + code.lines.length - 1 };
    sources.push({ text: texts.before, lines: [excerpt, ...hunkWindows(hunks, 'old')] });
    if (texts.after !== undefined) sources.push({ text: texts.after, lines: hunkWindows(hunks, 'new') });
  }
  if (sources.length === 0) return message;
  const result = await request({ sources }).catch(() => undefined);
  const answers = result?.highlights;
  if (!Array.isArray(answers) || answers.length !== sources.length) return message;

  const highlighted: ShowLessonMessage = {
    ...message,
    lesson: {
      ...message.lesson,
      highlights: blocks.map((block, i) => ({ code: block, lines: answers[i] ?? [] })),
    },
  };
  if (finding && code && texts) {
    const before = answers[blocks.length] ?? [];
    const after = texts.after !== undefined ? (answers[blocks.length + 1] ?? []) : [];
    highlighted.finding = {
      ...finding,
      code: { ...code, highlights: before },
      ...(finding.fix ? { fix: { ...finding.fix, highlights: { old: before, new: after } } } : {}),
    };
  }
  return highlighted;
}
