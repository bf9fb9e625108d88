// The "Findings" view as plain data: one group per lesson, findings in document order.
// No `vscode` import, so the tests run it on real engine findings.
import type { FindingsParams, LessonFindingArgs, OpenLessonArgs } from '../../shared/protocol';
import type { Finding, Position, Severity } from '../../shared/types';
import { parseLessonPanelArgs } from '../lessonPanel/args';

export interface FindingNode {
  kind: 'finding';
  lesson: string;
  label: string;
  severity: Severity;
  finding: Finding;
  /** The `rustSafetyCoach.showFinding` argument: reveal this range, then open the lesson for it. */
  args: OpenLessonArgs & { finding: LessonFindingArgs };
}

export interface FindingGroupNode {
  kind: 'group';
  lesson: string;
  label: string;
  /** The most severe finding in the group, for its icon. */
  severity: Severity;
  children: FindingNode[];
}

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, information: 2, hint: 3 };

function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

/** Longest code snippet shown for a finding, in characters. */
const SNIPPET_LENGTH = 60;

/**
 * The code of a finding's first line, whitespace collapsed, cut to about `SNIPPET_LENGTH` characters
 * around the finding's start so that the flagged code stays in view: with a hundred `unsafe` blocks
 * in one file, this is what tells them apart.
 */
export function findingSnippet(lineText: string, character: number, max = SNIPPET_LENGTH): string {
  const lead = lineText.length - lineText.trimStart().length;
  const text = lineText.trim().replace(/\s+/g, ' ');
  if (text.length <= max) return text;
  // Where the finding starts in the collapsed text (near enough: only runs of spaces were collapsed).
  const at = Math.min(Math.max(character - lead, 0), text.length);
  let start = Math.max(0, Math.min(at - Math.floor(max / 3), text.length - max));
  let end = start + max;
  const head = start > 0 ? '…' : '';
  const tail = end < text.length ? '…' : '';
  if (head) start += 1;
  if (tail) end -= 1;
  return `${head}${text.slice(start, end).trim()}${tail}`;
}

/** `line 12: <code>`, the line 1-based as editors show it; the message when the code is unknown. */
export function findingLabel(finding: Finding, lineText?: string): string {
  const line = `line ${finding.range.start.line + 1}`;
  const snippet = lineText === undefined ? '' : findingSnippet(lineText, finding.range.start.character);
  return `${line}: ${snippet || finding.message}`;
}

/** The arguments `openLesson` gets for a finding, so the lesson panel can show the code and its fix. */
export function lessonArgsFor(uri: string, version: number, finding: Finding): FindingNode['args'] {
  const preferred = finding.fixes.find((fix) => fix.applicability === 'safe');
  const args: LessonFindingArgs = {
    uri,
    version,
    range: finding.range,
    rule: finding.rule,
    message: finding.message,
  };
  if (preferred) args.fix = { title: preferred.title, edits: preferred.edits };
  return { lesson: finding.lesson, finding: args };
}

/**
 * Groups a document's findings by lesson. Groups come in the order of their first finding in the
 * document, findings by position within a group; `titleOf` names a group.
 */
export function groupFindingsByLesson(
  params: FindingsParams,
  titleOf: (lesson: string) => string,
  /** The document's text of a 0-based line, for the snippet; undefined when unknown. */
  lineAt: (line: number) => string | undefined = () => undefined,
): FindingGroupNode[] {
  const sorted = [...params.findings].sort(
    (a, b) => comparePositions(a.range.start, b.range.start) || comparePositions(a.range.end, b.range.end),
  );
  const groups = new Map<string, FindingGroupNode>();
  for (const finding of sorted) {
    let group = groups.get(finding.lesson);
    if (!group) {
      group = {
        kind: 'group',
        lesson: finding.lesson,
        label: titleOf(finding.lesson),
        severity: finding.severity,
        children: [],
      };
      groups.set(finding.lesson, group);
    }
    if (SEVERITY_RANK[finding.severity] < SEVERITY_RANK[group.severity]) group.severity = finding.severity;
    group.children.push({
      kind: 'finding',
      lesson: finding.lesson,
      label: findingLabel(finding, lineAt(finding.range.start.line)),
      severity: finding.severity,
      finding,
      args: lessonArgsFor(params.uri, params.version, finding),
    });
  }
  return [...groups.values()];
}

/**
 * Checks a `showFinding` argument (commands can be run by anyone): an `openLesson` argument, checked
 * the way `openLesson` checks it, that names a finding.
 */
export function parseShowFindingArgs(value: unknown): FindingNode['args'] | undefined {
  const args = parseLessonPanelArgs(value);
  return args?.finding ? { lesson: args.lesson, finding: args.finding } : undefined;
}

/**
 * Keeps the newest findings per document. A notification older than the one kept is dropped (they
 * can overtake each other); the empty list sent when a document closes removes it. A file's
 * findings on disk (the workspace scan's, for files that are not open) always replace what is kept:
 * the server sends them only while the file is closed.
 */
export class FindingsStore {
  private readonly byUri = new Map<string, FindingsParams>();
  private readonly listeners = new Set<(params: FindingsParams) => void>();

  /** Returns whether anything changed. */
  accept(params: FindingsParams): boolean {
    const previous = this.byUri.get(params.uri);
    if (previous && params.onDisk !== true && params.version < previous.version) return false;
    this.byUri.set(params.uri, params);
    for (const listener of [...this.listeners]) listener(params);
    return true;
  }

  /** Calls `listener` with every findings list accepted from now on, until disposed. */
  onDidAccept(listener: (params: FindingsParams) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /**
   * The findings of `uri` at `version` or later: at once if known, else once the server sends
   * them, or undefined after `waitMs` (a file the server does not analyse never gets any).
   */
  whenFindings(uri: string, version: number, waitMs: number): Promise<FindingsParams | undefined> {
    const known = this.byUri.get(uri);
    if (known && known.version >= version) return Promise.resolve(known);
    return new Promise((resolve) => {
      const done = (params: FindingsParams | undefined): void => {
        clearTimeout(timer);
        subscription.dispose();
        resolve(params);
      };
      const subscription = this.onDidAccept((params) => {
        if (params.uri === uri && params.version >= version) done(params);
      });
      const timer = setTimeout(() => done(undefined), waitMs);
    });
  }

  get(uri: string): FindingsParams | undefined {
    return this.byUri.get(uri);
  }

  /** Findings per lesson over every document kept: what the suggested next lesson looks at. */
  countsByLesson(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const params of this.byUri.values()) {
      for (const finding of params.findings)
        counts.set(finding.lesson, (counts.get(finding.lesson) ?? 0) + 1);
    }
    return counts;
  }

  delete(uri: string): void {
    this.byUri.delete(uri);
  }

  clear(): void {
    this.byUri.clear();
  }
}
