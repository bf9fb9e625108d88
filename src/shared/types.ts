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

export interface Fix {
  title: string;
  /** At most one fix per finding is preferred; `--fix` and fix-all apply only that one. */
  preferred: boolean;
  edits: TextEdit[];
}

export interface Finding {
  rule: RuleId;
  lesson: string;
  severity: Severity;
  message: string;
  range: Range;
  fixes: Fix[];
}

export interface RuleInfo {
  id: RuleId;
  lesson: string;
  defaultSeverity: Severity;
  enabledByDefault: boolean;
  /** The clippy lint this rule mirrors, without the `clippy::` prefix. */
  clippyLint: string;
  summary: string;
}

/** A rule's setting: a severity, `"off"`, or `"default"`. */
export type RuleSetting = Severity | 'off' | 'default';

export interface Settings {
  rules: Partial<Record<RuleId, RuleSetting>>;
  includeTests: boolean;
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
  findings: Array<Finding & { file: string }>;
}
