// Writes what the rule registry (RULES in src/engine/rules) decides into the files that repeat it:
// package.json's `rustSafetyCoach.rules` setting, the README's rule table, and the lessons' titles
// the hosts show (src/shared/lessons/lessonTitles.ts). test/registry.test.ts
// fails when either differs from what this would write.
// Run: npm run generate   (node --import tsx scripts/generate-registry.ts)
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Rule } from '../src/engine/rule';
import { RULES } from '../src/engine/rules';
import { loadLessons, type Lesson } from '../src/shared/lessons/catalog';
import { findRow, TABLES } from '../src/shared/lessons/tables';
import { SEVERITIES, type RuleSetting } from '../src/shared/types';

export const ROOT = path.resolve(__dirname, '..');
export const PACKAGE_JSON = path.join(ROOT, 'package.json');
export const README = path.join(ROOT, 'README.md');
export const LESSONS_DIR = path.join(ROOT, 'lessons');
export const RULE_LINTS_FILE = path.join(ROOT, 'src', 'shared', 'ruleLints.ts');
export const LESSON_TITLES = path.join(ROOT, 'src', 'shared', 'lessons', 'lessonTitles.ts');
export const README_START = '<!-- rules:start -->';
export const README_END = '<!-- rules:end -->';

const SETTING_TEXT: Record<RuleSetting, string> = {
  default: "Use the rule's own default severity.",
  off: 'Turn the rule off.',
  error: 'Report as an error.',
  warning: 'Report as a warning.',
  information: 'Report as information.',
  hint: 'Report as a hint (shown faintly, not in the Problems view).',
};

/** Every value of a rule's setting, in the order the settings UI lists them. */
export const RULE_SETTINGS: readonly RuleSetting[] = ['default', 'off', ...SEVERITIES];

function severityProperty() {
  return {
    type: 'string',
    enum: [...RULE_SETTINGS],
    enumDescriptions: RULE_SETTINGS.map((s) => SETTING_TEXT[s]),
  };
}

/** package.json's `rustSafetyCoach.rules` setting: one property per rule. */
export function rulesSetting(rules: readonly Rule[] = RULES) {
  const ids = rules.map((r) => `\`${r.id}\``).join(', ');
  return {
    type: 'object',
    scope: 'resource',
    default: {},
    markdownDescription:
      "Severity per rule: `default` (the rule's own), `off`, `error`, `warning`, `information` or `hint`. " +
      `Rule ids: ${ids}.\n\n` +
      'To apply every preferred fix on save, add `"source.fixAll.rustSafetyCoach": "explicit"` to ' +
      '`#editor.codeActionsOnSave#` (for example under `"[rust]"`).',
    properties: Object.fromEntries(
      rules.map((r) => [
        r.id,
        { ...severityProperty(), default: 'default', markdownDescription: r.settingDescription ?? r.summary },
      ]),
    ),
    additionalProperties: severityProperty(),
  };
}

/** package.json's `rustSafetyCoach.hideDuplicates` setting, naming every lint the registry mirrors. */
export function hideDuplicatesSetting(rules: readonly Rule[] = RULES) {
  const lints = rules.flatMap((r) => [
    ...r.clippyAllows.map((l) => code(`clippy::${l}`)),
    ...(r.rustcLints ?? []).map((l) => `rustc's ${code(l)}`),
  ]);
  return {
    type: 'boolean',
    scope: 'resource',
    default: true,
    markdownDescription:
      'Beside rust-analyzer, report a problem once: hide a finding when rustc or clippy report the same ' +
      `lint at an overlapping place (${list(lints)}). Their diagnostic then offers the lesson, and this ` +
      "extension's fix when theirs has none.",
  };
}

interface Manifest {
  contributes: { configuration: { properties: Record<string, unknown> } };
}

/** package.json's text with the rule setting rewritten from the registry, everything else kept. */
export function generatePackageJson(text: string, rules: readonly Rule[] = RULES): string {
  const manifest = JSON.parse(text) as Manifest;
  manifest.contributes.configuration.properties['rustSafetyCoach.rules'] = rulesSetting(rules);
  manifest.contributes.configuration.properties['rustSafetyCoach.hideDuplicates'] =
    hideDuplicatesSetting(rules);
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);
const code = (text: string) => `\`${text}\``;

/** The table row a rule's lesson hangs off, as "failure modes: `unwrap()` on `None`/`Err`". */
export function lessonRow(rule: Rule, lessons: ReadonlyMap<string, Lesson>): string {
  const lesson = lessons.get(rule.lesson);
  if (!lesson) throw new Error(`rule ${rule.id}: no lesson ${rule.lesson} in lessons/`);
  const row = findRow(lesson);
  if (!row) throw new Error(`lesson ${lesson.id}: no row ${lesson.table}/${lesson.row} in the tables`);
  return `${TABLES[lesson.table].title.toLowerCase()}: ${lowerFirst(row.cells[0] ?? row.id)}`;
}

