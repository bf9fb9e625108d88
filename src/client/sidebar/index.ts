// Wires the sidebar: three tree views, the progress store and the sidebar's commands.
import * as vscode from 'vscode';
import { FINDINGS_NOTIFICATION, type FindingsParams } from '../../shared/protocol';
import { registerMarkUnderstood } from '../commands/markUnderstood';
import { registerResetProgress } from '../commands/resetProgress';
import { registerShowFinding } from '../commands/showFinding';
import { setProgressStore } from '../progress/lessonProgress';
import { ProgressStore, PROGRESS_KEY } from '../progress/progressStore';
import type { ServerLifecycle } from '../serverLifecycle';
import { buildCatalogTree, lessonTitle, loadCatalog, type CatalogLessonNode } from './catalogTree';
import type { FindingsStore } from './findingGroups';
import { trackRustContext } from './rustContext';
import { FindingsProvider, LessonsProvider, ProgressProvider } from './views';

export function registerSidebar(
  context: vscode.ExtensionContext,
  server: ServerLifecycle,
  log: vscode.LogOutputChannel,
  findings: FindingsStore,
): vscode.Disposable {
  const catalog = loadCatalog(context.asAbsolutePath('lessons'));
  for (const error of catalog.errors) log.warn(`Lesson skipped: ${error}`);
  const tree = buildCatalogTree(catalog.lessons);
  const lessonNodes: CatalogLessonNode[] = tree.flatMap((t) => t.children.flatMap((row) => row.children));

  context.globalState.setKeysForSync([PROGRESS_KEY]);
  const progress = new ProgressStore(context.globalState);

  const findingsProvider = new FindingsProvider(findings, (lesson) => lessonTitle(tree, lesson));
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
    findingsProvider.refresh();
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
    refreshFindings();
  };
  const onFindings = (params: FindingsParams): void => {
    if (!findings.accept(params)) return;
    if (params.uri === findingsProvider.uri) refreshFindings();
    // The suggested next lesson looks at every open document's findings.
    lessonsProvider.refresh();
  };
  followEditor(vscode.window.activeTextEditor);
  refreshFindings();

  return vscode.Disposable.from(
    findingsView,
    lessonsView,
    progressView,
    findingsProvider,
    lessonsProvider,
    progressProvider,
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
      if (uri === findingsProvider.uri) {
        findingsProvider.uri = undefined;
        followEditor(vscode.window.activeTextEditor);
        refreshFindings();
      }
    }),
    trackRustContext(),
    registerShowFinding(),
    registerMarkUnderstood(progress, () => lessonNodes.map(({ lesson, label }) => ({ lesson, label }))),
    registerResetProgress(progress),
  );
}
