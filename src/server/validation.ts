import type { Connection } from 'vscode-languageserver';
import { FINDINGS_NOTIFICATION, type FindingsParams } from '../shared/protocol';
import { withUserRules } from '../engine/config/crateSettings';
import type { CrateIndex } from '../engine';
import type { CrateConfig } from '../shared/clippyConfigFiles';
import type { Finding, Settings } from '../shared/types';
import { toDiagnostic } from './diagnostics';
import type { RustDocuments } from './documents';
import type { Analysis, RustDocument } from './rustDocument';
import { EditsFirst } from './editsFirst';
import { describeError } from './errors';
import { yieldTurn } from './yieldTurn';
import type { SettingsStore } from './settings';
import type { WorkspaceCrates } from './workspaceCrates';

/**
 * Typing bursts re-analyse once; short enough that diagnostics still feel live.
 * `RUST_SAFETY_COACH_DEBOUNCE_MS` overrides it (the benchmark sets 0 to time the analysis alone).
 */
export const CHANGE_DEBOUNCE_MS = debounceFromEnv(
  // A Web Worker has no `process`.
  typeof process === 'undefined' ? undefined : process.env.RUST_SAFETY_COACH_DEBOUNCE_MS,
  75,
);

interface RunningAnalysis {
  version: number;
  settings: Settings;
  crate: CrateIndex | undefined;
  analysis: Promise<Analysis | undefined>;
  /** Somebody waits on it: it no longer gives way to edits' analyses. */
  promoted: boolean;
}

/** `edit`: somebody waits on the result (a keystroke, an open); `background`: nobody typed it. */
export type Priority = 'edit' | 'background';

/**
 * Runs `run` after `delayMs`, and returns what cancels it. No delay means the next turn of the
 * event loop: a 0 ms `setTimeout` waits at least 1 ms in Node and 4 ms in a nested Web Worker timer.
 */
function later(run: () => void, delayMs: number): () => void {
  if (delayMs > 0) {
    const timer = setTimeout(run, delayMs);
    return () => clearTimeout(timer);
  }
  let cancelled = false;
  void yieldTurn().then(() => {
    if (!cancelled) run();
  });
  return () => {
    cancelled = true;
  };
}

export function debounceFromEnv(value: string | undefined, fallback: number): number {
  if (value === undefined || !/^\d+$/.test(value.trim())) return fallback;
  return Math.min(Number(value), 10_000);
}

