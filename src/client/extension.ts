// Entry point of `dist/extension.js`, the desktop (Node) extension host's `main`.
import type * as vscode from 'vscode';
import { activateCoach, deactivateCoach } from './activateCoach';
import { createLanguageClient } from './languageClient';

export function activate(context: vscode.ExtensionContext): void {
  activateCoach(context, createLanguageClient, { scansWorkspace: true });
}

export function deactivate(): Promise<void> {
  return deactivateCoach();
}
