// Beside rust-analyzer, one problem is reported once: our diagnostics that rustc or clippy already
// report (same lint, overlapping range) are held back from the Problems view, and shown again when
// theirs go away. The server still publishes everything; only the client's collection is filtered.
import * as vscode from 'vscode';
import type { BaseLanguageClient, Middleware } from 'vscode-languageclient';
import {
  CONFIGURATION_SECTION,
  DIAGNOSTIC_SOURCE,
  RULES_REQUEST,
  type RulesResult,
} from '../../shared/protocol';
import { duplicated, HIDE_DUPLICATES_SETTING, SameLints, type OurDiagnostic } from './sameLint';

/** What the server last published for a document, and which of it is hidden. */
export interface Published {
  readonly uri: vscode.Uri;
  readonly all: readonly vscode.Diagnostic[];
  readonly ours: readonly OurDiagnostic[];
  hidden: boolean[];
}

export class DuplicateFilter implements vscode.Disposable {
  private lintTable = new SameLints([]);
  private readonly published = new Map<string, Published>();
  private client: BaseLanguageClient | undefined;
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.disposables = [
      // Fires for our own `set` too: refresh() then finds nothing changed and stops.
      vscode.languages.onDidChangeDiagnostics(({ uris }) => {
        for (const uri of uris) {
          const entry = this.published.get(uri.toString());
          if (entry) this.refresh(entry);
        }
      }),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(`${CONFIGURATION_SECTION}.${HIDE_DUPLICATES_SETTING}`))
          this.refreshAll();
      }),
    ];
  }

  get lints(): SameLints {
    return this.lintTable;
  }

  /** The language client's middleware: what it would publish, less the duplicates. */
  readonly handleDiagnostics: NonNullable<Middleware['handleDiagnostics']> = (uri, diagnostics, next) => {
    const entry: Published = { uri, all: diagnostics, ours: diagnostics.map(toOurs), hidden: [] };
    entry.hidden = this.hiddenOf(entry);
    if (diagnostics.length === 0) this.published.delete(uri.toString());
    else this.published.set(uri.toString(), entry);
    next(uri, visible(entry));
  };

  /** Our last diagnostics for a document, hidden ones included (they carry the lesson and fixes). */
  current(uri: vscode.Uri): Readonly<Published> | undefined {
    return this.published.get(uri.toString());
  }

  /** Follows a new language client: its collection, and the registry's lint names from its server. */
  attach(client: BaseLanguageClient): void {
    this.client = client;
    this.published.clear();
    const running = client.onDidChangeState(() => {
      if (this.client !== client) running.dispose();
      else if (client.isRunning()) {
        running.dispose();
        void this.loadLints(client);
      }
    });
    this.disposables.push(running);
  }

  private async loadLints(client: BaseLanguageClient): Promise<void> {
    try {
      const rules = await client.sendRequest<RulesResult>(RULES_REQUEST);
      if (this.client !== client) return;
      this.lintTable = new SameLints(rules);
      this.refreshAll();
    } catch (error) {
      // Nothing is hidden then: a problem shown twice is better than one lost.
      this.log.warn(`Rules for hiding duplicates of rustc and clippy not read: ${String(error)}`);
    }
  }

  private refreshAll(): void {
    for (const entry of this.published.values()) this.refresh(entry);
  }

  private refresh(entry: Published): void {
    const hidden = this.hiddenOf(entry);
    if (hidden.every((h, i) => h === entry.hidden[i])) return;
    entry.hidden = hidden;
    this.client?.diagnostics?.set(entry.uri, visible(entry));
  }

  private hiddenOf({ uri, ours }: Published): boolean[] {
    const enabled = vscode.workspace
      .getConfiguration(CONFIGURATION_SECTION, uri)
      .get<unknown>(HIDE_DUPLICATES_SETTING, true);
    if (enabled === false || this.lintTable.isEmpty || ours.length === 0) return ours.map(() => false);
    const others = vscode.languages.getDiagnostics(uri).filter((d) => d.source !== DIAGNOSTIC_SOURCE);
    return duplicated(ours, others, this.lintTable);
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
    this.published.clear();
  }
}

function toOurs(diagnostic: vscode.Diagnostic): OurDiagnostic {
  const code = typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
  return { rule: String(code ?? ''), range: diagnostic.range };
}

function visible(entry: Published): vscode.Diagnostic[] {
  return entry.all.filter((_, index) => !entry.hidden[index]);
}
