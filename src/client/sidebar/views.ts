// The three tree views of the Rust Safety Coach activity-bar container. The data comes from the pure
// modules next to this one; this file only turns it into `TreeItem`s.
import * as vscode from 'vscode';
import type { Severity } from '../../shared/types';
import type { ProgressStore } from '../progress/progressStore';
import { progressLabel, summarizeProgress } from '../progress/progressState';
import { type CatalogNode, type CatalogTableNode, catalogLessonIds, type LessonSummary } from './catalogTree';
import { courseOrder, levelLabel, suggestNextLesson } from './course';
import {
  type FindingGroupNode,
  type FindingNode,
  type FindingsStore,
  groupFindingsByLesson,
} from './findingGroups';
import type { FindingsScope } from './findingsScope';
import {
  type FileNode,
  fileFindings,
  lessonChildren,
  type LessonNode,
  lessonNodes,
  type WorkspaceLabels,
  workspaceCounts,
} from './workspaceFindings';

const SEVERITY_ICONS: Record<Severity, vscode.ThemeIcon> = {
  error: new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground')),
  warning: new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground')),
  information: new vscode.ThemeIcon('info', new vscode.ThemeColor('problemsInfoIcon.foreground')),
  hint: new vscode.ThemeIcon('lightbulb'),
};

abstract class RefreshingProvider<T> implements vscode.TreeDataProvider<T> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;

  refresh(): void {
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }

  abstract getTreeItem(element: T): vscode.TreeItem;
  abstract getChildren(element?: T): T[];
}

type FindingsTreeNode = FindingGroupNode | FindingNode | LessonNode | FileNode;

/**
 * The workspace's findings grouped by lesson (and by file inside a lesson with findings in several),
 * or those of the Rust document last shown in an editor, grouped by lesson.
 */
export class FindingsProvider extends RefreshingProvider<FindingsTreeNode> {
  /** The document shown; kept while a webview (such as the lesson panel) has the focus. */
  uri: string | undefined;
  scope: FindingsScope = 'file';

  constructor(
    private readonly store: FindingsStore,
    private readonly titleOf: (lesson: string) => string,
    private readonly courseRank: (lesson: string) => number,
  ) {
    super();
  }

  getTreeItem(node: FindingsTreeNode): vscode.TreeItem {
    if (node.kind === 'group') {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
      const count = node.children.length;
      item.description = `${count}`;
      item.tooltip = `${node.label} (${findingsCount(count)})`;
      item.iconPath = SEVERITY_ICONS[node.severity];
      item.contextValue = 'findingGroup';
      item.id = `group:${node.lesson}`;
      return item;
    }
    if (node.kind === 'lesson') {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
      const only = node.onlyFile === undefined ? undefined : relativePath(node.onlyFile);
      item.description =
        only === undefined ? `${node.count} in ${node.files} files` : `${node.count} · ${only}`;
      item.tooltip = `${node.label} (${findingsCount(node.count)} in ${only ?? `${node.files} files`})`;
      item.iconPath = SEVERITY_ICONS[node.severity];
      item.contextValue = 'findingGroup';
      item.id = `lesson:${node.lesson}`;
      return item;
    }
    if (node.kind === 'file') {
      const state = node.expanded
        ? vscode.TreeItemCollapsibleState.Expanded
        : vscode.TreeItemCollapsibleState.Collapsed;
      const item = new vscode.TreeItem(node.path, state);
      // No `resourceUri`: its Problems badge counts every finding of the file, beside this lesson's.
      item.iconPath = new vscode.ThemeIcon('file');
      item.description = `${node.count}`;
      item.tooltip = `${node.path} (${findingsCount(node.count)})`;
      item.contextValue = 'findingFile';
      item.id = `file:${node.lesson}:${node.uri}`;
      return item;
    }
    const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
    const { rule, message } = node.finding;
    const where = this.scope === 'workspace' ? `\n${relativePath(node.args.finding.uri)}` : '';
    item.description = rule;
    item.tooltip = `${node.severity}: ${message} (${rule})\n${node.label}${where}`;
    item.accessibilityInformation = { label: `${node.severity}, ${node.label}, ${message}, rule ${rule}` };
    item.iconPath = SEVERITY_ICONS[node.severity];
    item.contextValue = 'finding';
    item.command = { command: 'rustSafetyCoach.showFinding', title: 'Show Finding', arguments: [node.args] };
    return item;
  }

