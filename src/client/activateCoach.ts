// What both hosts activate: commands, lesson panel and sidebar around a language client that the
// host creates (a Node process on the desktop, a Web Worker on the web).
import * as vscode from 'vscode';
import type { BaseLanguageClient, Middleware } from 'vscode-languageclient';
import { registerApplyFix } from './commands/applyFix';
import { registerFixAll } from './commands/fixAll';
import { registerOpenLesson } from './commands/openLesson';
import { registerOpenSample } from './commands/openSample';
import { registerRestartServer } from './commands/restartServer';
import { registerShowOutput } from './commands/showOutput';
import { DuplicateFilter } from './duplicates/duplicateFilter';
import { registerOtherSourceActions } from './duplicates/otherSourceActions';
import { LessonPanel } from './lessonPanel/lessonPanel';
import { serverHighlights } from './lessonPanel/serverHighlights';
import { ServerLifecycle } from './serverLifecycle';
import { registerPanicLinks } from './panicLinks';
import { registerSidebar } from './sidebar';
import { FindingsStore } from './sidebar/findingGroups';

/** `middleware` is the hosts' common part of the client's middleware. */
export type CreateClient = (
  context: vscode.ExtensionContext,
  outputChannel: vscode.LogOutputChannel,
  middleware: Middleware,
) => BaseLanguageClient;

let server: ServerLifecycle | undefined;

export function activateCoach(
  context: vscode.ExtensionContext,
  createClient: CreateClient,
  /** The host's server scans the workspace's files on disk (the Node server; not a Web Worker). */
  { scansWorkspace }: { scansWorkspace: boolean },
): void {
  const outputChannel = vscode.window.createOutputChannel('Rust Safety Coach', { log: true });
  const duplicates = new DuplicateFilter(outputChannel);
  const middleware: Middleware = { handleDiagnostics: duplicates.handleDiagnostics };
  server = new ServerLifecycle(() => createClient(context, outputChannel, middleware), outputChannel);
  const highlights = serverHighlights(server);
  const lessons = new LessonPanel(context, outputChannel, highlights.request);
  // The sidebar fills it from the server; the terminal's panic links read it to find a finding.
  const findings = new FindingsStore();
  context.subscriptions.push(
    outputChannel,
    duplicates,
    highlights,
    server.onDidCreateClient((client) => duplicates.attach(client)),
    registerOtherSourceActions(duplicates),
    registerRestartServer(server),
    registerShowOutput(outputChannel),
    lessons,
    lessons.registerSerializer(),
    registerOpenLesson(lessons),
    registerApplyFix(),
    registerFixAll(),
    registerOpenSample(),
    registerSidebar(context, server, outputChannel, findings, scansWorkspace),
    registerPanicLinks(server, findings),
  );
  // Commands are registered before the server starts so that "Show Output" works if it fails;
  // activation does not wait for the server (start() never rejects: failures are logged).
  void server.start();
}

export async function deactivateCoach(): Promise<void> {
  await server?.stop();
  server = undefined;
}
