// Types shared by the engine, the server, the client, the CLI and the webview.
// Positions are 0-based lines and UTF-16 code units, the same as LSP.

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface TextEdit {
  range: Range;
  newText: string;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'information', 'hint'];

/** A public rule id such as `unwrap-used`: settings, suppressions and CLI output use them. */
export type RuleId = string;

/**
 * How sure a fix is. `safe`: every step was resolved (types, return type, conversion) and it only
 * turns a panic into propagation; `--fix`, fix-all and on-save apply it. `suggestion`: shown in the
 * lightbulb, never applied in bulk (a guess, a template, or a change of behavior).
 */
export type Applicability = 'safe' | 'suggestion';

export interface Fix {
  title: string;
  /** At most one fix per finding is safe; bulk fixing applies only that one. */
  applicability: Applicability;
  edits: TextEdit[];
  /**
   * Text the fix writes for the learner to replace (`"value was missing"`): editors select it after
   * applying the fix, so it is typed over, not shipped. Bulk fixing writes the plain `newText`.
   */
  placeholders?: Placeholder[];
}

/** A span of one edit's `newText`: `edits[edit].newText.slice(start, start + length)`. */
export interface Placeholder {
  edit: number;
  start: number;
  length: number;
}

/** The placeholder for `text` in `edits[edit]`, or none when that edit does not write it. */
export function placeholderIn(edits: readonly TextEdit[], edit: number, text: string): Placeholder[] {
  // The last one: the placeholder ends the text an edit writes, after any code it copies.
  const start = edits[edit]?.newText.lastIndexOf(text) ?? -1;
  return start < 0 ? [] : [{ edit, start, length: text.length }];
}

/** The fix bulk fixing applies, if any. */
export function safeFix(fixes: readonly Fix[]): Fix | undefined {
  return fixes.find((f) => f.applicability === 'safe');
}

export interface Finding {
  rule: RuleId;
  lesson: string;
  severity: Severity;
  /**
   * One short line in rustc's voice, under about 80 characters: what is wrong here
   * ("used `unwrap()` on an `Option` value"). Whether a fix exists is the lightbulb's to show.
   */
  message: string;
  /** What it means and what to do instead: the second line of the diagnostic, or `help:` in the CLI. */
  advice: string;
  range: Range;
  fixes: Fix[];
}

export interface RuleInfo {
  id: RuleId;
  lesson: string;
  defaultSeverity: Severity;
  enabledByDefault: boolean;
  /**
   * Clippy lints (without `clippy::`) whose `#[allow(..)]` / `#[expect(..)]` also switches this rule
   * off: only lints that report exactly what the rule reports. Empty when no lint is the same switch.
   */
  clippyAllows: readonly string[];
  /**
   * rustc lints whose warning at a place is this rule's finding there too (`static_mut_refs` on a
   * reference to a `static mut`). Unlike `clippyAllows` their `allow` leaves the rule on; the editor
   * uses both to show one problem once beside rust-analyzer. Absent when there are none.
   */
  rustcLints?: readonly string[];
  /** The page the diagnostic's code links to: the clippy lint's docs, or another reference; null for none. */
  docs: string | null;
  /**
   * The clippy lint (without `clippy::`) this rule resembles but does not match, so its switch leaves
   * the rule on; null when the rule is one of `clippyAllows` or resembles no clippy lint.
   */
  inspiredBy: string | null;
  summary: string;
}

/** A rule's setting: a severity, `"off"`, or `"default"`. */
export type RuleSetting = Severity | 'off' | 'default';
export const RULE_SETTINGS: readonly RuleSetting[] = [...SEVERITIES, 'off', 'default'];

export interface Settings {
  rules: Partial<Record<RuleId, RuleSetting>>;
  includeTests: boolean;
  /** `false` turns the extension's diagnostics, hovers and code actions off; absent means on. */
  enable?: boolean;
  /**
   * The most severe a finding may be: each finding's severity is lowered to this one if it is
   * above it (a teacher sets `hint` to make everything a hint). Absent means `error`: no change.
   */
  severityCap?: Severity;
}

/** `severity`, lowered to `cap` when it is more severe (`SEVERITIES` runs from most severe). */
export function capSeverity(severity: Severity, cap: Severity | undefined): Severity {
  if (cap === undefined) return severity;
  return SEVERITIES.indexOf(severity) < SEVERITIES.indexOf(cap) ? cap : severity;
}

export const DEFAULT_SETTINGS: Settings = { rules: {}, includeTests: false };

/** A two-line explanation of a construct under the cursor, and the lesson that teaches it. */
export interface HoverInfo {
  range: Range;
  title: string;
  explanation: string;
  lesson: string;
}

/** The CLI's `--format json` document. */
export interface ScanReport {
  version: 1;
  files: number;
  /** `fileUri` names a file exactly when its name is not UTF-8 (`file` shows it with U+FFFD). */
  findings: Array<Finding & { file: string; fileUri?: string }>;
}
