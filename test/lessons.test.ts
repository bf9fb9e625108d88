// Checks the lesson catalog in `lessons/` against the rules and the two tables.
//
// Code block convention (the same as rustdoc's attributes, read from the fence's info string):
//   ```rust                 must compile.
//   ```rust,no_run          must compile (it is never run here anyway).
//   ```rust,compile_fail    must be rejected by rustc (it demonstrates a compiler error); a comment
//                           `// error[E0382]: ...` or `// error: <message>` in it must match rustc's error.
//   ```rust,ignore          not checked: needs a crate such as tokio, a special target, or is a fragment.
//   ```rust,edition2024     (combinable) compile with that edition instead of the default 2021.
// A checked block is a whole crate: it is compiled as a binary when it defines `fn main`, otherwise
// as a library (`--crate-type lib`). Blocks are compiled with
//   rustc --edition 2021 --crate-type <bin|lib> --emit=metadata,mir --out-dir <tmp>
// `mir` is emitted as well as `metadata` because deny-by-default lints such as `arithmetic_overflow`
// and `unconditional_panic` run on MIR and are not reported by `--emit=metadata` alone; nothing is
// code-generated or linked, so this stays fast. Compiles run two at a time.
//
// Run: node --import tsx --test test/lessons.test.ts

import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';

import { loadLessons, parseLesson, type Lesson } from '../src/shared/lessons/catalog';
import { BUG_CLASSES, FAILURE_MODES, TABLES, findRow, type TableRef } from '../src/shared/lessons/tables';

const LESSONS_DIR = path.resolve(__dirname, '..', 'lessons');

/** Every rule id, and the table row its lesson belongs to. */
const RULE_ROWS: Record<string, TableRef> = {
  'unwrap-used': { table: 'failure-modes', row: 'unwrap-none-err' },
  'expect-used': { table: 'failure-modes', row: 'unwrap-none-err' },
  'idiomatic-unwrap': { table: 'failure-modes', row: 'unwrap-none-err' },
  'unnecessary-unwrap': { table: 'failure-modes', row: 'unwrap-none-err' },
  'panicking-unwrap': { table: 'failure-modes', row: 'unwrap-none-err' },
  'question-mark': { table: 'failure-modes', row: 'unwrap-none-err' },
  'partialeq-to-none': { table: 'bug-classes', row: 'null-dereference' },
  'undocumented-unsafe-block': { table: 'failure-modes', row: 'unsafe-soundness' },
  'missing-safety-doc': { table: 'failure-modes', row: 'unsafe-soundness' },
  transmute: { table: 'failure-modes', row: 'unsafe-soundness' },
  'static-mut': { table: 'bug-classes', row: 'data-race' },
  'uninit-memory': { table: 'bug-classes', row: 'uninitialized-memory' },
  'no-std-panic-handler': { table: 'failure-modes', row: 'panic-no-std' },
  'blocking-in-async': { table: 'failure-modes', row: 'async-starvation' },
  'indexing-may-panic': { table: 'bug-classes', row: 'buffer-overflow' },
  'truncating-cast': { table: 'bug-classes', row: 'integer-overflow' },
};
const RULE_IDS = Object.keys(RULE_ROWS);
/** Rules taught by another rule's lesson: idiomatic-unwrap by unwrap-used's "When this is fine". */
const SHARED_LESSONS: Record<string, string> = { 'idiomatic-unwrap': 'unwrap-used' };
const lessonOf = (rule: string) => SHARED_LESSONS[rule] ?? rule;
/** Lessons that no rule reports but a panic at run time links to (src/engine/panics). */
const PANIC_LESSONS = ['refcell-borrow', 'division-by-zero'];

const REQUIRED_SECTIONS = [
  'What goes wrong',
  'When this is fine',
  'What C or C++ would do',
  'The idiomatic Rust remedy',
  'Try it',
];
/** A lesson that teaches a rule also says how to switch it off where it is fine. */
const RULE_SECTIONS = ['How to silence it'];
const isRuleLesson = (lesson: Lesson) => !lesson.id.startsWith('row-') && lesson.rules.length > 0;

