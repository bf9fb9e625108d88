// A crate's rule settings from its Cargo.toml and its workspace's: the lint tables (`[lints]`, or
// `[workspace.lints]` through `[lints] workspace = true`, as cargo inherits them), then our own
// table for every rule, `[workspace.metadata.rust-safety-coach]` then
// `[package.metadata.rust-safety-coach]`, each later source winning per rule. The user's own
// editor setting comes last (`withUserRules`). Bad input becomes a problem, never an exception.
import { RULE_LINTS } from '../../shared/ruleLints';
import { RULE_SETTINGS, type RuleId, type RuleSetting, type Settings } from '../../shared/types';
import { type ConfigProblem, type LintEntry, lintRuleSettings, readLintTable } from './cargoLints';
import { isTable, type TomlDocument, tomlGet } from './toml';

export type RuleSettings = Partial<Record<RuleId, RuleSetting>>;

/** The table of our own settings under `package.metadata` / `workspace.metadata`. */
export const METADATA_KEY = 'rust-safety-coach';

export interface ManifestProblem extends ConfigProblem {
  /** In the member's Cargo.toml or the workspace root's. */
  manifest: 'member' | 'workspace';
}

export interface CrateRuleSettings {
  rules: RuleSettings;
  problems: ManifestProblem[];
}

/**
 * The settings a crate's manifests give its rules. `workspace` is the workspace root's manifest
 * when the crate is in one (it may be `member` itself), else null.
 */
export function crateRuleSettings(member: TomlDocument, workspace: TomlDocument | null): CrateRuleSettings {
  const problems: ManifestProblem[] = [];
  const inMember = (p: ConfigProblem) => problems.push({ ...p, manifest: 'member' });
  const inWorkspace = (p: ConfigProblem) =>
    problems.push({ ...p, manifest: workspace === member ? 'member' : 'workspace' });
  const syntax = (e: { line: number; message: string }) => ({ line: e.line, message: `TOML: ${e.message}` });
  member.errors.forEach((e) => inMember(syntax(e)));
  if (workspace && workspace !== member) workspace.errors.forEach((e) => inWorkspace(syntax(e)));

  const entries = lintEntries(member, workspace, inMember, inWorkspace);
  const fromWorkspace = workspace
    ? metadataRules(workspace, ['workspace', 'metadata', METADATA_KEY], inWorkspace)
    : {};
  const fromPackage = metadataRules(member, ['package', 'metadata', METADATA_KEY], inMember);
  return { rules: { ...lintRuleSettings(entries), ...fromWorkspace, ...fromPackage }, problems };
}

function lintEntries(
  member: TomlDocument,
  workspace: TomlDocument | null,
  inMember: (p: ConfigProblem) => void,
  inWorkspace: (p: ConfigProblem) => void,
): LintEntry[] {
  const lints = member.root.lints;
  if (lints === undefined) return [];
  if (!isTable(lints)) {
    inMember({ line: member.lineOf(member.root, 'lints'), message: '`lints` must be a table' });
    return [];
  }
  const inherit = lints.workspace;
  if (inherit === undefined) return collect(member, lints, 'lints', inMember);
  const line = member.lineOf(lints, 'workspace');
  if (inherit !== true) {
    inMember({ line, message: '`lints.workspace` can only be `true`' });
    return [];
  }
  if (Object.keys(lints).length > 1)
    inMember({
      line,
      message: '`[lints]` with `workspace = true` takes no other keys; the others are ignored',
    });
  const inherited = workspace ? tomlGet(workspace.root, 'workspace', 'lints') : undefined;
  if (!workspace || !isTable(inherited)) {
    const why = workspace ? 'the workspace root has no `[workspace.lints]`' : 'no workspace root was found';
    inMember({ line, message: `\`lints.workspace = true\`, but ${why}` });
    return [];
  }
  return collect(workspace, inherited, 'workspace.lints', inWorkspace);
}

function collect(
  doc: TomlDocument,
  lints: Parameters<typeof readLintTable>[0],
  where: string,
  report: (p: ConfigProblem) => void,
): LintEntry[] {
  const problems: ConfigProblem[] = [];
  const entries = readLintTable(lints, where, doc.lineOf, problems);
  problems.forEach(report);
  return entries;
}

/** `rules = { "unwrap-used" = "error", … }` of our metadata table, checked; `default` entries are no entry. */
function metadataRules(
  doc: TomlDocument,
  path: readonly string[],
  report: (p: ConfigProblem) => void,
): RuleSettings {
  const where = path.join('.');
  const table = tomlGet(doc.root, ...path);
  if (table === undefined) return {};
  const parent = tomlGet(doc.root, ...path.slice(0, -1));
  if (!isTable(table)) {
    report({
      line: isTable(parent) ? doc.lineOf(parent, METADATA_KEY) : undefined,
      message: `\`${where}\` must be a table`,
    });
    return {};
  }
  for (const key of Object.keys(table)) {
    if (key !== 'rules')
      report({
        line: doc.lineOf(table, key),
        message: `\`${where}.${key}\`: unknown key (the table takes \`rules\`)`,
      });
  }
  const rules = table.rules;
  if (rules === undefined) return {};
  if (!isTable(rules)) {
    report({
      line: doc.lineOf(table, 'rules'),
      message: `\`${where}.rules\` must be a table such as \`{ "unwrap-used" = "off" }\``,
    });
    return {};
  }
  const settings: RuleSettings = {};
  for (const [id, value] of Object.entries(rules)) {
    const line = doc.lineOf(rules, id);
    if (!Object.hasOwn(RULE_LINTS, id)) {
      report({
        line,
        message: `\`${where}.rules.${id}\`: unknown rule (the rules: ${Object.keys(RULE_LINTS).join(', ')})`,
      });
    } else if (typeof value !== 'string' || !(RULE_SETTINGS as readonly string[]).includes(value)) {
      report({
        line,
        message: `\`${where}.rules.${id}\`: ${typeof value === 'string' ? `\`${value}\`` : 'this value'} is not a setting (use ${RULE_SETTINGS.map((s) => `"${s}"`).join(', ')})`,
      });
    } else if (value !== 'default') settings[id] = value as RuleSetting;
  }
  return settings;
}

/**
 * The settings analysis uses: the crate's, with the user's own rule settings on top where they
 * name a level (`"default"` or no entry leaves the crate's).
 */
export function withUserRules(crate: RuleSettings, user: Settings): Settings {
  const rules: RuleSettings = { ...crate };
  for (const [id, value] of Object.entries(user.rules)) {
    if (value && value !== 'default') rules[id] = value;
  }
  return { ...user, rules };
}
