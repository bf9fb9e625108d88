// Headless Chromium (Debian's /usr/bin/chromium through playwright-core) for webview tests: loads a
// webview page from a file with a fake `acquireVsCodeApi`, VS Code-like theme variables, and records
// what the page posts, every CSP violation, console error and dialog.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Without the networking flags Chromium keeps trying hosts it cannot reach. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-default-apps',
  '--disable-features=Translate,MediaRouter,OptimizationHints',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

export type ThemeKind = 'light' | 'dark' | 'high-contrast';

/**
 * A subset of the variables VS Code 1.100 (Light Modern / Dark Modern / Dark High Contrast, with the
 * colour registry's defaults) puts on a webview's `<html>`. A colour whose default is null in a theme
 * is left out, as VS Code leaves it out, so that the page's fallbacks are what gets tested.
 */
export const THEMES: Record<ThemeKind, Record<string, string>> = {
  light: {
    'font-family': 'system-ui, "Segoe UI", Ubuntu, "Droid Sans", sans-serif',
    'font-size': '13px',
    'font-weight': 'normal',
    'editor-font-family': '"DejaVu Sans Mono", "Droid Sans Mono", monospace',
    'editor-font-size': '13px',
    foreground: '#3b3b3b',
    descriptionForeground: '#3b3b3b',
    'editor-background': '#ffffff',
    'editor-foreground': '#3b3b3b',
    'textLink-foreground': '#005fb8',
    'textLink-activeForeground': '#005fb8',
    'textPreformat-foreground': '#3b3b3b',
    'textPreformat-background': '#0000001f',
    'textCodeBlock-background': '#f8f8f8',
    'textBlockQuote-background': '#f8f8f8',
    'textBlockQuote-border': '#e5e5e5',
    focusBorder: '#005fb8',
    'widget-border': '#e5e5e5',
    'editorWidget-border': '#c8c8c8',
    'button-background': '#005fb8',
    'button-foreground': '#ffffff',
    'button-hoverBackground': '#0258a8',
    'button-border': 'rgba(0, 0, 0, 0.1)',
    'button-secondaryBackground': '#e5e5e5',
    'button-secondaryForeground': '#3b3b3b',
    'button-secondaryHoverBackground': '#cccccc',
    'badge-background': '#cccccc',
    'badge-foreground': '#3b3b3b',
    'settings-dropdownListBorder': '#cecece',
    'editorLineNumber-foreground': '#6e7681',
    'editorLineNumber-activeForeground': '#171184',
    'editorWarning-foreground': '#bf8803',
    'editor-rangeHighlightBackground': 'rgba(253, 255, 0, 0.2)',
    'diffEditor-insertedTextBackground': 'rgba(156, 204, 44, 0.25)',
    'diffEditor-removedTextBackground': 'rgba(255, 0, 0, 0.2)',
    'editorGutter-addedBackground': '#2ea043',
    'editorGutter-deletedBackground': '#f85149',
    'list-inactiveSelectionBackground': '#e4e6f1',
    'debugTokenExpression-boolean': '#0000ff',
    'debugTokenExpression-string': '#a31515',
    'debugTokenExpression-number': '#098658',
    'debugTokenExpression-name': '#9b46b0',
    'symbolIcon-functionForeground': '#652d90',
    'symbolIcon-classForeground': '#d67e00',
  },
  dark: {
    'font-family': 'system-ui, "Segoe UI", Ubuntu, "Droid Sans", sans-serif',
    'font-size': '13px',
    'font-weight': 'normal',
    'editor-font-family': '"DejaVu Sans Mono", "Droid Sans Mono", monospace',
    'editor-font-size': '13px',
    foreground: '#cccccc',
    descriptionForeground: '#9d9d9d',
    'editor-background': '#1f1f1f',
    'editor-foreground': '#cccccc',
    'textLink-foreground': '#4daafc',
    'textLink-activeForeground': '#4daafc',
    'textPreformat-foreground': '#d0d0d0',
    'textPreformat-background': '#3c3c3c',
    'textCodeBlock-background': '#2b2b2b',
    'textBlockQuote-background': '#2b2b2b',
    'textBlockQuote-border': '#616161',
    focusBorder: '#0078d4',
    'widget-border': '#313131',
    'editorWidget-border': '#454545',
    'button-background': '#0078d4',
    'button-foreground': '#ffffff',
    'button-hoverBackground': '#026ec1',
    'button-border': 'rgba(255, 255, 255, 0.07)',
    'button-secondaryBackground': '#313131',
    'button-secondaryForeground': '#cccccc',
    'button-secondaryHoverBackground': '#3c3c3c',
    'badge-background': '#616161',
    'badge-foreground': '#f8f8f8',
    'settings-dropdownListBorder': '#454545',
    'editorLineNumber-foreground': '#6e7681',
    'editorLineNumber-activeForeground': '#cccccc',
    'editorWarning-foreground': '#cca700',
    'editor-rangeHighlightBackground': '#ffffff0b',
    'diffEditor-insertedTextBackground': 'rgba(156, 204, 44, 0.2)',
    'diffEditor-removedTextBackground': 'rgba(255, 0, 0, 0.2)',
    'editorGutter-addedBackground': '#2ea043',
    'editorGutter-deletedBackground': '#f85149',
    'list-inactiveSelectionBackground': '#37373d',
    'debugTokenExpression-boolean': '#4e94ce',
    'debugTokenExpression-string': '#ce9178',
    'debugTokenExpression-number': '#b5cea8',
    'debugTokenExpression-name': '#c586c0',
    'symbolIcon-functionForeground': '#b180d7',
    'symbolIcon-classForeground': '#ee9d28',
  },
  'high-contrast': {
    'font-family': 'system-ui, "Segoe UI", Ubuntu, "Droid Sans", sans-serif',
    'font-size': '13px',
    'font-weight': 'normal',
    'editor-font-family': '"DejaVu Sans Mono", "Droid Sans Mono", monospace',
    'editor-font-size': '13px',
    foreground: '#ffffff',
    descriptionForeground: '#ffffffb3',
    'editor-background': '#000000',
    'editor-foreground': '#ffffff',
    'textLink-foreground': '#21a6ff',
    'textLink-activeForeground': '#21a6ff',
    'textPreformat-foreground': '#000000',
    'textPreformat-background': '#ffffff',
    'textCodeBlock-background': '#000000',
    'textBlockQuote-border': '#ffffff',
    focusBorder: '#f38518',
    contrastBorder: '#6fc3df',
    contrastActiveBorder: '#f38518',
    'widget-border': '#6fc3df',
    'editorWidget-border': '#6fc3df',
    'button-foreground': '#ffffff',
    'button-border': '#6fc3df',
    'button-secondaryForeground': '#ffffff',
    'badge-background': '#000000',
    'badge-foreground': '#ffffff',
    'settings-dropdownListBorder': '#6fc3df',
    'editorLineNumber-foreground': '#ffffff',
    'editorLineNumber-activeForeground': '#f38518',
    'editorWarning-foreground': '#ffd370',
    'editor-rangeHighlightBorder': '#f38518',
    'diffEditor-insertedTextBorder': '#33ff2e',
    'diffEditor-removedTextBorder': '#ff008f',
    'editorGutter-addedBackground': '#487e02',
    'editorGutter-deletedBackground': '#f85149',
    'list-focusOutline': '#f38518',
    'debugTokenExpression-boolean': '#75bdfe',
    'debugTokenExpression-string': '#f48771',
    'debugTokenExpression-number': '#89d185',
    'debugTokenExpression-name': '#ffffff',
    'symbolIcon-functionForeground': '#b180d7',
    'symbolIcon-classForeground': '#ee9d28',
  },
};

