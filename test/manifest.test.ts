// Checks that package.json, .vscodeignore and the thin client agree with each other and the engine.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { HIDE_DUPLICATES_SETTING } from '../src/client/duplicates/sameLint';
import { FINDINGS_SCOPE_CONTEXT, HAS_RUST_CONTEXT } from '../src/client/sidebar/contextKeys';
import { TRUSTED_HOVER_COMMANDS } from '../src/client/trustedCommands';
import { ruleInfos } from '../src/engine';
import { CONFIGURATION_SECTION, WORKSPACE_DIAGNOSTICS_SETTING } from '../src/shared/protocol';
import { SEVERITIES } from '../src/shared/types';

const ROOT = path.resolve(__dirname, '..');
const CLIENT_DIR = path.join(ROOT, 'src', 'client');

interface Manifest {
  main: string;
  icon?: string;
  activationEvents: string[];
  capabilities: { untrustedWorkspaces: { supported: boolean | string }; virtualWorkspaces: boolean };
  contributes: {
    commands: Array<{ command: string; title: string; category: string }>;
    menus: Record<string, Array<{ command: string; when?: string }>>;
    configuration: { properties: Record<string, ConfigurationProperty> };
    views?: Record<string, Array<{ id: string; name: string; when?: string }>>;
  };
}

interface ConfigurationProperty {
  type: string;
  default?: unknown;
  enum?: string[];
  properties?: Record<string, ConfigurationProperty>;
  additionalProperties?: ConfigurationProperty;
}

const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Manifest;

function clientSources(dir = CLIENT_DIR): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return clientSources(file);
    return entry.name.endsWith('.ts') ? [file] : [];
  });
}

function matchesIn(pattern: RegExp): Array<{ file: string; match: string }> {
  return clientSources().flatMap((file) =>
    [...fs.readFileSync(file, 'utf8').matchAll(pattern)].map((m) => ({ file, match: m[1] ?? '' })),
  );
}

