// The "Findings" view as plain data: one group per lesson, findings in document order.
// No `vscode` import, so the tests run it on real engine findings.
import type { FindingsParams, LessonFindingArgs, OpenLessonArgs } from '../../shared/protocol';
import type { Finding, Position, Severity } from '../../shared/types';
import { findingSnippet } from '../../shared/findingSnippet';
import { parseLessonPanelArgs } from '../lessonPanel/args';
import { LessonFileIndex, worse } from './lessonFileIndex';

export { findingSnippet } from '../../shared/findingSnippet';

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

function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

/**
 * `line 12: <code>`, the line 1-based as editors show it: the code from the document's line, else
 * the snippet the server sent, else the message.
 */
export function findingLabel(finding: Finding, lineText?: string, snippet?: string): string {
  const line = `line ${finding.range.start.line + 1}`;
  const code = lineText === undefined ? snippet : findingSnippet(lineText, finding.range.start.character);
  return `${line}: ${code || finding.message}`;
}

/** A document's findings (those `keep` accepts) by position, each with its index in `params`. */
export function sortedFindings(
  params: FindingsParams,
  keep: (finding: Finding) => boolean = () => true,
): Array<{ finding: Finding; index: number }> {
  const kept: Array<{ finding: Finding; index: number }> = [];
  params.findings.forEach((finding, index) => {
    if (keep(finding)) kept.push({ finding, index });
  });
  return kept.sort(
    ({ finding: a }, { finding: b }) =>
      comparePositions(a.range.start, b.range.start) || comparePositions(a.range.end, b.range.end),
  );
}

/** The node of `params.findings[index]`; `lineAt` gives the document's line when it is open. */
export function findingNode(
  params: FindingsParams,
  finding: Finding,
  index: number,
  lineAt: (line: number) => string | undefined,
): FindingNode {
  // Snippets that do not pair up with the findings are ignored rather than mislabel them.
  const snippets = params.snippets?.length === params.findings.length ? params.snippets : undefined;
  return {
    kind: 'finding',
    lesson: finding.lesson,
    label: findingLabel(finding, lineAt(finding.range.start.line), snippets?.[index]),
    severity: finding.severity,
    finding,
    args: lessonArgsFor(params.uri, params.version, finding),
  };
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
  const groups = new Map<string, FindingGroupNode>();
  for (const { finding, index } of sortedFindings(params)) {
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
    group.severity = worse(group.severity, finding.severity);
    group.children.push(findingNode(params, finding, index, lineAt));
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
  /** Counts per lesson and file, kept as findings come and go. */
  readonly index = new LessonFileIndex();

  /** Returns whether anything changed. */
  accept(params: FindingsParams): boolean {
    const previous = this.byUri.get(params.uri);
    if (previous && params.onDisk !== true && params.version < previous.version) return false;
    if (previous) this.index.remove(previous);
    this.byUri.set(params.uri, params);
    this.index.add(params);
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
    for (const [lesson, files] of this.index.lessons()) {
      let count = 0;
      for (const file of files.values()) count += file.count;
      counts.set(lesson, count);
    }
    return counts;
  }

  /** Every document kept. */
  all(): IterableIterator<FindingsParams> {
    return this.byUri.values();
  }

  delete(uri: string): void {
    const previous = this.byUri.get(uri);
    if (previous) this.index.remove(previous);
    this.byUri.delete(uri);
  }

  clear(): void {
    this.byUri.clear();
    this.index.clear();
  }
}