export interface WebviewPage {
  page: Page;
  /** Messages the page passed to `postMessage`, in order. */
  posted(): Promise<unknown[]>;
  /** What the page last passed to `setState`. */
  state(): Promise<unknown>;
  /** CSP violations (`securitypolicyviolation` events) as `directive blockedURI`. */
  violations(): Promise<string[]>;
  consoleErrors: string[];
  dialogs: string[];
  /** Delivers a message the way the extension's `webview.postMessage` does. */
  send(message: unknown): Promise<void>;
}

export interface OpenWebviewOptions {
  theme?: ThemeKind;
  /** What `getState()` returns, as after a reload. */
  initialState?: unknown;
  viewport?: { width: number; height: number };
}

/**
 * One browser tab that loads webview pages one after another (a new tab costs about a second on a
 * busy machine). Each `open` is a fresh document with fresh recorders.
 */
export class WebviewHost {
  private constructor(private readonly page: Page) {}

  private consoleErrors: string[] = [];
  private dialogs: string[] = [];

  static async create(browser: Browser): Promise<WebviewHost> {
    const page = await browser.newPage();
    const host = new WebviewHost(page);
    page.on('console', (message) => {
      if (message.type() === 'error') host.consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => host.consoleErrors.push(String(error)));
    page.on('dialog', (dialog) => {
      host.dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    // A string, not a function: tsx would compile a function with helpers (`__name`) the page lacks.
    await page.addInitScript(INIT_SCRIPT);
    return host;
  }

  /** Writes `html` to `file` and loads it; its resources must be `file://` URLs. */
  async open(html: string, file: string, options: OpenWebviewOptions = {}): Promise<WebviewPage> {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, html);
    const page = this.page;
    await page.setViewportSize(options.viewport ?? { width: 1200, height: 900 });
    const theme = options.theme ?? 'dark';
    const config = { variables: THEMES[theme], kind: theme, initialState: options.initialState ?? null };
    const consoleErrors: string[] = [];
    const dialogs: string[] = [];
    this.consoleErrors = consoleErrors;
    this.dialogs = dialogs;
    // The init script reads its settings from the query string, which a file:// load ignores.
    await page.goto(`${pathToFileURL(file).href}?${encodeURIComponent(JSON.stringify(config))}`);
    return {
      page,
      posted: () => page.evaluate(() => (window as unknown as { __posted: unknown[] }).__posted),
      state: () => page.evaluate(() => (window as unknown as { __state: () => unknown }).__state()),
      violations: () => page.evaluate(() => (window as unknown as { __violations: string[] }).__violations),
      consoleErrors,
      dialogs,
      send: (message) => page.evaluate((m) => window.postMessage(m, '*'), message),
    };
  }

  close(): Promise<void> {
    return this.page.close();
  }
}

/** Runs before the page's own scripts: the fake VS Code API, recorders, and the theme. */
const INIT_SCRIPT = `(() => {
  if (location.protocol !== 'file:' || !location.search) return;
  const { variables, kind, initialState } = JSON.parse(decodeURIComponent(location.search.slice(1)));
  let state = initialState ?? undefined;
  const posted = [];
  const violations = [];
  window.__posted = posted;
  window.__violations = violations;
  window.__state = () => state;
  document.addEventListener('securitypolicyviolation', (event) => {
    violations.push(event.violatedDirective + ' ' + event.blockedURI);
  });
  window.acquireVsCodeApi = () => ({
    postMessage: (message) => { posted.push(JSON.parse(JSON.stringify(message))); },
    getState: () => state,
    setState: (next) => { state = JSON.parse(JSON.stringify(next)); },
  });
  // VS Code sets the theme variables on <html> and a theme class on <body> before page scripts run.
  const observer = new MutationObserver(() => {
    if (!document.body) return;
    observer.disconnect();
    for (const [name, value] of Object.entries(variables)) {
      document.documentElement.style.setProperty('--vscode-' + name, value);
    }
    document.body.classList.add('vscode-' + kind);
    document.body.dataset.vscodeThemeKind = 'vscode-' + kind;
  });
  observer.observe(document, { childList: true, subtree: true });
})();`;
