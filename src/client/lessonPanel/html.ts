// The lesson panel's HTML shell. Everything visible is drawn by `dist/webview/lessonPanel.js` from
// typed messages, so this page holds no lesson text at all. No `vscode` import: the tests render the
// same function in a browser.

export interface LessonPanelHtmlOptions {
  /** `webview.cspSource`. */
  cspSource: string;
  /** `webview.asWebviewUri(...)` of `dist/webview/lessonPanel.js` and `.css`, as strings. */
  scriptUri: string;
  styleUri: string;
  /** A fresh random value per page load; see `createNonce`. */
  nonce: string;
  /** Panel title, shown until the lesson arrives. */
  title?: string;
}

/** Web Crypto, which both the Node and the web extension hosts have. */
export function createNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_');
}

function escapeAttribute(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The page for one load of the panel. The nonce also goes into `<meta property="csp-nonce">`, where
 * the toolkit's FAST utilities look for it before probing `:focus-visible` with a `<style>` element.
 */
export function lessonPanelHtml(options: LessonPanelHtmlOptions): string {
  const nonce = escapeAttribute(options.nonce);
  const source = escapeAttribute(options.cspSource);
  const csp = [
    "default-src 'none'",
    `style-src ${source} 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
    `img-src ${source}`,
    `font-src ${source}`,
  ].join('; ');
  const title = escapeAttribute(options.title ?? 'Rust Safety Coach lesson');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta property="csp-nonce" content="${nonce}">
<link rel="stylesheet" nonce="${nonce}" href="${escapeAttribute(options.styleUri)}">
<title>${title}</title>
</head>
<body>
<main id="app" aria-busy="true"><p class="loading">Loading lesson…</p></main>
<script nonce="${nonce}" src="${escapeAttribute(options.scriptUri)}"></script>
</body>
</html>
`;
}
