// The lesson panel's script. It draws one lesson from a `showLesson` message: the Markdown, the two
// reference tables with the matching row(s) highlighted, and (when opened from a finding) the
// learner's code and the fix preview. All text goes into the DOM as text; the only HTML strings are
// markdown-it's output with raw HTML off.
import './lessonPanel.css';
import type { TableRef, Table } from '../src/shared/lessons/tables';
import type { HighlightedLine, TokenSpan } from '../src/shared/highlightTokens';
import type { DiffHunk, DiffLine } from '../src/shared/lineDiff';
import type {
  CodeLines,
  ExtensionToWebviewMessage,
  FindingView,
  FixStatus,
  LessonPanelState,
  ShowLessonMessage,
  WebviewToExtensionMessage,
} from '../src/shared/webviewProtocol';
import { linkTargets, renderInline, renderMarkdown, renderMessage } from './markdown';
import {
  createButton,
  createDivider,
  createTag,
  registerToolkit,
  setButtonLabel,
  setButtonPressed,
  setButtonUnavailable,
} from './toolkit';
import { foldAnswers } from './foldAnswer';
import { scrollableRegion, watchScrollableRegions } from './scrollRegions';
import { renderSelfCheck } from './selfCheck';
import { highlightedText, highlightLessonCode, tokensByLine } from './highlight';

interface VsCodeApi {
  postMessage(message: WebviewToExtensionMessage): void;
  getState(): unknown;
  setState(state: LessonPanelState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
registerToolkit();

/** The page's `<main>` landmark: everything the panel shows is in it. */
const app = document.getElementById('app') ?? document.body.appendChild(document.createElement('main'));

let current: ShowLessonMessage | undefined;
let applyButton: HTMLElement | undefined;
let understoodButton: HTMLElement | undefined;
/** Beside the Apply fix button: "Applying the fix…", then the result. */
let fixStatus: HTMLElement | undefined;
/** Beside Mark as understood: what the extension recorded. */
let understoodStatus: HTMLElement | undefined;

function post(message: WebviewToExtensionMessage): void {
  vscode.postMessage(message);
}

type Attributes = Record<string, string | undefined>;

function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Array<Node | string>
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined) element.setAttribute(name, value);
  }
  element.append(...children);
  return element;
}

function hidden(text: string): HTMLElement {
  return h('span', { class: 'visually-hidden' }, text);
}

/**
 * A live region for results. It is drawn with its (empty) section, before any result, so that
 * screen readers are already watching it when the text changes.
 */
function statusRegion(id: string, className: string): HTMLElement {
  return h('div', { id, class: className, role: 'status', 'aria-live': 'polite' });
}

/** Names the lesson's code blocks (for when they scroll sideways) after the section they are in. */
function labelLessonCode(body: HTMLElement): void {
  let section = '';
  let n = 0;
  for (const element of body.querySelectorAll('h2, h3, h4, h5, h6, pre')) {
    if (element instanceof HTMLPreElement) {
      n += 1;
      scrollableRegion(element, section ? `Code example ${n}: ${section}` : `Code example ${n}`);
    } else {
      section = element.textContent ?? '';
    }
  }
}

function setHtml(element: HTMLElement, html: string): HTMLElement {
  // `html` is markdown-it output with raw HTML disabled: lesson text is escaped there.
  element.innerHTML = html;
  return element;
}

/** The web pages the lesson on show links to: the only ones a click may open. */
let lessonLinks = new Set<string>();