const ALL_ROWS = Object.values(TABLES).flatMap((table) =>
  table.rows.map((row) => ({ table: table.id, row })),
);

const lessons: Map<string, Lesson> = loadLessons(LESSONS_DIR);
const md = new MarkdownIt();

describe('tables', () => {
  it('have the expected columns and row ids', () => {
    assert.deepEqual(FAILURE_MODES.columns, ['Rust design choice', 'Failure mode', 'Mitigation']);
    assert.deepEqual(
      FAILURE_MODES.rows.map((r) => r.id),
      ['panic-no-std', 'unwrap-none-err', 'unsafe-soundness', 'async-starvation', 'compilation-time'],
    );
    assert.deepEqual(BUG_CLASSES.columns, ['Bug class', 'C', 'C++ (with care)', 'Rust (safe)']);
    assert.deepEqual(
      BUG_CLASSES.rows.map((r) => r.id),
      [
        'buffer-overflow',
        'use-after-free',
        'double-free',
        'null-dereference',
        'data-race',
        'integer-overflow',
        'uninitialized-memory',
      ],
    );
  });

  it('have one cell per column, no empty cells, and row lessons named row-<id>', () => {
    for (const [key, table] of Object.entries(TABLES)) {
      assert.equal(table.id, key);
      for (const row of table.rows) {
        assert.equal(row.cells.length, table.columns.length, `${key}/${row.id}: cell count`);
        for (const cell of row.cells) assert.ok(cell.trim() !== '', `${key}/${row.id}: empty cell`);
        assert.equal(row.lesson, `row-${row.id}`);
      }
    }
  });

  it('state the corrected facts, not the loose ones from the source', () => {
    const rust = (id: string) => BUG_CLASSES.rows.find((r) => r.id === id)?.cells[3];
    assert.equal(rust('buffer-overflow'), 'Bounds-checked: panic at run time (`get()` returns Option)');
    assert.equal(
      rust('integer-overflow'),
      'Panics in debug builds, wraps in release (unless overflow-checks)',
    );
    assert.equal(rust('uninitialized-memory'), 'Compile error (use before init is rejected)');
    assert.equal(rust('null-dereference'), 'No null references: Option');
  });
});

