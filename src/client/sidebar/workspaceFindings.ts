// The Findings view over the whole workspace, as plain data: lessons, then (when a lesson's
// findings are in several files) one node per file, then the findings. Lessons and files come from
// the store's running counts; a file's findings are only sorted and labelled when it is expanded,
// so thousands of findings cost little until they are looked at. No `vscode` import.
import { SEVERITIES, type Severity } from '../../shared/types';
import { type FindingNode, type FindingsStore, findingNode, sortedFindings } from './findingGroups';
import { type FileCount, worse } from './lessonFileIndex';

/** A lesson's findings are grouped by file once they are in at least this many files. */
export const FILE_GROUPING_MIN_FILES = 2;

/** File nodes start expanded while their lesson has at most this many findings. */
export const EXPANDED_FILES_MAX_FINDINGS = 30;

export interface LessonNode {
  kind: 'lesson';
  lesson: string;
  label: string;
  /** The most severe finding of the lesson, for its icon. */
  severity: Severity;
  count: number;
  files: number;
  /** The one file's URI when every finding of the lesson is in it (no file nodes then). */
  onlyFile?: string;
}

export interface FileNode {
  kind: 'file';
  lesson: string;
  uri: string;
  /** Workspace-relative, as the Explorer and the Problems panel show it. */
  path: string;
  count: number;
  severity: Severity;
  /** Whether it starts expanded: its lesson has few findings. */
  expanded: boolean;
}

export type WorkspaceNode = LessonNode | FileNode | FindingNode;

export interface WorkspaceLabels {
  titleOf: (lesson: string) => string;
  /** A lesson's place in the course; lessons not in it go last. */
  courseRank: (lesson: string) => number;
  relativePath: (uri: string) => string;
  /** An open document's line (0-based), for the freshest snippet; undefined for files not open. */
  lineAt: (uri: string, line: number) => string | undefined;
}

const severityRank = (severity: Severity): number => SEVERITIES.indexOf(severity);

/**
 * Every lesson with findings: the most severe first (as the Problems panel puts errors first),
 * then in course order, so that among equals the learner meets the basics first.
 */
export function lessonNodes(store: FindingsStore, labels: WorkspaceLabels): LessonNode[] {
  const nodes: LessonNode[] = [];
  for (const [lesson, files] of store.index.lessons()) {
    let count = 0;
    let severity: Severity = 'hint';
    for (const file of files.values()) {
      count += file.count;
      severity = worse(severity, file.severity);
    }
    const node: LessonNode = {
      kind: 'lesson',
      lesson,
      label: labels.titleOf(lesson),
      severity,
      count,
      files: files.size,
    };
    if (files.size === 1) node.onlyFile = files.keys().next().value;
    nodes.push(node);
  }
  return nodes.sort(
    (a, b) =>
      severityRank(a.severity) - severityRank(b.severity) ||
      labels.courseRank(a.lesson) - labels.courseRank(b.lesson) ||
      a.label.localeCompare(b.label) ||
      a.lesson.localeCompare(b.lesson),
  );
}

/** A lesson's children: its files by path when there are several, else its findings by position. */
export function lessonChildren(
  store: FindingsStore,
  node: LessonNode,
  labels: WorkspaceLabels,
): Array<FileNode | FindingNode> {
  const files = store.index.files(node.lesson);
  if (!files) return [];
  if (files.size < FILE_GROUPING_MIN_FILES) {
    const [uri] = files.keys();
    return uri === undefined ? [] : fileFindings(store, node.lesson, uri, labels);
  }
  const expanded = node.count <= EXPANDED_FILES_MAX_FINDINGS;
  return [...files]
    .map(([uri, count]: [string, FileCount]): FileNode => ({
      kind: 'file',
      lesson: node.lesson,
      uri,
      path: labels.relativePath(uri),
      count: count.count,
      severity: count.severity,
      expanded,
    }))
    .sort((a, b) => comparePaths(a.path, b.path) || a.uri.localeCompare(b.uri));
}

/** A file's findings of one lesson, by position. */
export function fileFindings(
  store: FindingsStore,
  lesson: string,
  uri: string,
  labels: Pick<WorkspaceLabels, 'lineAt'>,
): FindingNode[] {
  const params = store.get(uri);
  if (!params) return [];
  const lineAt = (line: number) => labels.lineAt(uri, line);
  return sortedFindings(params, (f) => f.lesson === lesson).map(({ finding, index }) =>
    findingNode(params, finding, index, lineAt),
  );
}

/** How many findings the workspace has, in how many files. */
export function workspaceCounts(store: FindingsStore): { findings: number; files: number } {
  let findings = 0;
  let files = 0;
  for (const params of store.all()) {
    if (params.findings.length === 0) continue;
    findings += params.findings.length;
    files++;
  }
  return { findings, files };
}

/** Segment by segment, so that a folder's files stay together (`/` is no character of a name). */
function comparePaths(a: string, b: string): number {
  const as = a.split('/');
  const bs = b.split('/');
  for (let i = 0; i < Math.min(as.length, bs.length); i++) {
    const c = (as[i] as string).localeCompare(bs[i] as string);
    if (c !== 0) return c;
  }
  return as.length - bs.length;
}
