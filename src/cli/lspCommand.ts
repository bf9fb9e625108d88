import { findGrammarDir } from './grammarDir';

/**
 * `lsp --stdio`: the same language server the extension runs, for other editors.
 * Imported lazily so that `scan` does not pay for loading the LSP libraries.
 */
export async function runLsp(): Promise<void> {
  const grammarDir = findGrammarDir();
  const { createConnection, ProposedFeatures } = await import('vscode-languageserver/node');
  const { startServer } = await import('../server/startServer');
  const connection = createConnection(ProposedFeatures.all, process.stdin, process.stdout);
  startServer(connection, grammarDir);
}
