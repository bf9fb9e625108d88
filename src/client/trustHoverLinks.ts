import * as vscode from 'vscode';
import type { Middleware } from 'vscode-languageclient/node';
import { TRUSTED_HOVER_COMMANDS } from './trustedCommands';

/**
 * Lets the server's hover Markdown link to lessons and fixes. Trust is granted per command, not
 * with `isTrusted: true`, because hover text quotes the user's code and must not run anything else.
 */
export const trustHoverLinks: Middleware['provideHover'] = async (document, position, token, next) => {
  const hover = await next(document, position, token);
  for (const content of hover?.contents ?? []) {
    if (content instanceof vscode.MarkdownString) {
      content.isTrusted = { enabledCommands: TRUSTED_HOVER_COMMANDS };
    }
  }
  return hover;
};
