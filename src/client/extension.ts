import * as vscode from 'vscode';
import { registerApplyFix } from './commands/applyFix';
import { registerFixAll } from './commands/fixAll';
import { registerOpenLesson } from './commands/openLesson';
import { registerOpenSample } from './commands/openSample';
import { registerRestartServer } from './commands/restartServer';
import { registerShowOutput } from './commands/showOutput';
import { createLanguageClient } from './languageClient';
import { LessonPanel } from './lessonPanel/lessonPanel';
import { ServerLifecycle } from './serverLifecycle';
import { registerSidebar } from './sidebar';

let server: ServerLifecycle | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const outputChannel = vscode.window.createOutputChannel('Rust Safety Coach', { log: true });
  server = new ServerLifecycle(() => createLanguageClient(context, outputChannel), outputChannel);
  const lessons = new LessonPanel(context, outputChannel);
  context.subscriptions.push(
    outputChannel,
    registerRestartServer(server),
    registerShowOutput(outputChannel),
    lessons,
    lessons.registerSerializer(),
    registerOpenLesson(lessons),
    registerApplyFix(),
    registerFixAll(),
    registerOpenSample(),
    registerSidebar(context, server, outputChannel),
  );
  // Commands are registered before the server starts so that "Show Output" works if it fails;
  // activation does not wait for the server (start() never rejects: failures are logged).
  void server.start();
}

export async function deactivate(): Promise<void> {
  await server?.stop();
  server = undefined;
}