function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** The README's block between the markers, the markers included. */
export function readmeBlock(rules: readonly Rule[] = RULES, lessons = loadLessons(LESSONS_DIR)): string {
  const rows = rules.map((r) => {
    const finds = `${r.readmeFinds ?? r.summary}${r.enabledByDefault ? '' : ' (off by default)'}`;
    return `| ${code(r.id)} | ${cell(finds)} | ${r.defaultSeverity} | ${cell(lessonRow(r, lessons))} |`;
  });
  const same = rules.filter((r) => r.clippyAllows.length > 0);
  const resembling = rules.filter((r) => r.clippyAllows.length === 0 && r.inspiredBy);
  const alone = rules.filter((r) => r.clippyAllows.length === 0 && !r.inspiredBy);
  const switches = (r: Rule) => [...r.clippyAllows, ...r.clippyGroups].map((l) => code(`clippy::${l}`));
  const lines = [
    README_START,
    '<!-- Written by `npm run generate` from the rules in src/engine/rules: edit them, not this block. -->',
    '',
    '| rule | finds | default | lesson row |',
    '|---|---|---|---|',
    ...rows,
    '',
    "Clippy's `#[allow(..)]` and `#[expect(..)]` work on the item, module or crate (`#![allow(..)]`), for",
    'the rules that report exactly what a clippy lint reports:',
    '',
    `- switched off by the lint or its group: ${same.map((r) => `${code(r.id)} (${switches(r).join(', ')})`).join(', ')}`,
  ];
  if (resembling.length > 0) {
    const items = resembling.map((r) => `${code(r.id)} (${code(`clippy::${r.inspiredBy ?? ''}`)})`);
    lines.push(`- only resembling a clippy lint, whose switch leaves them on: ${items.join(', ')}`);
  }
  if (alone.length > 0) lines.push(`- no clippy counterpart: ${list(alone.map((r) => code(r.id)))}`);
  lines.push(README_END);
  return lines.join('\n');
}

/** The README's text with the block between the markers rewritten from the registry. */
export function generateReadme(text: string, rules: readonly Rule[] = RULES): string {
  const start = text.indexOf(README_START);
  const end = text.indexOf(README_END);
  if (start < 0 || end < start) throw new Error(`README.md: no ${README_START} … ${README_END} block`);
  return text.slice(0, start) + readmeBlock(rules) + text.slice(end + README_END.length);
}

/**
 * src/shared/ruleLints.ts: each rule's id and the clippy lints and groups that switch it, for the
 * hosts that read Cargo.toml's lint tables without loading the rules (the CLI's cached scans).
 */
export function generateRuleLints(rules: readonly Rule[] = RULES): string {
  const rows = rules.map(
    (r) =>
      `  ${/^[a-z]+$/.test(r.id) ? r.id : `'${r.id}'`}: { clippy: [${r.clippyAllows.map((l) => `'${l}'`).join(', ')}], groups: [${r.clippyGroups.map((g) => `'${g}'`).join(', ')}] },`,
  );
  return [
    '// Written by `npm run generate` from the rules in src/engine/rules: edit them, not this file.',
    "import type { RuleId } from './types';",
    '',
    'export interface RuleLints {',
    '  /** The clippy lints that report exactly what the rule reports (`clippyAllows`). */',
    '  clippy: readonly string[];',
    '  /** Their groups (`clippyGroups`). */',
    '  groups: readonly string[];',
    '}',
    '',
    '/** Every rule, and the clippy lints and groups whose level in Cargo.toml is its level. */',
    'export const RULE_LINTS: Readonly<Record<RuleId, RuleLints>> = {',
    ...rows,
    '};',
    '',
  ].join('\n');
}

/**
 * src/shared/lessons/lessonTitles.ts: every lesson's title by id, for the hosts that name a lesson
 * (hover, the lightbulb's "Open lesson") without reading the lesson files, as the web worker cannot.
 */
export function generateLessonTitles(_text = '', lessons = loadLessons(LESSONS_DIR)): string {
  const entries = [...lessons.values()]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((l) => `  ${/^[A-Za-z_$][\w$]*$/.test(l.id) ? l.id : quoted(l.id)}: ${quoted(l.title)},`);
  return [
    '// Generated by scripts/generate-registry.ts from lessons/*.md (npm run generate): do not edit.',
    '',
    "/** Each lesson's title, by lesson id. */",
    'export const LESSON_TITLES: Readonly<Record<string, string>> = {',
    ...entries,
    '};',
    '',
    "/** The lesson's title, or its id for a lesson this build does not know. */",
    'export function lessonTitle(id: string): string {',
    '  return Object.hasOwn(LESSON_TITLES, id) ? (LESSON_TITLES[id] ?? id) : id;',
    '}',
    '',
  ].join('\n');
}

/** A string literal as prettier writes it here: single quotes, unless the text holds one and no double. */
function quoted(text: string): string {
  const escaped = text.replace(/\\/g, '\\\\');
  if (text.includes("'") && !text.includes('"')) return `"${escaped}"`;
  return `'${escaped.replace(/'/g, "\\'")}'`;
}

function main(): void {
  for (const [file, generate] of [
    [PACKAGE_JSON, generatePackageJson],
    [README, generateReadme],
    [RULE_LINTS_FILE, () => generateRuleLints()],
    [LESSON_TITLES, generateLessonTitles],
  ] as const) {
    const before = existsSync(file) ? readFileSync(file, 'utf8') : '';
    const after = generate(before);
    if (after === before) continue;
    writeFileSync(file, after);
    console.log(`wrote ${path.relative(ROOT, file)}`);
  }
}

if (require.main === module) main();
