// A lesson panel as the extension shows it for a real `unwrap-used` finding: the real lesson from
// lessons/, every lesson available (so table rows are links), and the finding's fix preview. Shared
// by the accessibility tests; the bundle is built first when webview/ is newer than dist/webview.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { applyEdits, findingView } from '../../src/client/lessonPanel/findingView';
import { withHighlights } from '../../src/client/lessonPanel/highlights';
import { loadHighlighter } from '../../src/engine';
import { lessonPanelHtml } from '../../src/client/lessonPanel/html';
import { parseLesson } from '../../src/shared/lessons/catalog';
import { TABLES, TABLE_IDS } from '../../src/shared/lessons/tables';
import type { LessonFindingArgs } from '../../src/shared/protocol';
import type { ShowLessonMessage } from '../../src/shared/webviewProtocol';
import type { OpenWebviewOptions, WebviewHost, WebviewPage } from './browser';

const ROOT = path.resolve(__dirname, '..', '..');
const DIST = path.join(ROOT, 'dist', 'webview');
const LESSONS = path.join(ROOT, 'lessons');
/** Where the webview tests keep their pages and screenshots. */
export const WEBVIEW_OUT = path.join(ROOT, 'test-output', 'webview');

export function ensureWebviewBuilt(): void {
  const bundle = path.join(DIST, 'lessonPanel.js');
  const dir = path.join(ROOT, 'webview');
  const newestSource = Math.max(...fs.readdirSync(dir).map((f) => fs.statSync(path.join(dir, f)).mtimeMs));
  if (!fs.existsSync(bundle) || fs.statSync(bundle).mtimeMs < newestSource) {
    execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], {
      cwd: ROOT,
      stdio: 'inherit',
    });
  }
}

function panelHtml(): string {
  return lessonPanelHtml({
    cspSource: 'file:',
    scriptUri: pathToFileURL(path.join(DIST, 'lessonPanel.js')).href,
    styleUri: pathToFileURL(path.join(DIST, 'lessonPanel.css')).href,
    nonce: 'YTExeS1ub25jZS0xMjM0NTY3',
  });
}

/** The learner's file the finding below is in. */
export const RUST = [
  'use std::collections::HashMap;',
  '',
  'fn port(config: &HashMap<&str, &str>) -> Option<u16> {',
  '    let raw = config.get("port").unwrap();',
  '    raw.parse().ok()',
  '}',
  '',
].join('\n');

export const UNWRAP_FINDING: LessonFindingArgs = {
  uri: 'file:///work/learner/src/main.rs',
  version: 3,
  range: { start: { line: 3, character: 33 }, end: { line: 3, character: 41 } },
  rule: 'unwrap-used',
  message: '`unwrap()` panics when the value is `None`.',
  fix: {
    title: 'Replace `.unwrap()` with `?`',
    edits: [{ range: { start: { line: 3, character: 32 }, end: { line: 3, character: 41 } }, newText: '?' }],
  },
};

const AVAILABLE = fs
  .readdirSync(LESSONS)
  .filter((name) => name.endsWith('.md'))
  .map((name) => name.slice(0, -'.md'.length));

/** The `showLesson` message for a real lesson, with the `unwrap-used` finding when asked. */
export function realLessonMessage(id: string, withFinding: boolean): ShowLessonMessage {
  const lesson = parseLesson(id, fs.readFileSync(path.join(LESSONS, `${id}.md`), 'utf8'));
  const message: ShowLessonMessage = {
    type: 'showLesson',
    lesson: {
      id: lesson.id,
      title: lesson.title,
      rules: lesson.rules,
      markdown: lesson.body,
      ...(lesson.selfCheck ? { selfCheck: lesson.selfCheck } : {}),
    },
    tables: TABLE_IDS.map((t) => TABLES[t]),
    highlight: [{ table: lesson.table, row: lesson.row }],
    available: AVAILABLE,
    understood: false,
    restore: withFinding ? { lesson: id, finding: UNWRAP_FINDING } : { lesson: id },
  };
  if (withFinding) {
    message.finding = findingView(UNWRAP_FINDING, RUST, { file: 'src/main.rs', stale: false });
  }
  return message;
}

/**
 * The same message with syntax colours from the real highlighter, as the server sends them to the
 * extension (the request is a direct call instead of JSON-RPC).
 */
export async function highlightedLessonMessage(id: string, withFinding: boolean): Promise<ShowLessonMessage> {
  const highlighter = await loadHighlighter(path.join(ROOT, 'grammars'));
  const texts = { before: RUST, after: applyEdits(RUST, UNWRAP_FINDING.fix?.edits ?? []) };
  return withHighlights(realLessonMessage(id, withFinding), withFinding ? texts : undefined, (params) =>
    Promise.resolve({ highlights: params.sources.map((s) => highlighter.highlight(s.text, s.lines)) }),
  );
}

/** Opens the panel, waits for `ready`, shows `message` and waits for the toolkit to draw. */
export async function openPanel(
  host: WebviewHost,
  name: string,
  message: ShowLessonMessage,
  options: OpenWebviewOptions = {},
): Promise<WebviewPage> {
  const view = await host.open(panelHtml(), path.join(WEBVIEW_OUT, `${name}.html`), options);
  await view.page.waitForFunction(() =>
    (window as unknown as { __posted: Array<{ type: string }> }).__posted.some((m) => m.type === 'ready'),
  );
  await view.send(message);
  await view.page.waitForSelector('#lesson-title');
  await view.page.waitForFunction(() =>
    [...document.querySelectorAll('vscode-button')].every((b) => b.shadowRoot?.querySelector('button')),
  );
  return view;
}
