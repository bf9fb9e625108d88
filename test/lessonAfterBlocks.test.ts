// The lessons' own remedies are clean: every Rust block after a lesson's **After** marker, in
// "The idiomatic Rust remedy", gives no finding under the default rules. A coach that flags the
// code it teaches contradicts itself. (`compile_fail` blocks show an error on purpose and are
// left out; test/lessons.test.ts compiles the rest.)
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import MarkdownIt from 'markdown-it';
import { loadLessons } from '../src/shared/lessons/catalog';
import { findingsIn } from './support/engine';

const LESSONS_DIR = path.resolve(__dirname, '..', 'lessons');
const md = new MarkdownIt();

interface Block {
  lesson: string;
  line: number;
  code: string;
}

/** The Rust blocks between `**After**` and the end of the remedy section. */
function afterBlocks(lesson: string, body: string): Block[] {
  const blocks: Block[] = [];
  let section = '';
  let after = false;
  const tokens = md.parse(body, {});
  tokens.forEach((token, i) => {
    if (token.type === 'heading_open') {
      section = tokens[i + 1]?.content ?? '';
      after = false;
    }
    if (token.type === 'inline' && /^\*\*(Before|After)\*\*$/.test(token.content.trim()))
      after = token.content.includes('After');
    if (token.type !== 'fence' || !after || section !== 'The idiomatic Rust remedy') return;
    const [lang, ...attrs] = token.info.split(',').map((s) => s.trim());
    if (lang !== 'rust' || attrs.includes('compile_fail')) return;
    blocks.push({ lesson, line: (token.map?.[0] ?? 0) + 1, code: token.content });
  });
  return blocks;
}

describe("the lessons' After blocks", () => {
  const blocks = [...loadLessons(LESSONS_DIR).values()].flatMap((l) => afterBlocks(l.id, l.body));

  it('are found in every rule lesson', () => {
    assert.ok(blocks.length >= 14, `${blocks.length} blocks`);
  });

  for (const block of blocks) {
    it(`${block.lesson} (body line ${block.line}) gives no finding under the default rules`, async () => {
      const found = await findingsIn(block.code, {}, 'src/main.rs');
      assert.deepEqual(
        found.map((f) => `${f.range.start.line + 1}: ${f.rule}: ${f.message}`),
        [],
      );
    });
  }
});
