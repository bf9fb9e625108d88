import type { Connection } from 'vscode-languageserver';

/** The part of an LSP connection the Validator uses: diagnostics are recorded by URI, logs dropped. */
export function fakeConnection(published: string[]): Connection {
  const quiet = () => undefined;
  return {
    sendDiagnostics: ({ uri }: { uri: string }) => {
      published.push(uri);
      return Promise.resolve();
    },
    sendNotification: () => Promise.resolve(),
    console: { error: quiet, warn: quiet, info: quiet, log: quiet },
  } as unknown as Connection;
}
