// Host side of a crate's configuration: finds and reads clippy.toml and the Cargo.toml files (the
// crate's and its workspace root's) for a source file, so that the engine (which reads no files)
// gets a ClippyConfig and rule settings. For the CLI and the server.
import fs from 'node:fs';
import path from 'node:path';
import {
  cargoRustVersion,
  type ClippyConfig,
  DEFAULT_CLIPPY_CONFIG,
  parseClippyToml,
} from '../engine/clippyConfig';
import { crateRuleSettings, type RuleSettings } from '../engine/config/crateSettings';
import { isTable, parseToml, type TomlDocument } from '../engine/config/toml';
import { crateRootFinder } from './crateRoot';

/** Bad input in a configuration file; `line` is 0-based, undefined when the whole file is meant. */
export interface FileProblem {
  file: string;
  line: number | undefined;
  message: string;
}

export interface CrateConfig {
  clippy: ClippyConfig;
  /** The rule settings of the crate's Cargo.toml lint tables and metadata tables. */
  rules: RuleSettings;
  problems: FileProblem[];
  /** What of this differs from the defaults, as text ('' for none): part of the CLI's cache keys. */
  key: string;
}

export const DEFAULT_CRATE_CONFIG: CrateConfig = {
  clippy: DEFAULT_CLIPPY_CONFIG,
  rules: {},
  problems: [],
  key: '',
};

export interface CrateConfigResolver {
  /** The configuration of the crate a file belongs to; the defaults outside a crate. */
  (absolute: string): CrateConfig;
  /** Forgets what was read: the next call reads the files again (one of them changed). */
  forget(): void;
}

function readText(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

const DEFAULT_CLIPPY_JSON = JSON.stringify(DEFAULT_CLIPPY_CONFIG);

/**
 * Per crate (the nearest folder with a `Cargo.toml`): clippy's settings from `clippy.toml` or
 * `.clippy.toml` in that folder or the nearest folder above it (clippy's search from the
 * manifest's folder up), the package's `rust-version` as the msrv when clippy.toml names none,
 * and the rule settings of the crate's and its workspace's Cargo.toml. Cached per crate root.
 */
export function crateConfigResolver(): CrateConfigResolver {
  const byRoot = new Map<string, CrateConfig>();
  const manifests = new Map<string, TomlDocument | null>();
  let crateRoot = crateRootFinder();
  const manifest = (dir: string): TomlDocument | null => {
    const file = path.join(dir, 'Cargo.toml');
    let doc = manifests.get(file);
    if (doc === undefined) {
      const text = readText(file);
      manifests.set(file, (doc = text === null ? null : parseToml(text)));
    }
    return doc;
  };
  const configFor = (root: string): CrateConfig => {
    const clippy = parseClippyToml(clippyTomlText(root));
    const member = manifest(root);
    if (!clippy.msrv) clippy.msrv = cargoRustVersion(readText(path.join(root, 'Cargo.toml')) ?? '');
    if (!member) return { ...DEFAULT_CRATE_CONFIG, clippy, key: keyOf(clippy, {}) };
    const workspaceDir = findWorkspaceRoot(root, member, manifest);
    const workspace = workspaceDir === null ? null : manifest(workspaceDir);
    const { rules, problems } = crateRuleSettings(member, workspace);
    const fileProblems = problems.map(({ manifest: which, line, message }) => ({
      file: path.join(which === 'workspace' && workspaceDir ? workspaceDir : root, 'Cargo.toml'),
      line,
      message,
    }));
    return { clippy, rules, problems: fileProblems, key: keyOf(clippy, rules) };
  };
  const resolve = (absolute: string): CrateConfig => {
    const root = crateRoot(path.dirname(absolute));
    if (!root) return DEFAULT_CRATE_CONFIG;
    let config = byRoot.get(root);
    if (!config) byRoot.set(root, (config = configFor(root)));
    return config;
  };
  return Object.assign(resolve, {
    forget: () => {
      byRoot.clear();
      manifests.clear();
      // A Cargo.toml that came or went moves the crate roots too.
      crateRoot = crateRootFinder();
    },
  });
}

/** Files under the defaults keep the cache keys they had before the configuration was read. */
function keyOf(clippy: ClippyConfig, rules: RuleSettings): string {
  const clippyJson = JSON.stringify(clippy);
  const ruleEntries = Object.entries(rules).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (ruleEntries.length === 0) return clippyJson === DEFAULT_CLIPPY_JSON ? '' : clippyJson;
  return JSON.stringify([clippy, ruleEntries]);
}

function clippyTomlText(root: string): string {
  for (let d = root; ; d = path.dirname(d)) {
    const found = ['clippy.toml', '.clippy.toml']
      .map((n) => readText(path.join(d, n)))
      .find((t) => t !== null);
    if (found) return found;
    if (path.dirname(d) === d) return '';
  }
}

/**
 * The folder of the crate's workspace root, as cargo finds it: `package.workspace` when given,
 * else the crate itself or the nearest folder above whose Cargo.toml has a `[workspace]` table
 * and does not `exclude` the crate. Null outside a workspace.
 */
function findWorkspaceRoot(
  root: string,
  member: TomlDocument,
  manifest: (dir: string) => TomlDocument | null,
): string | null {
  const declared = member.root.package;
  if (isTable(declared) && typeof declared.workspace === 'string') {
    const dir = path.resolve(root, declared.workspace);
    return manifest(dir) ? dir : null;
  }
  if (isTable(member.root.workspace)) return root;
  for (let d = path.dirname(root); path.dirname(d) !== d; d = path.dirname(d)) {
    const doc = manifest(d);
    const workspace = doc?.root.workspace;
    if (!isTable(workspace)) continue;
    const relative = path.relative(d, root).split(path.sep).join('/');
    const excluded = Array.isArray(workspace.exclude) ? workspace.exclude : [];
    const isExcluded = excluded.some(
      (e) =>
        typeof e === 'string' &&
        (relative === e.replace(/\/$/, '') || relative.startsWith(`${e.replace(/\/$/, '')}/`)),
    );
    return isExcluded ? null : d;
  }
  return null;
}
