// The three tree views of the Rust Safety Coach activity-bar container. The data comes from the pure
// modules next to this one; this file only turns it into `TreeItem`s.
import * as vscode from 'vscode';
import type { Severity } from '../../shared/types';
import type { ProgressStore } from '../progress/progressStore';
import { progressLabel, summarizeProgress } from '../progress/progressState';
import { type CatalogNode, type CatalogTableNode, catalogLessonIds } from './catalogTree';
import {
  type FindingGroupNode,
  type FindingNode,
  type FindingsStore,
  groupFindingsByLesson,
} from './findingGroups';

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

/** Findings of the Rust document last shown in an editor, grouped by lesson. */
export class FindingsProvider extends RefreshingProvider<FindingGroupNode | FindingNode> {
  /** The document shown; kept while a webview (such as the lesson panel) has the focus. */
  uri: string | undefined;

  constructor(
    private readonly store: FindingsStore,
    private readonly titleOf: (lesson: string) => string,
  ) {
    super();
  }

  getTreeItem(node: FindingGroupNode | FindingNode): vscode.TreeItem {
    if (node.kind === 'group') {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
      const count = node.children.length;
      item.description = `${count}`;
      item.tooltip = `${node.label} (${count} finding${count === 1 ? '' : 's'})`;
      item.iconPath = SEVERITY_ICONS[node.severity];
      item.contextValue = 'findingGroup';
      item.id = `group:${node.lesson}`;
      return item;
    }
    const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
    item.description = node.finding.rule;
    item.tooltip = `${node.severity}: ${node.label} (${node.finding.rule})`;
    item.accessibilityInformation = { label: `${node.severity}, ${node.label}, rule ${node.finding.rule}` };
    item.iconPath = SEVERITY_ICONS[node.severity];
    item.contextValue = 'finding';
    item.command = { command: 'rustSafetyCoach.showFinding', title: 'Show Finding', arguments: [node.args] };
    return item;
  }

  getChildren(node?: FindingGroupNode | FindingNode): Array<FindingGroupNode | FindingNode> {
    if (node) return node.kind === 'group' ? node.children : [];
    const params = this.uri === undefined ? undefined : this.store.get(this.uri);
    return params ? groupFindingsByLesson(params, this.titleOf) : [];
  }

  /** The view's message: why it is empty, or nothing when it lists findings. */
  message(): string | undefined {
    if (this.uri === undefined) return 'Open a Rust file to see its findings.';
    const params = this.store.get(this.uri);
    if (!params) return 'Analysing…';
    return params.findings.length === 0 ? 'No findings in this file.' : undefined;
  }
}

/** Both tables, their rows and the lessons under each row, with a check on understood lessons. */
export class LessonsProvider extends RefreshingProvider<CatalogNode> {
  constructor(
    private readonly tree: CatalogTableNode[],
    private readonly progress: ProgressStore,
  ) {
    super();
  }

  getTreeItem(node: CatalogNode): vscode.TreeItem {
    if (node.kind === 'table') {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
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
    const understood = this.progress.isUnderstood(node.lesson);
    const opened = this.progress.isOpened(node.lesson);
    const state = understood ? 'understood' : opened ? 'opened' : undefined;
    const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
    item.id = `lesson:${node.lesson}`;
    item.description = state;
    item.tooltip = node.available
      ? `${node.label}${state ? ` (${state})` : ''}`
      : `${node.label} (not written yet)`;
    item.iconPath = new vscode.ThemeIcon(
      understood ? 'check' : 'book',
      understood ? new vscode.ThemeColor('testing.iconPassed') : undefined,
    );
    item.contextValue = understood ? 'lesson.understood' : 'lesson';
    item.command = {
      command: 'rustSafetyCoach.openLesson',
      title: 'Open Lesson',
      arguments: [{ lesson: node.lesson }],
    };
    return item;
  }

  getChildren(node?: CatalogNode): CatalogNode[] {
    if (!node) return this.tree;
    return node.kind === 'lesson' ? [] : node.children;
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