describe('package.json', () => {
  it('bundles the client as main', () => {
    assert.equal(manifest.main, './dist/extension.js');
  });

  it('points at an icon that exists', () => {
    assert.ok(
      manifest.icon && fs.existsSync(path.join(ROOT, manifest.icon)),
      `icon ${manifest.icon} missing`,
    );
  });

  it('contributes exactly the commands the client registers', () => {
    const registered = matchesIn(/registerCommand\(\s*['"`](rustSafetyCoach\.[\w.]+)['"`]/g).map(
      (m) => m.match,
    );
    const contributed = manifest.contributes.commands.map((c) => c.command);
    assert.ok(registered.length > 0, 'no registerCommand calls found in src/client');
    assert.equal(new Set(registered).size, registered.length, 'a command is registered twice');
    assert.deepEqual([...registered].sort(), [...contributed].sort());
    for (const command of manifest.contributes.commands) {
      assert.equal(command.category, 'Rust Safety Coach', command.command);
      assert.ok(command.title, command.command);
    }
  });

  it('trusts hover links only to contributed commands', () => {
    const contributed = new Set(manifest.contributes.commands.map((c) => c.command));
    assert.deepEqual([...TRUSTED_HOVER_COMMANDS].sort(), [
      'rustSafetyCoach.applyFix',
      'rustSafetyCoach.openLesson',
    ]);
    for (const command of TRUSTED_HOVER_COMMANDS) assert.ok(contributed.has(command), command);
  });

  it('activates on Rust files, Cargo workspaces, and to restore the lesson panel', () => {
    assert.deepEqual([...manifest.activationEvents].sort(), [
      'onLanguage:rust',
      'onWebviewPanel:rustSafetyCoach.lesson',
      'workspaceContains:**/*.rs',
      'workspaceContains:**/Cargo.toml',
    ]);
  });

  it('shows the sidebar views only in windows with Rust, on a context key the client sets', () => {
    const views = manifest.contributes.views?.rustSafetyCoach ?? [];
    assert.deepEqual(
      views.map((v) => v.id),
      ['rustSafetyCoach.findings', 'rustSafetyCoach.lessons', 'rustSafetyCoach.progress'],
    );
    for (const view of views) assert.equal(view.when, HAS_RUST_CONTEXT, view.id);
    const setters = matchesIn(/executeCommand\(\s*'setContext',\s*(\w+)/g).map((m) => m.match);
    assert.deepEqual(setters.sort(), ['FINDINGS_SCOPE_CONTEXT', 'HAS_RUST_CONTEXT']);
    // Activation covers every window the key can become true in: a .rs file in the workspace or opened.
    assert.ok(manifest.activationEvents.includes('workspaceContains:**/*.rs'));
    assert.ok(manifest.activationEvents.includes('onLanguage:rust'));
  });

  it("shows the Findings view's scope toggle on the context key the client sets, one button at a time", () => {
    const buttons = manifest.contributes.menus['view/title'] ?? [];
    const toggle = buttons.filter((b) => b.when?.includes(FINDINGS_SCOPE_CONTEXT));
    assert.deepEqual(
      toggle.map((b) => [b.command, b.when]),
      [
        [
          'rustSafetyCoach.showWorkspaceFindings',
          `view == rustSafetyCoach.findings && ${FINDINGS_SCOPE_CONTEXT} == file`,
        ],
        [
          'rustSafetyCoach.showFileFindings',
          `view == rustSafetyCoach.findings && ${FINDINGS_SCOPE_CONTEXT} == workspace`,
        ],
      ],
    );
  });

  it('supports untrusted and virtual workspaces', () => {
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, true);
    assert.equal(manifest.capabilities.virtualWorkspaces, true);
  });

  it('offers a severity setting for every engine rule', () => {
    const rules = manifest.contributes.configuration.properties['rustSafetyCoach.rules'];
    assert.ok(rules?.properties, 'rustSafetyCoach.rules has no properties');
    const settings = ['default', 'off', 'error', 'warning', 'information', 'hint'];
    for (const { id } of ruleInfos()) {
      assert.deepEqual(rules.properties[id]?.enum, settings, `rule ${id}`);
    }
    for (const [id, property] of Object.entries(rules.properties))
      assert.deepEqual(property.enum, settings, id);
    assert.deepEqual(rules.additionalProperties?.enum, settings);
  });

  it('has the other settings the server reads', () => {
    const { properties } = manifest.contributes.configuration;
    assert.equal(properties['rustSafetyCoach.includeTests']?.type, 'boolean');
    assert.equal(properties['rustSafetyCoach.includeTests']?.default, false);
    const workspaceScan = properties[`${CONFIGURATION_SECTION}.${WORKSPACE_DIAGNOSTICS_SETTING}`];
    assert.equal(workspaceScan?.type, 'boolean');
    assert.equal(workspaceScan?.default, true);
    assert.deepEqual(properties['rustSafetyCoach.trace.server']?.enum, ['off', 'messages', 'verbose']);
    assert.equal(properties['rustSafetyCoach.enable']?.type, 'boolean');
    assert.equal(properties['rustSafetyCoach.enable']?.default, true);
    assert.deepEqual(properties['rustSafetyCoach.severityCap']?.enum, SEVERITIES);
    assert.equal(properties['rustSafetyCoach.severityCap']?.default, 'error');
  });

  it('documents every setting in the README settings table', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    for (const name of Object.keys(manifest.contributes.configuration.properties)) {
      assert.match(readme, new RegExp(`^\\| \`${name.replace(/\./g, '\\.')}\` \\|`, 'm'), name);
    }
  });

  it('has the setting the client reads to hide duplicates of rustc and clippy', () => {
    const property =
      manifest.contributes.configuration.properties[`rustSafetyCoach.${HIDE_DUPLICATES_SETTING}`];
    assert.equal(property?.type, 'boolean');
    assert.equal(property?.default, true);
  });
});

describe('.vscodeignore', () => {
  const lines = fs
    .readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));

  it('is an allowlist that keeps the bundles, grammars and lessons', () => {
    assert.equal(lines[0], '**');
    for (const kept of [
      '!dist/extension.js',
      '!dist/server.js',
      '!dist/serverMain.js',
      '!grammars/*.wasm',
      '!lessons/**',
      '!package.json',
    ]) {
      assert.ok(lines.includes(kept), `${kept} missing`);
    }
  });

  it('lets in no sources, tests or node_modules', () => {
    for (const line of lines.filter((l) => l.startsWith('!'))) {
      assert.doesNotMatch(line, /^!(src|test|node_modules|scripts)\b|^!\*\*/, line);
    }
  });
});

describe('thin client', () => {
  it('imports only vscode packages, node built-ins, itself and src/shared', () => {
    const specifiers = matchesIn(
      /(?:\bfrom\s+|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm,
    );
    assert.ok(specifiers.length > 0);
    const allowedDirs = [CLIENT_DIR, path.join(ROOT, 'src', 'shared')];
    for (const { file, match } of specifiers) {
      if (!match.startsWith('.')) {
        assert.match(match, /^(vscode|vscode-languageclient(\/.*)?|node:.*)$/, `${file} imports ${match}`);
        continue;
      }
      const target = path.resolve(path.dirname(file), match);
      assert.ok(
        allowedDirs.some((dir) => target === dir || target.startsWith(dir + path.sep)),
        `${path.relative(ROOT, file)} imports ${match}: the client may use only src/shared`,
      );
    }
  });
});
