// Wires the sidebar: three tree views, the progress store and the sidebar's commands.
import * as vscode from 'vscode';
import {
  CONFIGURATION_SECTION,
  FINDINGS_NOTIFICATION,
  type FindingsParams,
  WORKSPACE_DIAGNOSTICS_SETTING,
} from '../../shared/protocol';
import { registerFindingsScope } from '../commands/findingsScope';
import { registerMarkUnderstood } from '../commands/markUnderstood';
import { registerResetProgress } from '../commands/resetProgress';
import { registerShowFinding } from '../commands/showFinding';
import { setProgressStore } from '../progress/lessonProgress';
import { ProgressStore, PROGRESS_KEY } from '../progress/progressStore';
import type { ServerLifecycle } from '../serverLifecycle';
import { buildCatalogTree, lessonTitle, loadCatalog, type CatalogLessonNode } from './catalogTree';
import { FINDINGS_SCOPE_CONTEXT } from './contextKeys';
import { courseOrder } from './course';
import type { FindingsStore } from './findingGroups';
import { FINDINGS_SCOPE_KEY, type FindingsScope, initialFindingsScope } from './findingsScope';
import { trackRustContext } from './rustContext';
import { FindingsProvider, LessonsProvider, ProgressProvider } from './views';

/**
 * During a workspace scan findings arrive a file at a time: the workspace's views refresh at most
 * once per interval, not once per file.
 */
const REFRESH_INTERVAL_MS = 300;

export function registerSidebar(
  context: vscode.ExtensionContext,
  server: ServerLifecycle,
  log: vscode.LogOutputChannel,
  findings: FindingsStore,
  /** Whether the host's server can scan the workspace's files (not in VS Code for the Web). */
  hostScansWorkspace: boolean,
): vscode.Disposable {
  const catalog = loadCatalog(context.asAbsolutePath('lessons'));
  for (const error of catalog.errors) log.warn(`Lesson skipped: ${error}`);
  const tree = buildCatalogTree(catalog.lessons);
  const lessonNodes: CatalogLessonNode[] = tree.flatMap((t) => t.children.flatMap((row) => row.children));

  context.globalState.setKeysForSync([PROGRESS_KEY]);
  const progress = new ProgressStore(context.globalState);

  const course = new Map(courseOrder(catalog.lessons.values()).map((lesson, i) => [lesson.id, i]));
  const findingsProvider = new FindingsProvider(
    findings,
    (lesson) => lessonTitle(tree, lesson),
    (lesson) => course.get(lesson) ?? course.size,
  );
  const lessonsProvider = new LessonsProvider(tree, progress, catalog.lessons.values(), findings);
  const progressProvider = new ProgressProvider(tree, progress);
  const findingsView = vscode.window.createTreeView('rustSafetyCoach.findings', {
    treeDataProvider: findingsProvider,
    showCollapseAll: true,
  });
  const lessonsView = vscode.window.createTreeView('rustSafetyCoach.lessons', {
    treeDataProvider: lessonsProvider,
    showCollapseAll: true,
  });
  const progressView = vscode.window.createTreeView('rustSafetyCoach.progress', {
    treeDataProvider: progressProvider,
  });

  const refreshFindings = (): void => {
    findingsView.message = findingsProvider.message();
    findingsView.description = findingsProvider.description();
    findingsProvider.refresh();
  };
  let refreshTimer: ReturnType<typeof setTimeout> | undefined;
  const refreshSoon = (): void => {
    refreshTimer ??= setTimeout(() => {
      refreshTimer = undefined;
      if (findingsProvider.scope === 'workspace') refreshFindings();
      lessonsProvider.refresh();
    }, REFRESH_INTERVAL_MS);
  };

  const applyScope = (): void => {
    const scans =
      hostScansWorkspace && (vscode.workspace.workspaceFolders ?? []).some((f) => f.uri.scheme === 'file');
    const scope = initialFindingsScope(context.workspaceState.get(FINDINGS_SCOPE_KEY), {
      hostScansWorkspace: scans,
      workspaceDiagnostics: vscode.workspace
        .getConfiguration(CONFIGURATION_SECTION)
        .get<boolean>(WORKSPACE_DIAGNOSTICS_SETTING, true),
    });
    void vscode.commands.executeCommand('setContext', FINDINGS_SCOPE_CONTEXT, scope);
    if (scope === findingsProvider.scope) return;
    findingsProvider.scope = scope;
    refreshFindings();
  };
  const chooseScope = async (scope: FindingsScope): Promise<void> => {
    await context.workspaceState.update(FINDINGS_SCOPE_KEY, scope);
    applyScope();
  };
  const followEditor = (active: vscode.TextEditor | undefined): void => {
    // No active text editor means a webview (such as the lesson panel) has the focus. After a window
    // reload that is how the sidebar starts when the lesson panel was last focused, and no editor
    // change follows: show the Rust file visible beside it, else keep showing the last one.
    const editor =
      active ??
      (findingsProvider.uri === undefined
        ? vscode.window.visibleTextEditors.find((e) => e.document.languageId === 'rust')
        : undefined);
    if (!editor) return;
    const uri = editor.document.languageId === 'rust' ? editor.document.uri.toString() : undefined;
    if (uri === findingsProvider.uri) return;
    findingsProvider.uri = uri;
    if (findingsProvider.scope === 'file') refreshFindings();
  };
  const onFindings = (params: FindingsParams): void => {
    if (!findings.accept(params)) return;
    // The current file's findings follow typing at once; the workspace's and the suggested next
    // lesson (which looks at every file's findings) gather a scan's files first.
    if (findingsProvider.scope === 'file' && params.uri === findingsProvider.uri) refreshFindings();
    refreshSoon();
  };
  followEditor(vscode.window.activeTextEditor);
  applyScope();
  refreshFindings();

  return vscode.Disposable.from(
    findingsView,
    lessonsView,
    progressView,
    findingsProvider,
    lessonsProvider,
    progressProvider,
    { dispose: () => clearTimeout(refreshTimer) },
    setProgressStore(progress),
    progress.onDidChange(() => {
      lessonsProvider.refresh();
      progressProvider.refresh();
    }),
    server.onDidCreateClient((client) => {
      // A new server re-sends the findings of every open document.
      findings.clear();
      refreshFindings();
      client.onNotification(FINDINGS_NOTIFICATION, onFindings);
    }),
    vscode.window.onDidChangeActiveTextEditor(followEditor),
    // Editors restored after a reload become visible after activation, not always active.
    vscode.window.onDidChangeVisibleTextEditors(() => followEditor(vscode.window.activeTextEditor)),
    vscode.workspace.onDidCloseTextDocument((document) => {
      const uri = document.uri.toString();
      findings.delete(uri);
      // Its findings on disk follow from the server, most often within the same refresh.
      refreshSoon();
      if (uri === findingsProvider.uri) {
        findingsProvider.uri = undefined;
        followEditor(vscode.window.activeTextEditor);
        refreshFindings();
      }
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(`${CONFIGURATION_SECTION}.${WORKSPACE_DIAGNOSTICS_SETTING}`))
        applyScope();
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(applyScope),
    registerFindingsScope(chooseScope),
    trackRustContext(),
    registerShowFinding(findings),
    registerMarkUnderstood(progress, () => lessonNodes.map(({ lesson, label }) => ({ lesson, label }))),
    registerResetProgress(progress),
  );
}
