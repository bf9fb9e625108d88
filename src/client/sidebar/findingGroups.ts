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

/** `line 12: message`, the line 1-based as editors show it. */
export function findingLabel(finding: Finding): string {
  return `line ${finding.range.start.line + 1}: ${finding.message}`;
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
      label: findingLabel(finding),
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
 * can overtake each other); the empty list sent when a document closes removes it.
 */
export class FindingsStore {
  private readonly byUri = new Map<string, FindingsParams>();
  private readonly listeners = new Set<(params: FindingsParams) => void>();

  /** Returns whether anything changed. */
  accept(params: FindingsParams): boolean {
    const previous = this.byUri.get(params.uri);
    if (previous && params.version < previous.version) return false;
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

  delete(uri: string): void {
    this.byUri.delete(uri);
  }

  clear(): void {
    this.byUri.clear();
  }
}
