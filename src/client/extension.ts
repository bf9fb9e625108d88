import * as vscode from 'vscode';
import { registerApplyFix } from './commands/applyFix';
import { registerFixAll } from './commands/fixAll';
import { registerOpenLesson } from './commands/openLesson';
import { registerRestartServer } from './commands/restartServer';
import { registerShowOutput } from './commands/showOutput';
import { createLanguageClient } from './languageClient';
import { ServerLifecycle } from './serverLifecycle';

let server: ServerLifecycle | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const outputChannel = vscode.window.createOutputChannel('Rust Safety Coach', { log: true });
  server = new ServerLifecycle(() => createLanguageClient(context, outputChannel), outputChannel);
  context.subscriptions.push(
    outputChannel,
    registerRestartServer(server),
    registerShowOutput(outputChannel),
    registerOpenLesson(context.extensionUri),
    registerApplyFix(),
    registerFixAll(),
  );
  // Commands are registered before the server starts so that "Show Output" works if it fails.
  await server.start();
}

export async function deactivate(): Promise<void> {
  await server?.stop();
  server = undefined;
}
