// Entry point of `dist/extensionWeb.js`, the `browser` entry: VS Code for the Web's extension host,
// itself a Web Worker, runs the same client with the server in a nested Web Worker.
import type * as vscode from 'vscode';
import { activateCoach, deactivateCoach } from './activateCoach';
import { createBrowserLanguageClient } from './browserLanguageClient';

export function activate(context: vscode.ExtensionContext): void {
  activateCoach(context, createBrowserLanguageClient, { scansWorkspace: false });
}

export function deactivate(): Promise<void> {
  return deactivateCoach();
}