function render(message: ShowLessonMessage, moveFocus: boolean): void {
  current = message;
  const { lesson, finding } = message;
  const tableCells = message.tables.flatMap((table) => table.rows.flatMap((row) => row.cells));
  lessonLinks = new Set([lesson.markdown, ...tableCells].flatMap(linkTargets));
  document.title = lesson.title;

  const title = h('h1', { id: 'lesson-title', tabindex: '-1' }, lesson.title);
  understoodButton = createButton('', {
    id: 'mark-understood',
    appearance: 'secondary',
    onClick: () => {
      const understood = !(current?.understood ?? false);
      post({ type: 'markUnderstood', lesson: lesson.id, understood });
    },
  });
  understoodStatus = statusRegion('understood-status', 'visually-hidden');
  showUnderstood(message.understood);
  const tags = h('p', { class: 'rules' });
  if (lesson.rules.length > 0) {
    tags.append(h('span', { class: 'visually-hidden' }, 'Rules: '), ...lesson.rules.map(createTag));
  }
  const header = h(
    'header',
    { class: 'lesson-header' },
    h('div', {}, title, tags),
    h('div', { class: 'header-actions' }, understoodButton, understoodStatus),
  );

  const body = setHtml(
    h('article', { class: 'lesson-body', 'aria-labelledby': 'lesson-title' }),
    renderMarkdown(lesson.markdown),
  );
  highlightLessonCode(body, lesson.highlights);
  foldAnswers(body);
  labelLessonCode(body);
  // A section, not an <aside>: a complementary landmark may not sit inside <main>.
  const tablesSection = h(
    'section',
    { class: 'tables', 'aria-labelledby': 'tables-heading' },
    h('h2', { id: 'tables-heading' }, 'Where this fits'),
    ...message.tables.map((table) => renderTable(table, message)),
  );

  const parts: Node[] = [header];
  if (finding) parts.push(renderFinding(finding), createDivider());
  else applyButton = fixStatus = undefined;
  const lessonColumn = h('div', { class: 'lesson-column' }, body);
  if (lesson.selfCheck) {
    lessonColumn.append(
      renderSelfCheck(lesson.selfCheck, {
        passedBefore: message.selfChecked === true,
        onAnswer: (choice) => post({ type: 'answerSelfCheck', lesson: lesson.id, choice }),
      }),
    );
  }
  parts.push(h('div', { class: 'layout' }, lessonColumn, tablesSection));
  app.replaceChildren(...parts);
  app.removeAttribute('aria-busy');
  watchScrollableRegions(app);
  if (moveFocus) title.focus();
}

function renderTable(table: Table, message: ShowLessonMessage): HTMLElement {
  const matches = (ref: TableRef) => ref.table === table.id;
  const highlighted = new Set(message.highlight.filter(matches).map((ref) => ref.row));
  const available = new Set(message.available);
  const matchText = message.finding ? ' (matches this finding)' : ' (this lesson)';
  const head = h('tr', {}, ...table.columns.map((column) => h('th', { scope: 'col' }, column)));
  const rows = table.rows.map((row) => {
    const isMatch = highlighted.has(row.id);
    const cells = row.cells.map((cell, i) => {
      const content = setHtml(h('span'), renderInline(cell));
      if (i === 0 && row.lesson !== message.lesson.id && available.has(row.lesson)) {
        const link = h('a', {
          href: `#lesson-${row.lesson}`,
          'data-lesson': row.lesson,
          class: 'lesson-link',
        });
        link.append(...Array.from(content.childNodes));
        return h('th', { scope: 'row' }, link, ...(isMatch ? [hidden(matchText)] : []));
      }
      if (i === 0) return h('th', { scope: 'row' }, content, ...(isMatch ? [hidden(matchText)] : []));
      return h('td', {}, content);
    });
    return h(
      'tr',
      {
        'data-row': row.id,
        class: isMatch ? 'match' : undefined,
        'aria-current': isMatch ? 'true' : undefined,
      },
      ...cells,
    );
  });
  return scrollableRegion(
    h(
      'div',
      { class: 'table-scroll' },
      h(
        'table',
        { id: `table-${table.id}`, 'data-table': table.id },
        h('caption', {}, table.title),
        h('thead', {}, head),
        h('tbody', {}, ...rows),
      ),
    ),
    table.title,
  );
}

/** A line's text, coloured where there are tokens; an empty line keeps a space, to keep its height. */
function lineText(text: string, tokens: TokenSpan[] | undefined): HTMLElement {
  return h('span', { class: 'text' }, ...(text === '' ? [' '] : highlightedText(text, tokens)));
}

