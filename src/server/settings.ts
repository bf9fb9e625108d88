import type { Connection } from 'vscode-languageserver';
import { CONFIGURATION_SECTION } from '../shared/protocol';
import { DEFAULT_SETTINGS, SEVERITIES, type RuleSetting, type Settings } from '../shared/types';
import { describeError } from './errors';

const RULE_SETTINGS: readonly string[] = [...SEVERITIES, 'off', 'default'];

/**
 * Settings per document. Clients with `workspace/configuration` are asked per URI (so
 * folder settings apply) and the answer is cached until `didChangeConfiguration`; other
 * clients push settings with `didChangeConfiguration`, or get the defaults.
 */
export class SettingsStore {
  private readonly pulled = new Map<string, Promise<Settings>>();
  private pushed: Settings = DEFAULT_SETTINGS;

  constructor(
    private readonly connection: Connection,
    private readonly canPull: boolean,
  ) {}

  get(uri: string): Promise<Settings> {
    if (!this.canPull) return Promise.resolve(this.pushed);
    let settings = this.pulled.get(uri);
    if (!settings) {
      settings = this.connection.workspace
        .getConfiguration({ scopeUri: uri, section: CONFIGURATION_SECTION })
        .then(normalizeSettings, (error: unknown) => {
          // Do not cache a failure: the next analysis asks again.
          this.pulled.delete(uri);
          this.connection.console.error(`Reading settings for ${uri} failed: ${describeError(error)}`);
          return DEFAULT_SETTINGS;
        });
      this.pulled.set(uri, settings);
    }
    return settings;
  }

  /** `workspace/didChangeConfiguration`: drop pulled settings; take pushed ones if the client sent them. */
  changed(notificationSettings: unknown): void {
    this.pulled.clear();
    if (!this.canPull) {
      const section = isObject(notificationSettings)
        ? notificationSettings[CONFIGURATION_SECTION]
        : undefined;
      this.pushed = normalizeSettings(section);
    }
  }

  forget(uri: string): void {
    this.pulled.delete(uri);
  }
}

/** Turns whatever the client sent into valid `Settings`, dropping unknown values rather than failing. */
export function normalizeSettings(raw: unknown): Settings {
  if (!isObject(raw)) return DEFAULT_SETTINGS;
  const rules: Settings['rules'] = {};
  if (isObject(raw.rules)) {
    for (const [id, value] of Object.entries(raw.rules)) {
      if (typeof value === 'string' && RULE_SETTINGS.includes(value)) rules[id] = value as RuleSetting;
    }
  }
  const includeTests =
    typeof raw.includeTests === 'boolean' ? raw.includeTests : DEFAULT_SETTINGS.includeTests;
  return { rules, includeTests };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