/** Analyses documents and publishes their diagnostics and findings. */
export class Validator {
  /** Each scheduled run's cancel, by document. */
  private readonly timers = new Map<string, () => void>();
  /** Bumped per scheduled run, so a run that waited on settings drops out if a newer one started. */
  private readonly generations = new Map<string, number>();
  /** The analysis under way per document, shared by everyone who needs the same one. */
  private readonly running = new WeakMap<RustDocument, RunningAnalysis>();
  /** The documents with an edit waiting for or in analysis, and how each leaves `editsFirst`. */
  private readonly edits = new Map<string, () => void>();
  /** Runs of `validate` under way; with pending timers, what the workspace scan waits for. */
  private validating = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly connection: Connection,
    private readonly documents: RustDocuments,
    private readonly settings: SettingsStore,
    /** The crates' indexes, for fixes that need types declared in other files. */
    private readonly crates?: WorkspaceCrates,
    /** Shared with the crate indexes' builds, which give way to edits too. */
    private readonly editsFirst = new EditsFirst(),
    /** Run once an edit's diagnostics are out and nothing else waits (see youngGarbage.ts). */
    private readonly collectYoungGarbage?: () => void,
  ) {}

  /**
   * Re-analyses after `delayMs`; a later call for the same document replaces an earlier one.
   * `background` is for work nobody typed (an index that became ready, new settings): it gives way
   * between its slices to any edit's analysis.
   */
  schedule(uri: string, delayMs: number, why: Priority): void {
    // A re-analysis nobody typed replaces a pending edit's run, but not its place in the queue.
    const urgent = why === 'edit' || this.edits.has(uri);
    this.cancel(uri);
    if (urgent) this.markEdit(uri);
    const run = () => {
      this.timers.delete(uri);
      void this.validate(uri, urgent ? 'edit' : 'background');
    };
    this.timers.set(uri, later(run, delayMs));
  }

  /** Stops pending work and clears what the client shows for a closed document. */
  closed(uri: string, lastVersion: number): void {
    this.cancel(uri);
    this.connection.sendDiagnostics({ uri, diagnostics: [] }).catch(this.logError);
    const params: FindingsParams = { uri, version: lastVersion, findings: [] };
    this.connection.sendNotification(FINDINGS_NOTIFICATION, params).catch(this.logError);
  }

  cancel(uri: string): void {
    this.timers.get(uri)?.();
    this.timers.delete(uri);
    this.generations.set(uri, (this.generations.get(uri) ?? 0) + 1);
    this.unmarkEdit(uri);
    this.checkIdle();
  }

  private markEdit(uri: string): () => void {
    let leave = this.edits.get(uri);
    if (!leave) this.edits.set(uri, (leave = this.editsFirst.enter()));
    return leave;
  }

  /** Only `leave`'s own mark is removed: a newer edit of the document may have replaced it. */
  private unmarkEdit(uri: string, leave = this.edits.get(uri)): void {
    if (!leave || this.edits.get(uri) !== leave) return;
    this.edits.delete(uri);
    leave();
  }

  /**
   * The document's crate index is ready (or was rebuilt): it is analysed again, unless its current
   * analysis, with none under way, never looked beyond its own items.
   */
  crateIndexed(uri: string): void {
    const doc = this.documents.get(uri);
    if (!doc) return;
    const current = doc.analysis?.version === doc.model.version ? doc.analysis : undefined;
    if (current && !current.usesCrate && !this.running.has(doc)) return;
    if (doc.analysis) doc.analysis.stale = true;
    this.schedule(uri, 0, 'background');
  }

  /** Whether an open document waits for or is in analysis: background work should give way. */
  get busy(): boolean {
    return this.timers.size > 0 || this.validating > 0;
  }

  /** Resolves once no open document waits for or is in analysis. */
  whenIdle(): Promise<void> {
    if (!this.busy) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private checkIdle(): void {
    if (this.busy || this.idleWaiters.length === 0) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  dispose(): void {
    for (const uri of [...this.timers.keys()]) this.cancel(uri);
  }

  /** Whether the extension is switched on for the document (`rustSafetyCoach.enable`). */
  async enabled(uri: string): Promise<boolean> {
    return (await this.settings.get(uri)).enable !== false;
  }

  /** The document's findings for its current text and settings, reusing the last analysis when valid. */
  async current(doc: RustDocument): Promise<Analysis> {
    // A hover or a code action waits on it: it goes first, as an edit's does.
    const leave = this.editsFirst.enter();
    try {
      for (;;) {
        const settings = await this.settings.get(doc.uri);
        const analysis = await this.analyzeNow(doc, settings, 'edit');
        // Undefined: the text changed during the analysis; analyse the new one.
        if (analysis) return analysis;
      }
    } finally {
      leave();
    }
  }

  async validate(uri: string, why: Priority): Promise<void> {
    const generation = (this.generations.get(uri) ?? 0) + 1;
    this.generations.set(uri, generation);
    const leave = why === 'edit' ? this.markEdit(uri) : undefined;
    this.validating++;
    try {
      const settings = await this.settings.get(uri);
      // The document may have changed or closed while the client answered.
      const doc = this.documents.get(uri);
      if (!doc || this.generations.get(uri) !== generation) return;
      if (settings.enable === false) {
        // Switched off: what was published before is taken back, and nothing is analysed.
        await this.publish(uri, doc.model.version, []);
        return;
      }
      const analysis = await this.analyzeNow(doc, settings, why);
      // An edit during the analysis scheduled the next run; a closed document publishes nothing.
      if (!analysis || this.documents.get(uri) !== doc || this.generations.get(uri) !== generation) return;
      await this.publish(uri, analysis.version, analysis.findings);
      if (why === 'edit') this.collectWhenIdle();
    } catch (error) {
      this.logError(error);
    } finally {
      if (leave) this.unmarkEdit(uri, leave);
      this.validating--;
      this.checkIdle();
    }
  }

  /** The edit's garbage, collected on the next turn unless more work has come in by then. */
  private collectWhenIdle(): void {
    const collect = this.collectYoungGarbage;
    if (collect)
      void yieldTurn().then(() => {
        if (!this.busy) collect();
      });
  }

  private async publish(uri: string, version: number, findings: Finding[]): Promise<void> {
    const diagnostics = findings.map((f) => toDiagnostic(f, version));
    await this.connection.sendDiagnostics({ uri, version, diagnostics });
    const params: FindingsParams = { uri, version, findings };
    await this.connection.sendNotification(FINDINGS_NOTIFICATION, params);
  }

  /**
   * The analysis of the document's current version with these settings: the last one when still
   * valid, the one under way when it is for the same, or a new one. Undefined when the text
   * changed before it finished.
   */
  private analyzeNow(
    doc: RustDocument,
    userSettings: Settings,
    why: Priority,
  ): Promise<Analysis | undefined> {
    const version = doc.model.version;
    const config = this.crates?.configFor(doc.uri);
    const settings = config ? this.merged(userSettings, config) : userSettings;
    const crate = this.crates?.indexFor(doc.uri);
    // One made without the index there is now is still right if it never looked beyond the file.
    const cached = doc.analysis;
    if (
      cached &&
      cached.version === version &&
      cached.settings === settings &&
      !cached.stale &&
      (cached.crate === crate || !cached.usesCrate)
    )
      return Promise.resolve(cached);
    const running = this.running.get(doc);
    if (running && running.version === version && running.settings === settings && running.crate === crate) {
      if (why === 'edit' && !running.promoted) {
        // Somebody waits on it now: it must not keep giving way (to its own waiter, among others).
        running.promoted = true;
        this.editsFirst.wakeAll();
      }
      return running.analysis;
    }
    let usesCrate = false;
    const entry: RunningAnalysis = {
      version,
      settings,
      crate,
      promoted: why === 'edit',
      analysis: Promise.resolve(undefined),
    };
    const background =
      why === 'edit'
        ? undefined
        : {
            between: this.editsFirst.between(() => entry.promoted),
            wanted: () => this.documents.get(doc.uri) === doc && doc.model.version === version,
          };
    const analysis = doc
      .analyze(
        {
          settings,
          ...(crate ? { crate } : {}),
          // Until its crate's index is built, a file's typed fixes are not safe (Fix All waits).
          ...(!crate && this.crates?.rootOf(doc.uri) ? { crateIncomplete: true } : {}),
          ...(config ? { clippy: config.clippy } : {}),
          onRuleError: (rule, error) =>
            this.connection.console.error(`Rule ${rule} failed on ${doc.uri}: ${describeError(error)}`),
          onSkipped: (reason) => this.connection.console.warn(`${doc.uri}: ${reason}`),
          onCrateLookup: () => (usesCrate = true),
        },
        background,
      )
      .then((findings) => {
        if (!findings || doc.model.version !== version) return undefined;
        doc.analysis = { version, settings, findings, usesCrate, crate };
        return doc.analysis;
      })
      .finally(() => {
        if (this.running.get(doc)?.analysis === analysis) this.running.delete(doc);
      });
    // The same object: a later waiter promotes it through `running`.
    entry.analysis = analysis;
    this.running.set(doc, entry);
    return analysis;
  }

  /**
   * What a file is analysed with: the user's settings under its crate's configuration (Cargo.toml,
   * clippy.toml). Open documents and the workspace scan read it here alike.
   */
  crateSettings(uri: string, user: Settings): { settings: Settings; clippy?: CrateConfig['clippy'] } {
    const config = this.crates?.configFor(uri);
    return config ? { settings: this.merged(user, config), clippy: config.clippy } : { settings: user };
  }

  private merged(user: Settings, config: CrateConfig): Settings {
    let byConfig = this.mergedSettings.get(user);
    if (!byConfig) this.mergedSettings.set(user, (byConfig = new WeakMap()));
    let settings = byConfig.get(config);
    if (!settings) byConfig.set(config, (settings = withUserRules(config.rules, user)));
    return settings;
  }

  /** The crate's rule settings under the user's, one object per pair: analyses are reused by identity. */
  private readonly mergedSettings = new WeakMap<Settings, WeakMap<CrateConfig, Settings>>();

  private readonly logError = (error: unknown): void => {
    this.connection.console.error(describeError(error));
  };
}