function renderCode(code: CodeLines, label: string, focus?: { first: number; last: number }): HTMLElement {
  const tokens = tokensByLine(code.highlights);
  const lines = code.lines.map((text, i) => {
    const number = code.firstLine + i;
    const inFocus = focus !== undefined && number >= focus.first && number <= focus.last;
    const line = h(
      'span',
      { class: inFocus ? 'line focus' : 'line' },
      h('span', { class: 'ln', 'aria-hidden': 'true' }, String(number)),
    );
    if (inFocus && number === focus.first) line.append(hidden('Finding: '));
    line.append(lineText(text, tokens.get(number)));
    return line;
  });
  const pre = scrollableRegion(h('pre', {}, h('code', {}, ...lines)), label);
  return h('figure', { class: 'code' }, h('figcaption', {}, label), pre);
}

function lineSpan(code: CodeLines): string {
  const last = code.firstLine + Math.max(code.lines.length - 1, 0);
  return last === code.firstLine ? `line ${code.firstLine}` : `lines ${code.firstLine}–${last}`;
}

const DIFF_MARKS: Record<DiffLine['kind'], { sign: string; label: string }> = {
  context: { sign: ' ', label: '' },
  removed: { sign: '−', label: 'Removed: ' },
  added: { sign: '+', label: 'Added: ' },
};

/**
 * The fix as a unified diff: per hunk, its lines with the old and new line numbers and a − or +
 * sign. Colour is only a second cue: the sign shows the change, and a screen reader hears
 * "Removed:" or "Added:" before the line (the signs and numbers are hidden from it).
 */
function renderDiff(
  hunks: readonly DiffHunk[],
  file: string,
  highlights?: { old: HighlightedLine[]; new: HighlightedLine[] },
): HTMLElement {
  const label = `Changes to ${file}`;
  const before = tokensByLine(highlights?.old);
  const after = tokensByLine(highlights?.new);
  const parts = hunks.map((hunk, index) => {
    const lines = hunk.lines.map((line) => {
      const mark = DIFF_MARKS[line.kind];
      const oldNumber = line.kind === 'added' ? '' : String(line.oldLine);
      const newNumber = line.kind === 'removed' ? '' : String(line.newLine);
      return h(
        'span',
        { class: `line ${line.kind}` },
        h('span', { class: 'ln old', 'aria-hidden': 'true' }, oldNumber),
        h('span', { class: 'ln new', 'aria-hidden': 'true' }, newNumber),
        h('span', { class: 'sign', 'aria-hidden': 'true' }, mark.sign),
        ...(mark.label ? [hidden(mark.label)] : []),
        lineText(line.text, line.kind === 'added' ? after.get(line.newLine) : before.get(line.oldLine)),
      );
    });
    const range =
      hunk.oldCount === hunk.newCount && hunk.oldStart === hunk.newStart
        ? `line ${hunk.oldStart}`
        : `line ${hunk.oldStart} before, line ${hunk.newStart} after`;
    const header = h(
      'span',
      { class: 'hunk-header' },
      h(
        'span',
        { 'aria-hidden': 'true' },
        `@@ -${hunk.oldStart},${hunk.oldCount} +${hunk.newStart},${hunk.newCount} @@`,
      ),
      hidden(`Change ${index + 1} of ${hunks.length}, at ${range}.`),
    );
    return h('span', { class: 'hunk' }, header, ...lines);
  });
  const pre = scrollableRegion(h('pre', { class: 'diff' }, h('code', {}, ...parts)), label);
  return h('figure', { class: 'fix-diff' }, h('figcaption', {}, label), pre);
}

