// Cargo.toml's `[lints.clippy]` (and `[workspace.lints.clippy]`) as rule settings, for the rules
// that report exactly what a clippy lint reports. Cargo passes the table to clippy as `--allow`/
// `--warn`/`--deny`/`--forbid` flags sorted by priority, then by name in reverse; the last flag
// naming a rule's lint or one of its groups decides, except that nothing lowers a `forbid`.
import { RULE_LINTS } from '../../shared/ruleLints';
import type { RuleId, RuleSetting } from '../../shared/types';
import { isTable, type TomlTable, type TomlValue } from './toml';

export type LintLevel = 'allow' | 'warn' | 'deny' | 'forbid';
const LEVELS: readonly string[] = ['allow', 'warn', 'deny', 'forbid'];

export interface LintEntry {
  /** `clippy`, `rust`, `rustdoc`… (the table under `[lints]`). */
  tool: string;
  /** Without the tool, `-` read as `_`, as rustc does. */
  name: string;
  level: LintLevel;
  priority: number;
}

/** Bad input, said where: the key's line (0-based) when known. */
export interface ConfigProblem {
  line: number | undefined;
  message: string;
}

/** The groups `clippy::all` holds: every group clippy warns or denies by default. */
export const ALL_GROUPS: readonly string[] = ['correctness', 'suspicious', 'style', 'complexity', 'perf'];

/**
 * The entries of a `[lints]`-shaped table (`[lints]` or `[workspace.lints]`, without `workspace`),
 * with a problem for each entry cargo would reject. `where` names the table in messages.
 */
export function readLintTable(
  lints: TomlTable,
  where: string,
  lineOf: (table: TomlTable, key: string) => number | undefined,
  problems: ConfigProblem[],
): LintEntry[] {
  const entries: LintEntry[] = [];
  for (const [tool, table] of Object.entries(lints)) {
    if (tool === 'workspace') continue;
    if (!isTable(table)) {
      problems.push({ line: lineOf(lints, tool), message: `\`${where}.${tool}\` must be a table of lints` });
      continue;
    }
    for (const [name, value] of Object.entries(table)) {
      const key = `${where}.${tool}.${name}`;
      const entry = lintEntry(tool, name, value);
      if (typeof entry === 'string')
        problems.push({ line: lineOf(table, name), message: `\`${key}\`: ${entry}` });
      else entries.push(entry);
    }
  }
  return entries;
}

/** An entry, or what is wrong with it. */
function lintEntry(tool: string, name: string, value: TomlValue): LintEntry | string {
  if (name.includes('::')) return `write the lint without its tool (\`${name.split('::').pop() ?? name}\`)`;
  const normalized = name.replace(/-/g, '_');
  if (typeof value === 'string') {
    return LEVELS.includes(value)
      ? { tool, name: normalized, level: value as LintLevel, priority: 0 }
      : `\`${value}\` is not a lint level (use "allow", "warn", "deny" or "forbid")`;
  }
  if (!isTable(value))
    return 'expected a level ("allow", "warn", "deny", "forbid") or `{ level = …, priority = … }`';
  const { level, priority = 0 } = value;
  if (typeof level !== 'string' || !LEVELS.includes(level))
    return '`level` must be "allow", "warn", "deny" or "forbid"';
  if (typeof priority !== 'number' || !Number.isInteger(priority)) return '`priority` must be an integer';
  const unknown = Object.keys(value).filter((k) => k !== 'level' && k !== 'priority');
  if (unknown.length > 0) return `unknown key \`${unknown[0]}\` (expected \`level\` and \`priority\`)`;
  return { tool, name: normalized, level: level as LintLevel, priority };
}

/** What the lint names switch a rule: its lints, their groups, and `all` when a group is in it. */
function switchesOf(rule: RuleId): Set<string> {
  const lints = RULE_LINTS[rule];
  const names = new Set([...(lints?.clippy ?? []), ...(lints?.groups ?? [])]);
  if (lints?.groups.some((g) => ALL_GROUPS.includes(g))) names.add('all');
  return names;
}

/** Cargo's order of the flags: by priority, then by name in reverse; a later flag wins. */
function cargoOrder(a: LintEntry, b: LintEntry): number {
  if (a.priority !== b.priority) return a.priority - b.priority;
  return a.name < b.name ? 1 : a.name > b.name ? -1 : 0;
}

/**
 * The setting each mirrored rule gets from the clippy lint entries: `allow` is off, `warn` a
 * warning, `deny` and `forbid` an error. Rules no entry names are left out (their default).
 */
export function lintRuleSettings(entries: readonly LintEntry[]): Partial<Record<RuleId, RuleSetting>> {
  const clippy = entries.filter((e) => e.tool === 'clippy').sort(cargoOrder);
  const settings: Partial<Record<RuleId, RuleSetting>> = {};
  for (const rule of Object.keys(RULE_LINTS)) {
    const switches = switchesOf(rule);
    let level: LintLevel | undefined;
    for (const entry of clippy) {
      if (!switches.has(entry.name) || level === 'forbid') continue;
      level = entry.level;
    }
    if (level) settings[rule] = level === 'allow' ? 'off' : level === 'warn' ? 'warning' : 'error';
  }
  return settings;
}
