// The lessons check themselves with the engine, in both directions:
// - every Rust block under a rule lesson's **Before** (in "The idiomatic Rust remedy") gets a finding
//   from one of the lesson's rules, with every rule on: the lesson shows what the rule reports;
// - every Rust block under **After** gives no finding, under the default rules and with every rule
//   on (unless the block carries its own `allow`, which the engine honours like any other code). A
//   coach that flags the code it teaches contradicts itself.
// Row lessons (`row-*`) may show a bug class that safe Rust rejects before any rule could, so only
// their After blocks are checked. `compile_fail` After blocks show an error on purpose and are left
// out; test/lessons.test.ts compiles the rest.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import MarkdownIt from 'markdown-it';
import { loadLessons, type Lesson } from '../src/shared/lessons/catalog';
import { RULES } from '../src/engine/rules';
import { findingsIn } from './support/engine';

const LESSONS_DIR = path.resolve(__dirname, '..', 'lessons');
const ALL_RULES = RULES.map((r) => r.id);
const md = new MarkdownIt();

interface Block {
  lesson: Lesson;
  line: number;
  part: 'Before' | 'After';
  attrs: string[];
  code: string;
}

/** The Rust blocks of "The idiomatic Rust remedy", each marked by the last Before/After label above it. */
function remedyBlocks(lesson: Lesson): Block[] {
  const blocks: Block[] = [];
  let section = '';
  let part: Block['part'] | undefined;
  const tokens = md.parse(lesson.body, {});
  tokens.forEach((token, i) => {
    if (token.type === 'heading_open') {
      section = tokens[i + 1]?.content ?? '';
      part = undefined;
    }
    const label = token.type === 'inline' ? /^\*\*(Before|After)\*\*/.exec(token.content.trim()) : null;
    if (label) part = label[1] as Block['part'];
    if (token.type !== 'fence' || !part || section !== 'The idiomatic Rust remedy') return;
    const [lang, ...attrs] = token.info.split(',').map((s) => s.trim());
    if (lang !== 'rust') return;
    blocks.push({ lesson, line: (token.map?.[0] ?? 0) + 1, part, attrs, code: token.content });
  });
  return blocks;
}

const lessons = [...loadLessons(LESSONS_DIR).values()];
const blocks = lessons.flatMap(remedyBlocks);
const isRuleLesson = (lesson: Lesson) => !lesson.id.startsWith('row-') && lesson.rules.length > 0;
const describeFindings = (found: Awaited<ReturnType<typeof findingsIn>>) =>
  found.map((f) => `${f.range.start.line + 1}: ${f.rule}: ${f.message}`);

describe("the lessons' remedies", () => {
  it('have Before and After blocks in every rule lesson', () => {
    for (const lesson of lessons.filter(isRuleLesson)) {
      const own = blocks.filter((b) => b.lesson === lesson);
      assert.ok(
        own.some((b) => b.part === 'Before'),
        `${lesson.id}: no Rust block under **Before**`,
      );
      assert.ok(
        own.some((b) => b.part === 'After' && !b.attrs.includes('compile_fail')),
        `${lesson.id}: no Rust block under **After**`,
      );
    }
    assert.ok(blocks.filter((b) => b.part === 'After').length >= 27, `${blocks.length} blocks`);
  });

  for (const block of blocks.filter((b) => b.part === 'Before' && isRuleLesson(b.lesson))) {
    const { lesson } = block;
    it(`${lesson.id} Before (body line ${block.line}) gets a finding from ${lesson.rules.join(' or ')}`, async () => {
      const found = await findingsIn(block.code, { only: ALL_RULES }, 'src/main.rs');
      assert.ok(
        found.some((f) => lesson.rules.includes(f.rule)),
        `no finding from ${lesson.rules.join(', ')}; found: ${JSON.stringify(describeFindings(found))}`,
      );
    });
  }

  for (const block of blocks.filter((b) => b.part === 'After' && !b.attrs.includes('compile_fail'))) {
    const where = `${block.lesson.id} After (body line ${block.line})`;
    it(`${where} gives no finding under the default rules`, async () => {
      assert.deepEqual(describeFindings(await findingsIn(block.code, {}, 'src/main.rs')), []);
    });
    it(`${where} gives no finding with every rule on`, async () => {
      assert.deepEqual(
        describeFindings(await findingsIn(block.code, { only: ALL_RULES }, 'src/main.rs')),
        [],
      );
    });
  }
});

/** The allow lines a lesson's "How to silence it" section tells the learner to write. */
function silencers(lesson: Lesson): string[] {
  const start = lesson.body.indexOf('\n## How to silence it\n');
  if (start < 0) return [];
  const end = lesson.body.indexOf('\n## ', start + 1);
  const section = lesson.body.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(/^(#!?\[allow\([^\]]*\)\]|\/\/ safety-coach: allow(?:-file)?\([^)]*\))/gm)].map(
    (m) => m[1] ?? '',
  );
}

describe("the lessons' How to silence it", () => {
  for (const lesson of lessons.filter(isRuleLesson)) {
    const lines = silencers(lesson);
    it(`${lesson.id} names at least one safety-coach allow line`, () => {
      assert.ok(
        lines.some((l) => l.startsWith('// safety-coach:')),
        `${lesson.id}: ${JSON.stringify(lines)}`,
      );
    });
    for (const line of lines) {
      it(`${lesson.id}: "${line}" silences the rule in every Before block`, async () => {
        for (const block of blocks.filter((b) => b.lesson === lesson && b.part === 'Before')) {
          const reported = (await findingsIn(block.code, { only: ALL_RULES }, 'src/main.rs')).filter((f) =>
            lesson.rules.includes(f.rule),
          );
          const silenced = withAllow(
            block.code,
            line,
            reported.map((f) => f.range.start.line),
          );
          const left = (await findingsIn(silenced, { only: ALL_RULES }, 'src/main.rs')).filter((f) =>
            lesson.rules.includes(f.rule),
          );
          assert.deepEqual(describeFindings(left), [], `after adding ${line}:\n${silenced}`);
        }
      });
    }
  }
});

/**
 * The code with the allow written where the lesson says: a line comment or an outer attribute on
 * the line above each finding (in the finding's indentation), a file-wide form at the top. An outer
 * `#[allow]` is tried as the crate-wide `#![allow]`, which rustc accepts anywhere.
 */
function withAllow(code: string, line: string, findingLines: number[]): string {
  const lines = code.split('\n');
  const inner = line.replace(/^#\[/, '#![');
  if (line.includes('allow-file') || line.startsWith('#')) {
    const at = lines.findIndex((l) => !l.startsWith('#!['));
    lines.splice(at < 0 ? 0 : at, 0, inner);
    return lines.join('\n');
  }
  for (const n of [...new Set(findingLines)].sort((a, b) => b - a)) {
    const indent = /^\s*/.exec(lines[n] ?? '')?.[0] ?? '';
    lines.splice(n, 0, indent + line);
  }
  return lines.join('\n');
}