  getChildren(node?: FindingsTreeNode): FindingsTreeNode[] {
    if (node?.kind === 'group') return node.children;
    if (node?.kind === 'lesson') return lessonChildren(this.store, node, this.labels());
    if (node?.kind === 'file') return fileFindings(this.store, node.lesson, node.uri, this.labels());
    if (node) return [];
    if (this.scope === 'workspace') return lessonNodes(this.store, this.labels());
    const params = this.uri === undefined ? undefined : this.store.get(this.uri);
    if (!params) return [];
    const lineAt = this.labels().lineAt;
    return groupFindingsByLesson(params, this.titleOf, (line) => lineAt(params.uri, line));
  }

  private labels(): WorkspaceLabels {
    const open = new Map(vscode.workspace.textDocuments.map((doc) => [doc.uri.toString(), doc]));
    return {
      titleOf: this.titleOf,
      courseRank: this.courseRank,
      relativePath,
      // An open document may be a few keystrokes ahead of its findings; its lines are near enough.
      lineAt: (uri, line) => {
        const document = open.get(uri);
        return document && line < document.lineCount ? document.lineAt(line).text : undefined;
      },
    };
  }

  /** The view's message: why it is empty, or nothing when it lists findings. */
  message(): string | undefined {
    if (this.scope === 'workspace') {
      return workspaceCounts(this.store).findings === 0 ? 'No findings in the workspace.' : undefined;
    }
    if (this.uri === undefined) return 'Open a Rust file to see its findings.';
    const params = this.store.get(this.uri);
    if (!params) return 'Analysing…';
    return params.findings.length === 0 ? 'No findings in this file.' : undefined;
  }

  /** The view's description: how many findings it lists, and where. */
  description(): string | undefined {
    if (this.scope === 'workspace') {
      const { findings, files } = workspaceCounts(this.store);
      return findings === 0 ? undefined : `${findings} in ${files} file${files === 1 ? '' : 's'}`;
    }
    const params = this.uri === undefined ? undefined : this.store.get(this.uri);
    if (!params || params.findings.length === 0) return undefined;
    return `${params.findings.length} in ${relativePath(params.uri)}`;
  }
}

function findingsCount(count: number): string {
  return `${count} finding${count === 1 ? '' : 's'}`;
}

/** A URI's path from its workspace folder, as the Explorer names it (with the folder when several). */
function relativePath(uri: string): string {
  return vscode.workspace.asRelativePath(vscode.Uri.parse(uri));
}

/** The suggested next lesson, and the "Course" group of every lesson in course order. */
type CourseNode =
  | { kind: 'next'; lesson: string; summary: LessonSummary; reason: 'findings' | 'next in course' }
  | { kind: 'course'; children: LessonSummary[] }
  // `lesson` is the id, so that the node itself is a valid `{ lesson }` command argument.
  | { kind: 'courseLesson'; lesson: string; summary: LessonSummary };

type LessonsNode = CatalogNode | CourseNode;

/**
 * The suggested next lesson, the course (every lesson in course order, with its level), then both
 * tables with their rows and the lessons under each row; a check on understood lessons.
 */
export class LessonsProvider extends RefreshingProvider<LessonsNode> {
  private readonly course: LessonSummary[];

  constructor(
    private readonly tree: CatalogTableNode[],
    private readonly progress: ProgressStore,
    lessons: Iterable<LessonSummary>,
    private readonly findings: FindingsStore,
  ) {
    super();
    this.course = courseOrder(lessons);
  }

