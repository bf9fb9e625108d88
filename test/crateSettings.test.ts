// Cargo.toml as the crate's rule settings: clippy's lint levels for the rules that mirror a lint
// (priorities, groups and forbid as cargo and rustc order them), the workspace's through
// `[lints] workspace = true`, our own metadata table for every rule, and the user's setting on top.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { crateRuleSettings, withUserRules } from '../src/engine/config/crateSettings';
import { parseToml } from '../src/engine/config/toml';
import { crateConfigResolver } from '../src/shared/clippyConfigFiles';
import { tempDirs } from './support/tempDirs';

const tempDir = tempDirs('rsc-crate-settings-');

function rulesOf(member: string, workspace?: string) {
  const doc = parseToml(member);
  const settings = crateRuleSettings(doc, workspace === undefined ? null : parseToml(workspace));
  return settings;
}

describe('[lints.clippy] as rule settings', () => {
  it('maps allow, warn, deny and forbid to off, warning, error and error', () => {
    const { rules, problems } = rulesOf(`[lints.clippy]
unwrap_used = "allow"
expect_used = "warn"
question_mark = "deny"
missing_safety_doc = { level = "forbid" }
`);
    assert.deepEqual(problems, []);
    assert.deepEqual(rules, {
      'unwrap-used': 'off',
      'expect-used': 'warning',
      'question-mark': 'error',
      'missing-safety-doc': 'error',
    });
  });

  it('a group sets each rule of it; a higher priority wins; at equal priority cargo orders by name, in reverse', () => {
    // As cargo passes them: -D clippy::all, -W clippy::restriction, -A clippy::unwrap_used (priority 1).
    const ordered = rulesOf(`[lints.clippy]
restriction = "warn"
unwrap_used = { level = "allow", priority = 1 }
all = { level = "deny", priority = -1 }
`).rules;
    assert.equal(ordered['unwrap-used'], 'off');
    assert.equal(ordered['expect-used'], 'warning');
    assert.equal(ordered['undocumented-unsafe-block'], 'warning');
    // all = style + complexity + correctness + …, not restriction.
    assert.equal(ordered['question-mark'], 'error');
    assert.equal(ordered['panicking-unwrap'], 'error');
    assert.equal(ordered['unnecessary-unwrap'], 'error');
    // Equal priority: -A clippy::unwrap_used comes before -W clippy::restriction (clippy's
    // lint_groups_priority warns about exactly this), so the group wins, as in clippy.
    const tie = rulesOf('[lints.clippy]\nunwrap_used = "allow"\nrestriction = "warn"\n').rules;
    assert.equal(tie['unwrap-used'], 'warning');
  });

  it('nothing lowers a forbid, and rules no entry names keep their defaults', () => {
    const { rules } = rulesOf(`[lints.clippy]
restriction = { level = "forbid", priority = -1 }
unwrap_used = "allow"
pedantic = "warn"
`);
    assert.equal(rules['unwrap-used'], 'error');
    assert.equal(rules['question-mark'], undefined);
    assert.equal(rules['static-mut'], undefined);
  });

  it('takes `-` for `_` in lint names and ignores the other tools', () => {
    const { rules, problems } = rulesOf(
      '[lints.clippy]\nunwrap-used = "allow"\n[lints.rust]\nunsafe_code = "forbid"\n',
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(rules, { 'unwrap-used': 'off' });
  });

  it('says what is wrong, on which line, and keeps the good entries', () => {
    const { rules, problems } = rulesOf(`[lints.clippy]
unwrap_used = "alow"
expect_used = { level = "deny", priority = "high" }
"clippy::question_mark" = "allow"
panicking_unwrap = "deny"
`);
    assert.deepEqual(rules, { 'panicking-unwrap': 'error' });
    assert.deepEqual(
      problems.map((p) => [p.manifest, p.line]),
      [
        ['member', 1],
        ['member', 2],
        ['member', 3],
      ],
    );
    assert.match(problems[0]?.message ?? '', /`lints\.clippy\.unwrap_used`: `alow` is not a lint level/);
    assert.match(problems[1]?.message ?? '', /`priority` must be an integer/);
    assert.match(problems[2]?.message ?? '', /without its tool \(`question_mark`\)/);
  });
});

describe('[lints] workspace = true', () => {
  const workspace = '[workspace]\nmembers = ["a"]\n[workspace.lints.clippy]\nunwrap_used = "allow"\n';

  it("inherits the workspace root's [workspace.lints]", () => {
    const { rules, problems } = rulesOf('[package]\nname = "a"\n[lints]\nworkspace = true\n', workspace);
    assert.deepEqual(problems, []);
    assert.deepEqual(rules, { 'unwrap-used': 'off' });
  });

  it('is not inherited without it, as in cargo', () => {
    assert.deepEqual(rulesOf('[package]\nname = "a"\n', workspace).rules, {});
  });

  it('is a problem without a workspace, or with other keys beside it', () => {
    assert.match(rulesOf('[lints]\nworkspace = true\n').problems[0]?.message ?? '', /no workspace root/);
    const mixed = rulesOf('[lints]\nworkspace = true\n[lints.clippy]\nexpect_used = "allow"\n', workspace);
    assert.deepEqual(mixed.rules, { 'unwrap-used': 'off' });
    assert.match(mixed.problems[0]?.message ?? '', /takes no other keys/);
  });

  it("puts a problem in the workspace's lints on the workspace root's manifest", () => {
    const { problems } = rulesOf(
      '[lints]\nworkspace = true\n',
      '[workspace.lints.clippy]\nunwrap_used = 1\n',
    );
    assert.deepEqual(
      problems.map((p) => [p.manifest, p.line]),
      [['workspace', 1]],
    );
  });
});

describe('[package.metadata.rust-safety-coach] and [workspace.metadata.rust-safety-coach]', () => {
  it('set any rule; the package over the workspace over the lint tables; "default" leaves the level below', () => {
    const { rules, problems } = rulesOf(
      `[lints.clippy]
unwrap_used = "allow"
expect_used = "deny"
[package.metadata.rust-safety-coach]
rules = { "unwrap-used" = "error", "blocking-in-async" = "off", "expect-used" = "default" }
`,
      `[workspace.metadata.rust-safety-coach.rules]
blocking-in-async = "hint"
static-mut = "information"
`,
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(rules, {
      'unwrap-used': 'error',
      'expect-used': 'error',
      'blocking-in-async': 'off',
      'static-mut': 'information',
    });
  });

  it('names the key of an unknown rule, a bad value, an unknown key and a table that is none', () => {
    const { rules, problems } = rulesOf(`[package.metadata.rust-safety-coach]
rule = {}
rules = { "unwrap-usd" = "off", "static-mut" = "loud", transmute = 1, "unwrap-used" = "hint" }
`);
    assert.deepEqual(rules, { 'unwrap-used': 'hint' });
    const messages = problems.map((p) => p.message);
    assert.equal(messages.length, 4);
    assert.match(messages[0] ?? '', /`package\.metadata\.rust-safety-coach\.rule`: unknown key/);
    assert.match(
      messages[1] ?? '',
      /`package\.metadata\.rust-safety-coach\.rules\.unwrap-usd`: unknown rule/,
    );
    assert.match(messages[2] ?? '', /\.rules\.static-mut`: `loud` is not a setting/);
    assert.match(messages[3] ?? '', /\.rules\.transmute`: this value is not a setting/);
    assert.match(
      rulesOf('[package.metadata]\nrust-safety-coach = "on"\n').problems[0]?.message ?? '',
      /must be a table/,
    );
  });
});

describe('precedence: the user setting over the crate', () => {
  it('an explicit rustSafetyCoach.rules entry wins; "default" and no entry leave the crate\'s level', () => {
    const crate = { 'unwrap-used': 'off', 'expect-used': 'error', 'static-mut': 'hint' } as const;
    const settings = withUserRules(crate, {
      rules: { 'unwrap-used': 'warning', 'expect-used': 'default' },
      includeTests: true,
    });
    assert.deepEqual(settings, {
      rules: { 'unwrap-used': 'warning', 'expect-used': 'error', 'static-mut': 'hint' },
      includeTests: true,
    });
  });
});

describe('the hosts find the workspace root', () => {
  function write(root: string, files: Record<string, string>): void {
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
      fs.writeFileSync(path.join(root, name), text);
    }
  }

  it('above the member, or named by package.workspace, and not when the member is excluded', () => {
    const root = tempDir();
    write(root, {
      'Cargo.toml':
        '[workspace]\nmembers = ["crates/*"]\nexclude = ["vendor"]\n[workspace.lints.clippy]\nunwrap_used = "allow"\n',
      'crates/a/Cargo.toml': '[package]\nname = "a"\n[lints]\nworkspace = true\n',
      'crates/a/src/lib.rs': '',
      'vendor/b/Cargo.toml': '[package]\nname = "b"\n[lints]\nworkspace = true\n',
      'vendor/b/src/lib.rs': '',
      'elsewhere/ws/Cargo.toml': '[workspace]\n[workspace.lints.clippy]\nexpect_used = "deny"\n',
      'elsewhere/c/Cargo.toml': '[package]\nname = "c"\nworkspace = "../ws"\n[lints]\nworkspace = true\n',
      'elsewhere/c/src/lib.rs': '',
    });
    const resolve = crateConfigResolver();
    const a = resolve(path.join(root, 'crates/a/src/lib.rs'));
    assert.deepEqual([a.rules, a.problems], [{ 'unwrap-used': 'off' }, []]);
    const b = resolve(path.join(root, 'vendor/b/src/lib.rs'));
    assert.deepEqual(b.rules, {});
    assert.equal(b.problems[0]?.file, path.join(root, 'vendor/b/Cargo.toml'));
    assert.match(b.problems[0]?.message ?? '', /no workspace root/);
    assert.deepEqual(resolve(path.join(root, 'elsewhere/c/src/lib.rs')).rules, { 'expect-used': 'error' });
  });

  it('reads the files again after forget()', () => {
    const root = tempDir();
    write(root, { 'Cargo.toml': '[package]\nname = "a"\n', 'src/lib.rs': '' });
    const resolve = crateConfigResolver();
    const file = path.join(root, 'src/lib.rs');
    assert.equal(resolve(file).key, '');
    fs.appendFileSync(path.join(root, 'Cargo.toml'), '[lints.clippy]\nunwrap_used = "allow"\n');
    assert.equal(resolve(file).key, '');
    resolve.forget();
    assert.deepEqual(resolve(file).rules, { 'unwrap-used': 'off' });
    assert.notEqual(resolve(file).key, '');
  });
});
