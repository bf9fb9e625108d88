import { type Connection, type Diagnostic, DiagnosticSeverity } from 'vscode-languageserver';
import { describeError } from './errors';

/** LSP's largest position: the client ends the range at the line's end. */
const LINE_END = 2 ** 31 - 1;

/**
 * Bad input in a crate's Cargo.toml (a lint level that is none, an unknown rule in our table, a
 * TOML error) as warnings on that file, so the user sees where; cleared when the files are read
 * again.
 */
/** A problem in a configuration file; `line` 0-based, undefined for the whole file. */
export interface ManifestProblem {
  uri: string;
  line: number | undefined;
  message: string;
}

export class ManifestDiagnostics {
  /** Per Cargo.toml URI, its diagnostics by message and line (several crates may share a workspace root). */
  private readonly published = new Map<string, Map<string, Diagnostic>>();

  constructor(private readonly connection: Connection) {}

  report(problems: readonly ManifestProblem[]): void {
    const changed = new Set<string>();
    for (const { uri, line = 0, message } of problems) {
      let diagnostics = this.published.get(uri);
      if (!diagnostics) this.published.set(uri, (diagnostics = new Map()));
      const key = `${line}\t${message}`;
      if (diagnostics.has(key)) continue;
      diagnostics.set(key, {
        range: { start: { line, character: 0 }, end: { line, character: LINE_END } },
        severity: DiagnosticSeverity.Warning,
        source: 'rust-safety-coach',
        message,
      });
      changed.add(uri);
    }
    for (const uri of changed) this.send(uri, [...(this.published.get(uri)?.values() ?? [])]);
  }

  /** The files are about to be read again: what they said is cleared. */
  clear(): void {
    for (const uri of this.published.keys()) this.send(uri, []);
    this.published.clear();
  }

  /** A folder was deleted: the warnings of the files it held go (`which` says which URIs). */
  drop(which: (uri: string) => boolean): void {
    for (const uri of [...this.published.keys()].filter(which)) {
      this.send(uri, []);
      this.published.delete(uri);
    }
  }

  private send(uri: string, diagnostics: Diagnostic[]): void {
    this.connection
      .sendDiagnostics({ uri, diagnostics })
      .catch((error: unknown) => this.connection.console.error(describeError(error)));
  }
}