function renderFinding(finding: FindingView): HTMLElement {
  const section = h(
    'section',
    { class: 'finding', 'aria-labelledby': 'finding-heading' },
    h('h2', { id: 'finding-heading' }, 'In your code'),
  );
  const where = h('span', { class: 'where' }, `${finding.file}:${finding.line}`);
  const summary = h('p', { class: 'finding-message' });
  // The rule is in the header already unless this lesson covers several rules.
  const rules = current?.lesson.rules ?? [];
  if (finding.rule && (rules.length !== 1 || rules[0] !== finding.rule)) {
    summary.append(createTag(finding.rule), ' ');
  }
  // Diagnostic messages and fix titles use Markdown `code` spans, and nothing else of Markdown.
  if (finding.message) summary.append(setHtml(h('span'), renderMessage(finding.message)), ' — ');
  summary.append(where);
  section.append(summary);
  section.append(renderCode(finding.code, `${finding.file}, ${lineSpan(finding.code)}`, finding.focus));

  if (finding.fix) {
    section.append(
      h(
        'h3',
        { id: 'fix-heading' },
        'Preferred fix: ',
        setHtml(h('span', { class: 'fix-title' }), renderMessage(finding.fix.title)),
      ),
      renderDiff(finding.fix.hunks, finding.file, finding.fix.highlights),
    );
  }
  if (finding.stale) {
    section.append(
      h(
        'p',
        { class: 'notice' },
        'The file changed since this finding was reported, so its fix is not offered here. ' +
          'Hover the code again for an up-to-date fix.',
      ),
    );
  }

  const actions = h('div', { class: 'actions' });
  if (finding.fix && !finding.stale) {
    applyButton = createButton('Apply fix', {
      id: 'apply-fix',
      appearance: 'primary',
      onClick: () => {
        // Unavailable, not disabled, while the fix is on its way: focus stays on the button.
        if (applyButton) setButtonUnavailable(applyButton, true);
        if (fixStatus) fixStatus.textContent = 'Applying the fix…';
        post({ type: 'applyFix' });
      },
    });
    actions.append(applyButton);
  } else {
    applyButton = undefined;
  }
  actions.append(
    createButton('Go to code', {
      id: 'go-to-code',
      appearance: applyButton ? 'secondary' : 'primary',
      onClick: () => post({ type: 'goToCode' }),
    }),
  );
  // The result shows beside the buttons, where the learner is looking.
  fixStatus = statusRegion('status', 'status');
  actions.append(fixStatus);
  section.append(actions);
  return section;
}

/** A toggle: the label stays put and `aria-pressed` (with a check mark) carries the state. */
function showUnderstood(understood: boolean): void {
  if (!understoodButton) return;
  setButtonLabel(understoodButton, 'Mark as understood');
  setButtonPressed(understoodButton, understood);
}

function showFixStatus(result: FixStatus, text: string): void {
  // The result quotes the fix's title, whose `code` spans are Markdown (see renderMessage).
  if (fixStatus) setHtml(fixStatus, renderMessage(text));
  if (!applyButton) return;
  if (result === 'applied') setButtonLabel(applyButton, 'Fix applied');
  // A failed fix may be tried again; focus never left the button either way.
  setButtonUnavailable(applyButton, result !== 'failed');
}

/**
 * A click opens a lesson only from a link the lessons and tables made, and a web page only when the
 * lesson's own text links to it. A link that came from anywhere else, such as the learner's code
 * quoted in a finding, opens nothing.
 */
document.addEventListener('click', (event) => {
  const link = event.target instanceof Element ? event.target.closest('a') : null;
  if (!link) return;
  const fromLesson = link.closest('.finding') === null;
  const lesson = link.getAttribute('data-lesson');
  const href = link.getAttribute('href') ?? '';
  if (lesson && fromLesson) {
    event.preventDefault();
    post({ type: 'openLesson', lesson });
  } else if (!(fromLesson && /^https?:\/\//i.test(href) && lessonLinks.has(href))) {
    event.preventDefault();
  }
});

window.addEventListener('message', (event: MessageEvent<ExtensionToWebviewMessage>) => {
  const message = event.data;
  if (typeof message !== 'object' || message === null) return;
  switch (message.type) {
    case 'showLesson': {
      const moveFocus = current !== undefined && current.lesson.id !== message.lesson.id;
      render(message, moveFocus);
      vscode.setState({ restore: message.restore, view: message });
      break;
    }
    case 'fixStatus':
      showFixStatus(message.status, message.text);
      break;
    case 'understood':
      if (current && current.lesson.id === message.lesson) {
        current = { ...current, understood: message.understood };
        vscode.setState({ restore: current.restore, view: current });
        showUnderstood(message.understood);
        if (understoodStatus) {
          understoodStatus.textContent = message.understood
            ? 'Marked as understood.'
            : 'No longer marked as understood.';
        }
      }
      break;
  }
});

// A reloaded page draws the last lesson at once; the extension answers `ready` with a fresh one.
const saved = vscode.getState() as Partial<LessonPanelState> | undefined;
if (saved?.view?.type === 'showLesson') render(saved.view, false);
post({ type: 'ready' });
