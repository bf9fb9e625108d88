// Lesson Markdown → HTML with markdown-it. Raw HTML is off, so every `<`, `>` and `&` in a lesson comes
// out escaped; images are off (the panel's CSP would block remote ones anyway). `lesson:` links become
// in-panel links carrying `data-lesson`, http(s) links stay (VS Code opens them outside), any other
// link target is dropped and its text kept.
import MarkdownIt from 'markdown-it';
import { LESSON_ID_PATTERN } from '../src/shared/webviewProtocol';

const md = new MarkdownIt({ html: false, linkify: false, typographer: false });
md.disable('image');

md.renderer.rules.link_open = (tokens, idx, options, _env, self) => {
  const token = tokens[idx];
  if (!token) return '';
  const href = String(token.attrGet('href') ?? '');
  const lesson = /^lesson:(.*)$/.exec(href)?.[1];
  if (lesson !== undefined) {
    token.attrs = LESSON_ID_PATTERN.test(lesson)
      ? [
          ['href', `#lesson-${lesson}`],
          ['data-lesson', lesson],
          ['class', 'lesson-link'],
        ]
      : [];
  } else if (!/^https?:\/\//i.test(href)) {
    token.attrs = [];
  }
  // markdown-it escapes attribute values in renderToken.
  return self.renderToken(tokens, idx, options);
};

/** A paragraph that is only `**Before**` or `**After**` (perhaps with a note after it). */
const EXAMPLE_LABEL = /^(Before|After)$/;

/**
 * Lessons mark their remedy's examples with a bold `**Before**` / `**After**` paragraph (the lesson
 * tests look for those markers). Shown as bold text they stand in for headings, so they become
 * headings one level below the section they are in: a screen reader can jump to them.
 */
md.core.ruler.push('example_headings', (state) => {
  const tokens = state.tokens;
  let level = 1;
  for (let i = 0; i < tokens.length; i++) {
    const open = tokens[i];
    const inline = tokens[i + 1];
    const close = tokens[i + 2];
    if (open?.type === 'heading_open') level = Number(open.tag.slice(1));
    if (open?.type !== 'paragraph_open' || inline?.type !== 'inline' || close?.type !== 'paragraph_close') {
      continue;
    }
    const children = (inline.children ?? []).filter((t) => !(t.type === 'text' && t.content === ''));
    const [strongOpen, label, strongClose] = children;
    if (
      strongOpen?.type !== 'strong_open' ||
      label?.type !== 'text' ||
      !EXAMPLE_LABEL.test(label.content) ||
      strongClose?.type !== 'strong_close'
    ) {
      continue;
    }
    const tag = `h${Math.min(level + 1, 6)}`;
    open.type = 'heading_open';
    close.type = 'heading_close';
    open.tag = close.tag = tag;
    open.attrSet('class', 'example-heading');
    inline.children = children.filter((t) => t !== strongOpen && t !== strongClose);
  }
});

/**
 * Finding messages and fix titles quote the learner's code, which is not ours to trust: only their
 * `code` spans are Markdown (see src/shared/markdownCode.ts). No link, image, emphasis, HTML or
 * entity, so code that slipped out of its span still cannot make a link that fetches a URL or opens
 * a lesson.
 */
const messageMd = new MarkdownIt('zero', { html: false, linkify: false, typographer: false }).enable([
  'backticks',
]);

/** A finding's message or a fix title to an HTML string: escaped text and `code` spans. */
export function renderMessage(source: string): string {
  return messageMd.renderInline(source);
}

/** Every link target in lesson Markdown: the only web pages the panel opens. */
export function linkTargets(source: string): string[] {
  const targets: string[] = [];
  const walk = (tokens: ReturnType<typeof md.parse>) => {
    for (const token of tokens) {
      const href = token.type === 'link_open' ? token.attrGet('href') : null;
      if (href !== null) targets.push(String(href));
      if (token.children) walk(token.children);
    }
  };
  walk(md.parse(source, {}));
  return targets;
}

/** Block Markdown (a lesson body) to an HTML string that contains no raw HTML from the source. */
export function renderMarkdown(source: string): string {
  return md.render(source);
}

/** Inline Markdown (a table cell: text and `code` spans) to an HTML string. */
export function renderInline(source: string): string {
  return md.renderInline(source);
}

/**
 * A self-check choice (it sits inside a button): code spans and emphasis, no links, since a link
 * inside a button could not be used.
 */
const choiceMd = new MarkdownIt('zero', { html: false, linkify: false, typographer: false }).enable([
  'backticks',
  'emphasis',
]);

export function renderChoice(source: string): string {
  return choiceMd.renderInline(source);
}
