// The lesson panel: one webview that shows one lesson at a time, reused by every `openLesson`.
// The webview draws from typed messages (`src/shared/webviewProtocol.ts`) and may only post the
// few messages `parseWebviewMessage` accepts; edits and navigation happen here, in the extension.
import * as vscode from 'vscode';
import { parseLesson, type Lesson } from '../../shared/lessons/catalog';
import { TABLES, TABLE_IDS } from '../../shared/lessons/tables';
import type { LessonFindingArgs, OpenLessonArgs } from '../../shared/protocol';
import {
  LESSON_VIEW_TYPE,
  parseWebviewMessage,
  type ExtensionToWebviewMessage,
  type FindingView,
  type ShowLessonMessage,
} from '../../shared/webviewProtocol';
import {
  isLessonUnderstood,
  isSelfCheckPassed,
  lessonOpened,
  recordSelfCheck,
  setLessonUnderstood,
} from '../progress/lessonProgress';
import { applyVersionedFix } from '../applyVersionedFix';
import { parsePanelState } from './args';
import { applyEdits, currentFinding, fileLabel, findingView } from './findingView';
import { withHighlights, type FindingTexts, type RequestHighlights } from './highlights';
import { createNonce, lessonPanelHtml } from './html';

export class LessonPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private panelDisposables: vscode.Disposable[] = [];
  private args: OpenLessonArgs | undefined;
  private view: ShowLessonMessage | undefined;
  /** Bumped on every `open` so that a slow, older load cannot replace a newer lesson. */
  private generation = 0;
  private applying = false;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log?: vscode.LogOutputChannel,
    /** Syntax colours for the panel's code; without a server, code shows plain. */
    private readonly highlight: RequestHighlights = () => Promise.resolve(undefined),
  ) {}

  private get webviewRoot(): vscode.Uri {
    return vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'webview');
  }

  private webviewOptions(): vscode.WebviewOptions {
    return { enableScripts: true, enableCommandUris: false, localResourceRoots: [this.webviewRoot] };
  }

  /** Restores panels VS Code kept across a reload, from the state the webview saved. */
  registerSerializer(): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer(LESSON_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state) => {
        const args = parsePanelState(state);
        if (!args || this.panel) {
          panel.dispose();
          return;
        }
        this.attach(panel);
        if (!(await this.open(args, { quiet: true }))) panel.dispose();
      },
    });
  }

  /** Shows a lesson (with its finding, if any) in the panel, creating or revealing it. */
  async open(args: OpenLessonArgs, { quiet = false } = {}): Promise<boolean> {
    const generation = ++this.generation;
    const lesson = await this.readLesson(args.lesson);
    if (!lesson) {
      if (!quiet)
        void vscode.window.showErrorMessage(`Rust Safety Coach: there is no lesson "${args.lesson}".`);
      return false;
    }
    // The finding as it holds now (moved to the document's current version when only a reload
    // changed that), so that the panel's saved state and the fix use it.
    const shown = args.finding ? await this.findingView(args.finding) : undefined;
    if (shown) args = { ...args, finding: shown.finding };
    const message = await withHighlights(
      await this.showLessonMessage(lesson, args, shown?.view),
      shown?.texts,
      this.highlight,
    );
    if (generation !== this.generation) return true;

    if (!this.panel) {
      this.attach(
        vscode.window.createWebviewPanel(
          LESSON_VIEW_TYPE,
          lesson.title,
          { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false },
          { ...this.webviewOptions(), enableFindWidget: true },
        ),
      );
    } else {
      this.panel.reveal(undefined, true);
    }
    this.args = args;
    this.view = message;
    this.applying = false;
    const panel = this.panel;
    if (panel) {
      panel.title = lesson.title;
      void this.post(message);
    }
    lessonOpened(lesson.id);
    return true;
  }

  private attach(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    panel.webview.options = this.webviewOptions();
    panel.iconPath = vscode.Uri.joinPath(this.context.extensionUri, 'media', 'icon.png');
    const webview = panel.webview;
    webview.html = lessonPanelHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.webviewRoot, 'lessonPanel.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(this.webviewRoot, 'lessonPanel.css')).toString(),
      nonce: createNonce(),
      title: panel.title,
    });
    this.panelDisposables.push(
      webview.onDidReceiveMessage((raw: unknown) => void this.receive(raw)),
      vscode.workspace.onDidChangeTextDocument((event) => this.documentChanged(event.document)),
      panel.onDidDispose(() => this.detach()),
    );
  }

  private detach(): void {
    for (const disposable of this.panelDisposables) disposable.dispose();
    this.panelDisposables = [];
    this.panel = undefined;
    this.args = undefined;
    this.view = undefined;
  }

  private post(message: ExtensionToWebviewMessage): Thenable<boolean> {
    return this.panel?.webview.postMessage(message) ?? Promise.resolve(false);
  }

  private async receive(raw: unknown): Promise<void> {
    const message = parseWebviewMessage(raw);
    if (!message) {
      this.log?.warn(`Lesson panel: ignored a malformed message ${JSON.stringify(raw)?.slice(0, 200)}`);
      return;
    }
    switch (message.type) {
      case 'ready':
        if (this.view) await this.post(this.view);
        return;
      case 'applyFix':
        return this.applyFix();
      case 'goToCode':
        return this.goToCode();
      case 'openLesson':
        await this.open({ lesson: message.lesson });
        return;
      case 'markUnderstood':
        // Only the lesson on show: the page cannot mark lessons the learner never saw.
        if (this.view?.lesson.id !== message.lesson) return;
        return this.markUnderstood(message.lesson, message.understood);
      case 'answerSelfCheck':
        return this.answerSelfCheck(message.lesson, message.choice);
    }
  }

  private async applyFix(): Promise<void> {
    const finding = this.args?.finding;
    if (!finding?.fix) return;
    this.applying = true;
    try {
      const { title, edits } = finding.fix;
      const result = await applyVersionedFix({ uri: finding.uri, version: finding.version, title, edits });
      await this.post({ type: 'fixStatus', ...result });
      if (result.status === 'applied' && this.view?.finding) {
        // A reload now shows the finding as stale rather than offering the fix again.
        this.view = { ...this.view, finding: { ...this.view.finding, stale: true } };
      }
    } finally {
      this.applying = false;
    }
  }

  private documentChanged(document: vscode.TextDocument): void {
    const finding = this.args?.finding;
    if (!finding || this.applying || this.view?.finding?.stale || !this.view?.finding?.fix) return;
    if (document.uri.toString() !== vscode.Uri.parse(finding.uri).toString()) return;
    if (document.version === finding.version) return;
    this.view = { ...this.view, finding: { ...this.view.finding, stale: true } };
    void this.post({
      type: 'fixStatus',
      status: 'stale',
      text: 'The file changed, so this fix is no longer offered. Hover the code again for an up-to-date fix.',
    });
  }

  private async goToCode(): Promise<void> {
    const finding = this.args?.finding;
    if (!finding) return;
    try {
      const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(finding.uri));
      const { start, end } = finding.range;
      const selection = document.validateRange(
        new vscode.Range(start.line, start.character, end.line, end.character),
      );
      const visible = vscode.window.visibleTextEditors.find((editor) => editor.document === document);
      await vscode.window.showTextDocument(document, {
        selection,
        viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One,
        preserveFocus: false,
      });
    } catch (error) {
      this.log?.warn(`Lesson panel: cannot open ${finding.uri}: ${String(error)}`);
      void vscode.window.showInformationMessage('Rust Safety Coach: that file cannot be opened any more.');
    }
  }

  private async markUnderstood(lesson: string, wanted: boolean): Promise<void> {
    await setLessonUnderstood(lesson, wanted);
    // The progress store decides (it may not know the lesson); the panel shows what it recorded.
    const understood = isLessonUnderstood(lesson);
    if (this.view?.lesson.id === lesson) this.view = { ...this.view, understood };
    await this.post({ type: 'understood', lesson, understood });
  }

  private async answerSelfCheck(lesson: string, choice: number): Promise<void> {
    // The extension decides whether the answer is right, from the lesson it sent.
    const answered =
      this.view?.lesson.id === lesson ? this.view.lesson.selfCheck?.choices[choice] : undefined;
    if (!answered || !this.view) return;
    await recordSelfCheck(lesson, answered.correct);
    this.view = { ...this.view, selfChecked: isSelfCheckPassed(lesson) };
  }

  private async readLesson(id: string): Promise<Lesson | undefined> {
    const uri = vscode.Uri.joinPath(this.context.extensionUri, 'lessons', `${id}.md`);
    try {
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      return parseLesson(id, text);
    } catch (error) {
      this.log?.warn(`Lesson panel: cannot load lesson "${id}": ${String(error)}`);
      return undefined;
    }
  }

  private async availableLessons(): Promise<string[]> {
    try {
      const dir = vscode.Uri.joinPath(this.context.extensionUri, 'lessons');
      return (await vscode.workspace.fs.readDirectory(dir))
        .filter(([name, type]) => type === vscode.FileType.File && name.endsWith('.md'))
        .map(([name]) => name.slice(0, -'.md'.length));
    } catch {
      return [];
    }
  }

  private async showLessonMessage(
    lesson: Lesson,
    args: OpenLessonArgs,
    finding: FindingView | undefined,
  ): Promise<ShowLessonMessage> {
    const message: ShowLessonMessage = {
      type: 'showLesson',
      lesson: {
        id: lesson.id,
        title: lesson.title,
        rules: lesson.rules,
        markdown: lesson.body,
        ...(lesson.selfCheck ? { selfCheck: lesson.selfCheck } : {}),
      },
      tables: TABLE_IDS.map((id) => TABLES[id]),
      highlight: [{ table: lesson.table, row: lesson.row }],
      available: await this.availableLessons(),
      understood: isLessonUnderstood(lesson.id),
      selfChecked: isSelfCheckPassed(lesson.id),
      restore: args,
    };
    if (finding) message.finding = finding;
    return message;
  }

  private async findingView(
    finding: LessonFindingArgs,
  ): Promise<{ view: FindingView; finding: LessonFindingArgs; texts: FindingTexts } | undefined> {
    try {
      const uri = vscode.Uri.parse(finding.uri);
      const open = vscode.workspace.textDocuments.find((doc) => doc.uri.toString() === uri.toString());
      // After a window reload the panel may be restored before the editors: opening the document
      // here lets its text show whether the finding still holds.
      const document = open ?? (await vscode.workspace.openTextDocument(uri));
      if (document.languageId !== 'rust') return undefined;
      const file = fileLabel(finding.uri, vscode.workspace.asRelativePath(uri, false));
      const text = document.getText();
      const current = currentFinding(finding, {
        version: document.version,
        text,
        wasOpen: open !== undefined,
      });
      const view = findingView(current.finding, text, { file, stale: current.stale });
      const edits = current.finding.fix?.edits;
      return {
        view,
        finding: current.finding,
        texts: { before: text, ...(view.fix && edits ? { after: applyEdits(text, edits) } : {}) },
      };
    } catch (error) {
      this.log?.warn(`Lesson panel: cannot show the finding in ${finding.uri}: ${String(error)}`);
      return undefined;
    }
  }

  dispose(): void {
    this.panel?.dispose();
    this.detach();
  }
}
