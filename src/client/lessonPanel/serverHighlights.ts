// The lesson panel's syntax colours come from the language server, which has the grammar.
import type { BaseLanguageClient } from 'vscode-languageclient';
import { HIGHLIGHT_REQUEST, type HighlightResult } from '../../shared/protocol';
import type { ServerLifecycle } from '../serverLifecycle';
import type { RequestHighlights } from './highlights';

/**
 * How long a lesson waits for its colours. The server answers in milliseconds; one busy starting up
 * or gone must not keep the lesson from showing, so the lesson then shows plain.
 */
const HIGHLIGHT_WAIT_MS = 1500;

export function serverHighlights(server: ServerLifecycle): {
  request: RequestHighlights;
  dispose(): void;
} {
  let client: BaseLanguageClient | undefined;
  const subscription = server.onDidCreateClient((created) => (client = created));
  const request: RequestHighlights = async (params) => {
    if (!client?.isRunning()) return undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), HIGHLIGHT_WAIT_MS);
    });
    try {
      return await Promise.race([
        client.sendRequest<HighlightResult>(HIGHLIGHT_REQUEST, params).catch(() => undefined),
        timeout,
      ]);
    } finally {
      clearTimeout(timer);
    }
  };
  return { request, dispose: () => subscription.dispose() };
}
