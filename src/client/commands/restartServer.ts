import * as vscode from 'vscode';
import type { ServerLifecycle } from '../serverLifecycle';

export function registerRestartServer(server: ServerLifecycle): vscode.Disposable {
  return vscode.commands.registerCommand('rustSafetyCoach.restartServer', () => server.restart());
}
