// Builds what the lesson panel shows of a finding: the learner's code around it and the preferred
// fix as a unified diff. Pure functions over the document text; no `vscode` import.
import type { LessonFindingArgs } from '../../shared/protocol';
import { textHash } from '../../shared/textHash';
import type { Position, TextEdit } from '../../shared/types';
import { diffHunks, type DiffHunk } from '../../shared/lineDiff';
import type { CodeLines, FindingView } from '../../shared/webviewProtocol';

/** Lines of context shown above and below the finding. */
const CONTEXT_LINES = 2;
/** Longest excerpt shown; a finding spanning a whole function is cut here. */
const MAX_LINES = 16;

interface SourceText {
  text: string;
  lines: string[];
  /** Offset of each line's first character. */
  starts: number[];
}

function source(text: string): SourceText {
  const lines: string[] = [];
  const starts: number[] = [];
  const lineBreak = /\r\n|\r|\n/g;
  let start = 0;
  for (let match = lineBreak.exec(text); match; match = lineBreak.exec(text)) {
    starts.push(start);
    lines.push(text.slice(start, match.index));
    start = match.index + match[0].length;
  }
  starts.push(start);
  lines.push(text.slice(start));
  return { text, lines, starts };
}

function clampLine(src: SourceText, line: number): number {
  return Math.min(Math.max(line, 0), src.lines.length - 1);
}

function offsetAt(src: SourceText, { line, character }: Position): number {
  const l = clampLine(src, line);
  return (src.starts[l] ?? 0) + Math.min(character, (src.lines[l] ?? '').length);
}

function excerpt(src: SourceText, first: number, last: number): CodeLines {
  const from = clampLine(src, first);
  const to = Math.min(clampLine(src, last), from + MAX_LINES - 1);
  return { firstLine: from + 1, lines: src.lines.slice(from, to + 1) };
}

/** `text` with non-overlapping `edits` applied. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const src = source(text);
  const sorted = edits
    .map((edit) => ({ start: offsetAt(src, edit.range.start), end: offsetAt(src, edit.range.end), edit }))
    .sort((a, b) => b.start - a.start || b.end - a.end);
  let result = text;
  for (const { start, end, edit } of sorted)
    result = result.slice(0, start) + edit.newText + result.slice(end);
  return result;
}

/** The fix as unified-diff hunks: the changed lines of the whole file, with a little context. */
export function fixDiff(text: string, edits: readonly TextEdit[]): DiffHunk[] {
  return diffHunks(source(text).lines, source(applyEdits(text, edits)).lines, { context: CONTEXT_LINES });
}

/** The document a finding is in, as the panel finds it now. */
export interface CurrentDocument {
  version: number;
  text: string;
  /** It was open before the panel asked for it (an editor or another extension holds it). */
  wasOpen: boolean;
}

/**
 * Whether a finding still holds in the document as it is now, and the finding to keep: the same
 * version proves it, and so does the same text at another version (a window reload starts versions
 * again), in which case the finding moves to the new version so that its fix can still be applied.
 * The finding kept carries the text's hash, for the next reload.
 */
export function currentFinding(
  finding: LessonFindingArgs,
  document: CurrentDocument,
): { finding: LessonFindingArgs; stale: boolean } {
  const hash = textHash(document.text);
  // Without a hash, a document opened just now cannot prove it is the one at the finding's version.
  if (finding.textHash === undefined && !document.wasOpen) return { finding, stale: true };
  if (document.version === finding.version) {
    // A hash that disagrees at the same version means the finding came from another session.
    if (finding.textHash !== undefined && finding.textHash !== hash) return { finding, stale: true };
    return { finding: { ...finding, textHash: hash }, stale: false };
  }
  if (finding.textHash === hash) return { finding: { ...finding, version: document.version }, stale: false };
  return { finding, stale: true };
}

/** A short, readable name for a document URI: its path from the workspace, or its last segments. */
export function fileLabel(uri: string, relativePath?: string): string {
  if (relativePath) return relativePath;
  const path = uri.replace(/[?#].*$/, '');
  const segments = path.split('/').filter(Boolean);
  return decodeURIComponent(segments.slice(-2).join('/')) || uri;
}

export function findingView(
  finding: LessonFindingArgs,
  text: string,
  options: { file: string; stale: boolean },
): FindingView {
  const src = source(text);
  const { start, end } = finding.range;
  const view: FindingView = {
    rule: finding.rule ?? '',
    message: finding.message ?? '',
    file: options.file,
    line: start.line + 1,
    code: excerpt(src, start.line - CONTEXT_LINES, end.line + CONTEXT_LINES),
    focus: { first: start.line + 1, last: end.line + 1 },
    stale: options.stale,
  };
  if (finding.fix && finding.fix.edits.length > 0 && !options.stale) {
    view.fix = { title: finding.fix.title, hunks: fixDiff(text, finding.fix.edits) };
  }
  return view;
}
