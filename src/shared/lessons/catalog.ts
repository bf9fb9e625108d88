// Loads the lesson catalog: one Markdown file per lesson in `lessons/`, each starting with a tiny
// front matter block. Pure TypeScript; files are read through `lessonFiles.ts`; no `vscode` import.
//
//   ---
//   id: unwrap-used
//   title: unwrap() on None or Err panics
//   rules: [unwrap-used]
//   table: failure-modes
//   row: unwrap-none-err
//   level: beginner
//   order: 3
//   ---
//
// Only `key: value` and `key: [a, b]` lines are understood. Unknown or repeated keys are errors so
// that a typo cannot silently drop a field. `level` and `order` place the lesson in the course; both,
// and the self-check, are required.
//
// A `## Self-check` section is taken out of the body: the panel asks it as a question (see
// selfCheck.ts for its format). A `### Answer` heading inside `## Try it` starts the answer, which
// the panel folds away until asked for.

import { lessonFileNames, readLessonFile } from './lessonFiles';
import { takeSelfCheck, type SelfCheck } from './selfCheck';
import { TABLES, isTableId, type TableId } from './tables';

export type { SelfCheck, SelfCheckChoice } from './selfCheck';

export interface Lesson {
  id: string;
  title: string;
  /** Rule ids whose findings link here; empty for a table-row lesson that no rule covers. */
  rules: string[];
  /** The table row this lesson belongs to. */
  table: TableId;
  row: string;
  /** How much the learner needs to know first. */
  level: LessonLevel;
  /** Its place in the course, from 1: the catalog's order and the suggested next lesson. */
  order: number;
  /** The Markdown after the front matter, without the self-check. */
  body: string;
  /** The lesson's one self-check question, from its `## Self-check` section. */
  selfCheck: SelfCheck;
}

export const LESSON_LEVELS = ['beginner', 'intermediate', 'advanced'] as const;
export type LessonLevel = (typeof LESSON_LEVELS)[number];

const FIELDS = ['id', 'title', 'rules', 'table', 'row', 'level', 'order'] as const;
type Field = (typeof FIELDS)[number];

const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * Parses one lesson file. `id` is the id the file is expected to have (its name without `.md`);
 * `source` names the file in error messages and defaults to `<id>.md`.
 */
export function parseLesson(id: string, markdown: string, source = `${id}.md`): Lesson {
  function fail(message: string): never {
    throw new Error(`${source}: ${message}`);
  }

  const lines = markdown.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines[0]?.trim() !== '---') fail('front matter missing: the file must start with a "---" line');
  const end = lines.indexOf('---', 1);
  if (end < 0) fail('front matter not closed: no second "---" line');

  const raw = new Map<Field, string | string[]>();
  for (let i = 1; i < end; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const match = /^([A-Za-z][\w-]*):(.*)$/.exec(line);
    if (!match) fail(`front matter line ${i + 1} is not "key: value": ${JSON.stringify(line)}`);
    const key = match[1] ?? '';
    const value = (match[2] ?? '').trim();
    if (!(FIELDS as readonly string[]).includes(key)) {
      fail(`front matter field "${key}" is unknown (expected ${FIELDS.join(', ')})`);
    }
    if (raw.has(key as Field)) fail(`front matter field "${key}" appears twice`);
    raw.set(key as Field, parseValue(value, key, fail));
  }

  const scalar = (key: Field): string => {
    const value = raw.get(key);
    if (value === undefined) return fail(`front matter field "${key}" is missing`);
    if (Array.isArray(value)) return fail(`front matter field "${key}" must be a single value, not a list`);
    if (value === '') return fail(`front matter field "${key}" is empty`);
    return value;
  };

  const lessonId = scalar('id');
  if (lessonId !== id) fail(`front matter field "id" is "${lessonId}" but the file name says "${id}"`);
  if (!ID_PATTERN.test(lessonId)) fail(`front matter field "id" must be kebab-case, got "${lessonId}"`);

  const title = scalar('title');

  const rules = raw.get('rules');
  if (rules === undefined) fail('front matter field "rules" is missing (use "rules: []" for none)');
  if (!Array.isArray(rules)) fail('front matter field "rules" must be a list such as [unwrap-used]');
  for (const rule of rules) {
    if (!ID_PATTERN.test(rule)) fail(`front matter field "rules" has an invalid rule id "${rule}"`);
  }

  const table = scalar('table');
  if (!isTableId(table)) {
    fail(`front matter field "table" is "${table}" (expected ${Object.keys(TABLES).join(' or ')})`);
  }
  const row = scalar('row');
  if (!TABLES[table].rows.some((r) => r.id === row)) {
    fail(`front matter field "row" is "${row}", which is not a row of table "${table}"`);
  }

  const levelText = scalar('level');
  if (!(LESSON_LEVELS as readonly string[]).includes(levelText)) {
    fail(`front matter field "level" is "${levelText}" (expected ${LESSON_LEVELS.join(', ')})`);
  }
  const orderText = scalar('order');
  if (!/^[1-9]\d*$/.test(orderText)) {
    fail(`front matter field "order" must be a whole number from 1, got "${orderText}"`);
  }

  const markdownBody = lines
    .slice(end + 1)
    .join('\n')
    .replace(/^\s*\n/, '');
  const { body, selfCheck } = takeSelfCheck(markdownBody, fail);
  if (!selfCheck) fail('"## Self-check" section missing: every lesson asks one question');
  return {
    id: lessonId,
    title,
    rules: [...rules],
    table,
    row,
    level: levelText as LessonLevel,
    order: Number(orderText),
    body,
    selfCheck,
  };
}

function parseValue(value: string, key: string, fail: (message: string) => never): string | string[] {
  if (value.startsWith('[')) {
    if (!value.endsWith(']')) fail(`front matter field "${key}" has an unclosed list: ${value}`);
    const inner = value.slice(1, -1).trim();
    if (inner === '') return [];
    const items = inner.split(',').map((item) => unquote(item.trim()));
    if (items.some((item) => item === '')) fail(`front matter field "${key}" has an empty list item`);
    return items;
  }
  return unquote(value);
}

function unquote(value: string): string {
  const quoted = /^(['"])(.*)\1$/.exec(value);
  return quoted?.[2] ?? value;
}

/** Reads every `*.md` file in `dir` (not recursive) and returns the lessons keyed by id. */
export function loadLessons(dir: string): Map<string, Lesson> {
  const lessons = new Map<string, Lesson>();
  const files = lessonFileNames(dir)
    .filter((name) => name.endsWith('.md'))
    .sort();
  for (const name of files) {
    const id = name.slice(0, -'.md'.length);
    const { file, text } = readLessonFile(dir, name);
    lessons.set(id, parseLesson(id, text, file));
  }
  return lessons;
}
