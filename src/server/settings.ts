import type { Connection } from 'vscode-languageserver';
import { CONFIGURATION_SECTION } from '../shared/protocol';
import {
  DEFAULT_SETTINGS,
  RULE_SETTINGS,
  SEVERITIES,
  type RuleSetting,
  type Settings,
  type Severity,
} from '../shared/types';
import { describeError } from './errors';

/**
 * How long analysis and hover wait for the client's `workspace/configuration` answer before going
 * on with the last settings it gave (or the defaults): a client that never answers used to stall
 * them forever. VS Code answers within milliseconds.
 */
export const CONFIGURATION_TIMEOUT_MS = 3000;

/**
 * Settings per document. Clients with `workspace/configuration` are asked per URI (so
 * folder settings apply) and the answer is cached until `didChangeConfiguration`; other
 * clients push settings with `didChangeConfiguration`, or get the defaults.
 */
export class SettingsStore {
  private readonly pulled = new Map<string, Promise<Settings>>();
  private pushed: Settings = DEFAULT_SETTINGS;
  /** The `rustSafetyCoach` section as last pushed, for the settings that are not per document. */
  pushedSection: unknown = undefined;
  /** The settings of the client's latest answer, for a document whose own answer is late. */
  private lastPulled: Settings = DEFAULT_SETTINGS;

  constructor(
    private readonly connection: Connection,
    private readonly canPull: boolean,
    /** An answer came after its wait timed out: the document was analysed with other settings. */
    private readonly onLateAnswer: (uri: string) => void = () => undefined,
  ) {}

  get(uri: string): Promise<Settings> {
    if (!this.canPull) return Promise.resolve(this.pushed);
    let settings = this.pulled.get(uri);
    if (!settings) {
      settings = this.pull(uri);
      this.pulled.set(uri, settings);
    }
    return settings;
  }

  private pull(uri: string): Promise<Settings> {
    let timedOut = false;
    const answer = this.connection.workspace
      .getConfiguration({ scopeUri: uri, section: CONFIGURATION_SECTION })
      .then(
        (raw: unknown) => {
          const settings = normalizeSettings(raw);
          this.lastPulled = settings;
          if (timedOut && this.pulled.get(uri) === pending) {
            this.pulled.set(uri, Promise.resolve(settings));
            this.onLateAnswer(uri);
          }
          return settings;
        },
        (error: unknown) => {
          // Do not cache a failure: the next analysis asks again.
          if (this.pulled.get(uri) === pending) this.pulled.delete(uri);
          this.connection.console.error(`Reading settings for ${uri} failed: ${describeError(error)}`);
          return DEFAULT_SETTINGS;
        },
      );
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<Settings>((resolve) => {
      timer = setTimeout(() => {
        timedOut = true;
        this.connection.console.warn(
          `No answer to workspace/configuration for ${uri} within ${CONFIGURATION_TIMEOUT_MS} ms: using the last settings`,
        );
        resolve(this.lastPulled);
      }, CONFIGURATION_TIMEOUT_MS);
    });
    const pending: Promise<Settings> = Promise.race([answer, timeout]).finally(() => clearTimeout(timer));
    return pending;
  }

  /** `workspace/didChangeConfiguration`: drop pulled settings; take pushed ones if the client sent them. */
  changed(notificationSettings: unknown): void {
    this.pulled.clear();
    if (!this.canPull) {
      const section = isObject(notificationSettings)
        ? notificationSettings[CONFIGURATION_SECTION]
        : undefined;
      this.pushedSection = section;
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
      if (typeof value === 'string' && (RULE_SETTINGS as readonly string[]).includes(value))
        rules[id] = value as RuleSetting;
    }
  }
  const includeTests =
    typeof raw.includeTests === 'boolean' ? raw.includeTests : DEFAULT_SETTINGS.includeTests;
  const settings: Settings = { rules, includeTests };
  // Only `false` turns the extension off: a damaged value leaves it on, as it was.
  if (raw.enable === false) settings.enable = false;
  if (typeof raw.severityCap === 'string' && (SEVERITIES as readonly string[]).includes(raw.severityCap)) {
    settings.severityCap = raw.severityCap as Severity;
  }
  return settings;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