describe('lesson catalog', () => {
  it('has a lesson for every rule, whose id is the rule id (or the lesson it shares)', () => {
    for (const rule of RULE_IDS) {
      const lesson = lessons.get(lessonOf(rule));
      assert.ok(lesson, `no lesson for rule ${rule}`);
      const sharing = RULE_IDS.filter((r) => lessonOf(r) === lessonOf(rule));
      assert.deepEqual(lesson.rules, sharing, `${rule}: rules`);
    }
  });

  it('puts every rule lesson on the row it belongs to, and that row exists', () => {
    for (const [rule, ref] of Object.entries(RULE_ROWS)) {
      const lesson = lessons.get(lessonOf(rule));
      assert.ok(lesson);
      assert.deepEqual({ table: lesson.table, row: lesson.row }, ref, `${rule}: table/row`);
      assert.ok(findRow(ref), `${rule}: row ${ref.table}/${ref.row} is not in the tables`);
    }
  });

  it('has a row-<id> lesson for every table row, listing the rules on that row', () => {
    for (const { table, row } of ALL_ROWS) {
      const lesson = lessons.get(row.lesson);
      assert.ok(lesson, `no lesson ${row.lesson} for ${table}/${row.id}`);
      assert.equal(lesson.table, table, `${row.lesson}: table`);
      assert.equal(lesson.row, row.id, `${row.lesson}: row`);
      const expected = RULE_IDS.filter((r) => RULE_ROWS[r]?.table === table && RULE_ROWS[r]?.row === row.id);
      assert.deepEqual([...lesson.rules].sort(), expected.sort(), `${row.lesson}: rules`);
    }
  });

  it('has no lessons other than the rule, row and panic lessons', () => {
    const expected = new Set([
      ...RULE_IDS.map(lessonOf),
      ...ALL_ROWS.map(({ row }) => row.lesson),
      ...PANIC_LESSONS,
    ]);
    assert.equal(expected.size, 29);
    assert.deepEqual([...lessons.keys()].sort(), [...expected].sort());
  });

  it('has a non-empty title for every lesson', () => {
    for (const lesson of lessons.values()) assert.ok(lesson.title.trim().length > 0, lesson.id);
  });

  it('resolves every lesson: link', () => {
    for (const lesson of lessons.values()) {
      const links = [...lesson.body.matchAll(/\]\(lesson:([^)\s]*)\)/g)].map((m) => m[1] ?? '');
      for (const target of links) {
        assert.ok(lessons.has(target), `${lesson.id}: link to unknown lesson "lesson:${target}"`);
      }
      // A `lesson:` URL that is not in link syntax is probably a typo.
      const bare = lesson.body.replace(/\]\(lesson:[^)\s]*\)/g, '').match(/lesson:[a-z]/g);
      assert.equal(bare, null, `${lesson.id}: "lesson:" outside a [text](lesson:id) link`);
    }
  });

  it('gives every lesson the required sections, in order', () => {
    for (const lesson of lessons.values()) {
      const headings = md
        .parse(lesson.body, {})
        .map((token, i, tokens) =>
          token.type === 'heading_open' && token.tag === 'h2' ? tokens[i + 1]?.content : undefined,
        )
        .filter((h): h is string => h !== undefined);
      for (const section of [...REQUIRED_SECTIONS, ...(isRuleLesson(lesson) ? RULE_SECTIONS : [])]) {
        assert.ok(headings.includes(section), `${lesson.id}: missing "## ${section}"`);
      }
      const order = REQUIRED_SECTIONS.map((s) => headings.indexOf(s));
      assert.deepEqual(
        order,
        [...order].sort((a, b) => a - b),
        `${lesson.id}: sections out of order`,
      );
      const remedy = sectionText(lesson.body, 'The idiomatic Rust remedy');
      assert.match(remedy, /\*\*Before\*\*/, `${lesson.id}: remedy has no **Before**`);
      assert.match(remedy, /\*\*After\*\*/, `${lesson.id}: remedy has no **After**`);
      assert.ok(
        remedy.indexOf('**Before**') < remedy.indexOf('**After**'),
        `${lesson.id}: Before/After order`,
      );
    }
  });

  it('gives every Try it a folded ### Answer, and every lesson one self-check question', () => {
    for (const lesson of lessons.values()) {
      const tryIt = sectionText(lesson.body, 'Try it');
      assert.match(tryIt, /^### Answer$/m, `${lesson.id}: "## Try it" has no "### Answer"`);
      assert.ok(lesson.selfCheck, `${lesson.id}: no "## Self-check"`);
      for (const choice of lesson.selfCheck.choices) {
        assert.ok(choice.feedback.length >= 10, `${lesson.id}: self-check choice without feedback`);
      }
    }
  });

  it('orders the lessons as a course: a level for each, orders 1..N with none twice', () => {
    const orders = [...lessons.values()].map((lesson) => {
      assert.ok(lesson.level, `${lesson.id}: no level`);
      assert.ok(lesson.order, `${lesson.id}: no order`);
      return lesson.order;
    });
    assert.deepEqual(
      [...orders].sort((a, b) => a - b),
      orders.map((_, i) => i + 1),
    );
  });

  it('keeps lessons short (the folded answer aside)', () => {
    for (const lesson of lessons.values()) {
      const lines = lesson.body.replace(/^### Answer\n[\s\S]*?(?=^## |(?![\s\S]))/m, '').split('\n').length;
      assert.ok(lines >= 30 && lines <= 160, `${lesson.id}: ${lines} lines`);
    }
  });

  it('uses only known code block attributes', () => {
    for (const block of allBlocks()) {
      if (block.lang !== 'rust') continue;
      for (const attr of block.attrs) {
        assert.ok(
          ['ignore', 'no_run', 'compile_fail'].includes(attr) || /^edition20(15|18|21|24)$/.test(attr),
          `${block.lesson}: unknown attribute "${attr}" on block at line ${block.line}`,
        );
      }
    }
  });
});

