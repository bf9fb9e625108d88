// What the extension asks the server to colour for the lesson panel, and how the answer lands in
// the message: the lesson's Rust blocks (as markdown-it sees them) and the finding's two texts.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { withHighlights } from '../src/client/lessonPanel/highlights';
import type { HighlightParams } from '../src/shared/protocol';
import { rustCodeBlocks } from '../src/shared/rustFences';
import { renderMarkdown } from '../webview/markdown';
import { realLessonMessage, RUST } from './support/lessonPanelFixture';
import { applyEdits } from '../src/client/lessonPanel/findingView';
import { UNWRAP_FINDING } from './support/lessonPanelFixture';

const LESSONS = path.join(__dirname, '..', 'lessons');

/** The text of each `language-rust…` block markdown-it renders, unescaped. */
function markdownItRustBlocks(markdown: string): string[] {
  const unescape = (s: string) =>
    s
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&');
  return [
    ...renderMarkdown(markdown).matchAll(
      /<pre><code class="language-rust(?:,[^"]*)?">([\s\S]*?)<\/code><\/pre>/g,
    ),
  ].map((m) => unescape(m[1] ?? ''));
}

describe('rustCodeBlocks', () => {
  it('finds the Rust blocks markdown-it renders, with the same text, and no others', () => {
    const markdown = [
      'Intro',
      '```rust',
      'fn main() {}',
      '```',
      '```text',
      'not rust',
      '```',
      '  ```rust,ignore',
      '  let x = 1;',
      '    indented();',
      '  ```',
      '~~~~rust compile_fail',
      'let s = "<b>";',
      '```',
      '~~~~',
      '```rusty',
      'no',
      '```',
    ].join('\n');
    const blocks = rustCodeBlocks(markdown);
    assert.deepEqual(blocks, ['fn main() {}\n', 'let x = 1;\n  indented();\n', 'let s = "<b>";\n```\n']);
    assert.deepEqual(blocks, markdownItRustBlocks(markdown));
  });

  it("agrees with markdown-it on every lesson's Rust blocks", () => {
    let count = 0;
    for (const file of fs.readdirSync(LESSONS).filter((name) => name.endsWith('.md'))) {
      const markdown = fs.readFileSync(path.join(LESSONS, file), 'utf8');
      const blocks = rustCodeBlocks(markdown);
      assert.deepEqual(blocks, markdownItRustBlocks(markdown), file);
      count += blocks.length;
    }
    assert.ok(count >= 100, `${count} blocks`);
  });
});

describe('withHighlights', () => {
  it('asks once for the blocks and both sides of the fix, and files each answer where it belongs', async () => {
    const message = realLessonMessage('unwrap-used', true);
    const after = applyEdits(RUST, UNWRAP_FINDING.fix?.edits ?? []);
    const asked: HighlightParams[] = [];
    const result = await withHighlights(message, { before: RUST, after }, (params) => {
      asked.push(params);
      // A recognisable answer per source: its index as the line number.
      return Promise.resolve({
        highlights: params.sources.map((_, i) => [{ line: i + 1, tokens: [[0, 1, 'keyword']] }]),
      });
    });
    assert.equal(asked.length, 1);
    const sources = asked[0]?.sources ?? [];
    const blocks = rustCodeBlocks(message.lesson.markdown);
    assert.equal(sources.length, blocks.length + 2);
    // The finding's excerpt (lines 2–6) and the diff's old side; the diff's new side.
    assert.deepEqual(sources[blocks.length], {
      text: RUST,
      lines: [
        { first: 2, last: 6 },
        { first: 2, last: 6 },
      ],
    });
    assert.deepEqual(sources[blocks.length + 1], { text: after, lines: [{ first: 2, last: 6 }] });
    assert.deepEqual(
      result.lesson.highlights?.map((b) => b.code),
      blocks,
    );
    assert.equal(result.lesson.highlights?.[1]?.lines[0]?.line, 2);
    assert.equal(result.finding?.code.highlights?.[0]?.line, blocks.length + 1);
    assert.equal(result.finding?.fix?.highlights?.old[0]?.line, blocks.length + 1);
    assert.equal(result.finding?.fix?.highlights?.new[0]?.line, blocks.length + 2);
  });

  it('leaves the message as it was when the server cannot answer or answers something else', async () => {
    const message = realLessonMessage('unwrap-used', true);
    const texts = { before: RUST };
    assert.equal(await withHighlights(message, texts, () => Promise.resolve(undefined)), message);
    assert.equal(await withHighlights(message, texts, () => Promise.reject(new Error('gone'))), message);
    assert.equal(await withHighlights(message, texts, () => Promise.resolve({ highlights: [] })), message);
  });
});