  private lessonItem(id: string, label: string, available: boolean, idPrefix: string): vscode.TreeItem {
    const understood = this.progress.isUnderstood(id);
    const opened = this.progress.isOpened(id);
    const state = understood ? 'understood' : opened ? 'opened' : undefined;
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    item.id = `${idPrefix}${id}`;
    item.description = state;
    item.tooltip = available ? `${label}${state ? ` (${state})` : ''}` : `${label} (not written yet)`;
    item.iconPath = new vscode.ThemeIcon(
      understood ? 'check' : 'book',
      understood ? new vscode.ThemeColor('testing.iconPassed') : undefined,
    );
    item.contextValue = understood ? 'lesson.understood' : 'lesson';
    item.command = {
      command: 'rustSafetyCoach.openLesson',
      title: 'Open Lesson',
      arguments: [{ lesson: id }],
    };
    return item;
  }

  getTreeItem(node: LessonsNode): vscode.TreeItem {
    if (node.kind === 'next') {
      const item = this.lessonItem(node.lesson, `Next: ${node.summary.title}`, true, 'next:');
      const why = node.reason === 'findings' ? 'your code has findings for it' : 'next in the course';
      item.description = why;
      item.tooltip = `Suggested next lesson: ${node.summary.title} (${why})`;
      item.iconPath = new vscode.ThemeIcon('arrow-right');
      return item;
    }
    if (node.kind === 'course') {
      const item = new vscode.TreeItem('Course', vscode.TreeItemCollapsibleState.Expanded);
      item.id = 'course';
      item.iconPath = new vscode.ThemeIcon('mortar-board');
      item.description = `${node.children.length} lessons`;
      return item;
    }
    if (node.kind === 'courseLesson') {
      const lesson = node.summary;
      const item = this.lessonItem(lesson.id, lesson.title, true, 'course:');
      const level = levelLabel(lesson.level);
      const state = typeof item.description === 'string' ? item.description : undefined;
      item.description = [level, state].filter(Boolean).join(' · ') || undefined;
      item.tooltip = `${lesson.title}${level ? ` (${level})` : ''}${state ? `, ${state}` : ''}`;
      return item;
    }
    if (node.kind === 'table') {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `table:${node.table}`;
      item.iconPath = new vscode.ThemeIcon('table');
      return item;
    }
    if (node.kind === 'row') {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `row:${node.table}:${node.row}`;
      item.tooltip = node.details.join('\n');
      item.description = `${node.children.length} lesson${node.children.length === 1 ? '' : 's'}`;
      return item;
    }
    return this.lessonItem(node.lesson, node.label, node.available, 'lesson:');
  }

  getChildren(node?: LessonsNode): LessonsNode[] {
    if (!node) {
      const next = suggestNextLesson(this.course, {
        understood: new Set(this.progress.state.understood),
        findings: this.findings.countsByLesson(),
      });
      return [
        ...(next
          ? [{ kind: 'next' as const, lesson: next.lesson.id, summary: next.lesson, reason: next.reason }]
          : []),
        { kind: 'course', children: this.course },
        ...this.tree,
      ];
    }
    if (node.kind === 'course')
      return node.children.map((summary) => ({ kind: 'courseLesson', lesson: summary.id, summary }));
    if (node.kind === 'table' || node.kind === 'row') return node.children;
    return [];
  }
}

interface ProgressNode {
  label: string;
}

/** "N of M lessons opened, K understood". */
export class ProgressProvider extends RefreshingProvider<ProgressNode> {
  private readonly catalog: string[];

  constructor(
    tree: readonly CatalogTableNode[],
    private readonly progress: ProgressStore,
  ) {
    super();
    this.catalog = catalogLessonIds(tree);
  }

  getTreeItem(node: ProgressNode): vscode.TreeItem {
    const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
    item.iconPath = new vscode.ThemeIcon('mortar-board');
    item.id = 'progress';
    return item;
  }

  getChildren(node?: ProgressNode): ProgressNode[] {
    if (node) return [];
    return [{ label: progressLabel(summarizeProgress(this.progress.state, this.catalog)) }];
  }
}