describe('front matter', () => {
  const good = [
    '---',
    'id: unwrap-used',
    'title: unwrap() on None or Err panics',
    'rules: [unwrap-used]',
    'table: failure-modes',
    'row: unwrap-none-err',
    'level: beginner',
    'order: 4',
    '---',
    '',
    'Body text.',
    '',
    '## Self-check',
    '',
    'Does it panic?',
    '',
    '- [x] Yes — Right.',
    '- [ ] No — It does.',
  ].join('\n');

  it('parses a valid lesson', () => {
    assert.deepEqual(parseLesson('unwrap-used', good), {
      id: 'unwrap-used',
      title: 'unwrap() on None or Err panics',
      rules: ['unwrap-used'],
      table: 'failure-modes',
      row: 'unwrap-none-err',
      level: 'beginner',
      order: 4,
      body: 'Body text.\n',
      selfCheck: {
        question: 'Does it panic?',
        choices: [
          { text: 'Yes', correct: true, feedback: 'Right.' },
          { text: 'No', correct: false, feedback: 'It does.' },
        ],
      },
    });
    assert.deepEqual(parseLesson('unwrap-used', good.replace('[unwrap-used]', '[]')).rules, []);
  });

  // [case, file id, text, expected message]; every message must name the file.
  const bad: Array<[string, string, string, RegExp]> = [
    ['no front matter', 'x', 'Just text', /^Error: x\.md: front matter missing/],
    ['unclosed', 'x', good.replace(/---\n\nBody/, 'Body'), /^Error: x\.md: front matter not closed/],
    ['id mismatch', 'x', good, /^Error: x\.md: .*"id" is "unwrap-used" but the file name says "x"/],
    ['missing title', 'unwrap-used', good.replace(/title:.*\n/, ''), /unwrap-used\.md: .*"title" is missing/],
    ['missing rules', 'unwrap-used', good.replace(/rules:.*\n/, ''), /unwrap-used\.md: .*"rules" is missing/],
    [
      'rules not a list',
      'unwrap-used',
      good.replace('[unwrap-used]', 'unwrap-used'),
      /"rules" must be a list/,
    ],
    [
      'unknown table',
      'unwrap-used',
      good.replace('table: failure-modes', 'table: nope'),
      /"table" is "nope"/,
    ],
    [
      'unknown row',
      'unwrap-used',
      good.replace('row: unwrap-none-err', 'row: data-race'),
      /"row" is "data-race"/,
    ],
    ['empty row', 'unwrap-used', good.replace('row: unwrap-none-err', 'row:'), /"row" is empty/],
    ['missing level', 'unwrap-used', good.replace(/level:.*\n/, ''), /"level" is missing/],
    ['missing order', 'unwrap-used', good.replace(/order:.*\n/, ''), /"order" is missing/],
    [
      'no self-check',
      'unwrap-used',
      good.replace(/\n## Self-check[\s\S]*/, ''),
      /"## Self-check" section missing/,
    ],
    ['unknown key', 'unwrap-used', good.replace('row:', 'colour: red\nrow:'), /"colour" is unknown/],
    ['repeated key', 'unwrap-used', good.replace('row:', 'title: again\nrow:'), /"title" appears twice/],
    ['not key: value', 'unwrap-used', good.replace('row:', 'just words\nrow:'), /line 6 is not "key: value"/],
    [
      'unclosed list',
      'unwrap-used',
      good.replace('[unwrap-used]', '[unwrap-used'),
      /"rules" has an unclosed list/,
    ],
  ];
  for (const [name, id, text, message] of bad) {
    it(`rejects: ${name}`, () => {
      assert.throws(
        () => parseLesson(id, text),
        (error: unknown) =>
          error instanceof Error && message.test(String(error)) && String(error).includes(`${id}.md`),
      );
    });
  }

  it('names the file in loadLessons errors', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lessons-test-frontmatter-'));
    try {
      fs.writeFileSync(path.join(dir, 'broken.md'), good);
      assert.throws(() => loadLessons(dir), /broken\.md: .*"id"/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('rust code blocks', () => {
  let tmp = '';
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lessons-test-rustc-'));
  });
  after(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('every lesson has at least one checked Rust block', () => {
    const checked = new Set(
      allBlocks()
        .filter((b) => b.lang === 'rust' && !b.attrs.includes('ignore'))
        .map((b) => b.lesson),
    );
    for (const id of lessons.keys()) assert.ok(checked.has(id), `${id}: no compiled rust block`);
  });

  it('compile (or fail to compile, for compile_fail)', async () => {
    const blocks = allBlocks().filter((b) => b.lang === 'rust' && !b.attrs.includes('ignore'));
    assert.ok(blocks.length > 0);
    const failures: string[] = [];
    await pool(blocks, 2, async (block, index) => {
      const dir = path.join(tmp, String(index));
      fs.mkdirSync(dir);
      const file = path.join(dir, 'main.rs');
      fs.writeFileSync(file, block.code);
      const edition = block.attrs.find((a) => a.startsWith('edition'))?.slice('edition'.length) ?? '2021';
      const crateType = /\bfn\s+main\s*\(/.test(block.code) ? 'bin' : 'lib';
      const args = [`--edition=${edition}`, `--crate-type=${crateType}`, '--emit=metadata,mir'];
      const result = await run('rustc', [...args, '--crate-name=lesson', '--out-dir', dir, file]);
      const where = `${block.lesson}.md line ${block.line} (${crateType}, edition ${edition})`;
      if (block.attrs.includes('compile_fail')) {
        const expected = expectedError(block.code);
        if (result.code === 0) failures.push(`${where}: compile_fail block compiled`);
        else if (expected && !diagnostics(result.stderr).some((line) => line.startsWith(expected))) {
          failures.push(`${where}: expected "${expected}" from rustc, got:\n${result.stderr}`);
        }
      } else if (result.code !== 0) {
        failures.push(`${where}: rustc failed:\n${result.stderr}`);
      }
    });
    assert.deepEqual(failures, [], failures.join('\n\n'));
  });
});

describe('links out', () => {
  const DOCS = path.join(
    execFileSync('rustc', ['--print', 'sysroot'], { encoding: 'utf8' }).trim(),
    'share/doc/rust/html',
  );
  const links = [...lessons.values()].flatMap((lesson) =>
    [lesson.body, JSON.stringify(lesson.selfCheck ?? '')]
      .flatMap((text) => [...text.matchAll(/\]\((https?:[^)\s]+)\)/g)])
      .map((m) => ({ lesson: lesson.id, url: m[1] ?? '' })),
  );

  // A link whose target is neither (a template left unexpanded, a relative path) would be dead
  // in the panel, and the checks below only look at https links.
  it('are all lesson: or https: links', () => {
    const odd = [...lessons.values()].flatMap((lesson) =>
      [...lesson.body.matchAll(/\]\(([^)\s]*)\)/g)]
        .map((m) => m[1] ?? '')
        .filter((target) => !/^(lesson:|https:)/.test(target))
        .map((target) => `${lesson.id}: (${target})`),
    );
    assert.deepEqual(odd, []);
  });

  it('go only to the Rust docs, clippy and docs.rs, over https', () => {
    assert.ok(links.length > 50, `${links.length} links`);
    for (const { lesson, url } of links) {
      assert.match(
        url,
        /^https:\/\/(doc\.rust-lang\.org|rust-lang\.github\.io|docs\.rs)\//,
        `${lesson}: ${url}`,
      );
    }
  });

  it('name doc.rust-lang.org pages and anchors that exist in the local docs of this toolchain', () => {
    const missing: string[] = [];
    for (const { lesson, url } of links) {
      const m = /^https:\/\/doc\.rust-lang\.org\/([^#]+?)(?:#(.+))?$/.exec(url);
      if (!m) continue;
      const file = path.join(DOCS, m[1] ?? '');
      if (!fs.existsSync(file)) missing.push(`${lesson}: ${url} (no page)`);
      else if (m[2] && !fs.readFileSync(file, 'utf8').includes(`id="${m[2]}"`)) {
        missing.push(`${lesson}: ${url} (no anchor)`);
      }
    }
    assert.deepEqual(missing, []);
  });

  it('name clippy lints that clippy knows', () => {
    const lints = new Set(
      links.flatMap(({ url }) => /rust-clippy\/master\/index\.html#(\w+)$/.exec(url)?.[1] ?? []),
    );
    assert.ok(lints.size > 5, [...lints].join());
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lessons-test-clippy-'));
    try {
      const file = path.join(dir, 'lints.rs');
      const allows = [...lints].map((l) => `clippy::${l}`).join(', ');
      fs.writeFileSync(file, `#![deny(unknown_lints)]\n#![allow(${allows})]\n`);
      const args = ['--crate-type=lib', '--emit=metadata', '--out-dir', dir, file];
      execFileSync('clippy-driver', args, { stdio: 'pipe' });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

interface Block {
  lesson: string;
  line: number;
  lang: string;
  attrs: string[];
  code: string;
}

function allBlocks(): Block[] {
  const blocks: Block[] = [];
  for (const lesson of lessons.values()) {
    // The body is the tail of the file, so this turns body lines into file lines.
    const fileLines = fs.readFileSync(path.join(LESSONS_DIR, `${lesson.id}.md`), 'utf8').split('\n').length;
    const offset = fileLines - lesson.body.split('\n').length;
    for (const token of md.parse(lesson.body, {})) {
      if (token.type !== 'fence') continue;
      const [lang = '', ...attrs] = token.info
        .trim()
        .split(/[\s,]+/)
        .filter((s) => s !== '');
      blocks.push({
        lesson: lesson.id,
        line: offset + (token.map?.[0] ?? 0) + 1,
        lang,
        attrs,
        code: token.content,
      });
    }
  }
  return blocks;
}

/**
 * A compile_fail block may name the error it demonstrates in a comment: `// error[E0382]: ...` must
 * match that error code, and `// error: message` (no code) must match the message.
 */
function expectedError(code: string): string | undefined {
  const match = /\/\/\s*(error(?:\[E\d{4}\])?): *(.*)$/m.exec(code);
  if (!match) return undefined;
  const [, head = '', message = ''] = match;
  return head === 'error' ? `error: ${message.trim()}` : `${head}:`;
}

/** rustc's diagnostic headlines (`error[E0382]: ...`), without the echoed source lines. */
function diagnostics(stderr: string): string[] {
  return stderr.split('\n').filter((line) => /^(error|warning)\b/.test(line));
}

/** The text of one `##` section, up to the next `##` heading. */
function sectionText(body: string, heading: string): string {
  const start = body.indexOf(`\n## ${heading}\n`);
  if (start < 0) return '';
  const next = body.indexOf('\n## ', start + 1);
  return body.slice(start, next < 0 ? undefined : next);
}

async function pool<T>(
  items: T[],
  size: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
}

function run(cmd: string, args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: 60_000 }, (error, _stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stderr: String(stderr) });
    });
  });
}
