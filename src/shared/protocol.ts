// The custom messages between the extension (client) and the language server, and the
// names both sides must agree on. Plain types only: no vscode or LSP library imports,
// so the client, the server, the CLI and the webview can all use this file.
import type { HighlightedLine } from './highlightTokens';
import type { Finding, Fix, Range, RuleInfo, TextEdit } from './types';

/** `workspace/configuration` section the server pulls per document. */
export const CONFIGURATION_SECTION = 'rustSafetyCoach';

/** `Diagnostic.source` of every diagnostic the server publishes. */
export const DIAGNOSTIC_SOURCE = 'rust-safety-coach';

/** Code action kind of "apply every preferred fix in the file" (usable in `editor.codeActionsOnSave`). */
export const FIX_ALL_KIND = 'source.fixAll.rustSafetyCoach';

/**
 * Sent after every analysis, and when a document closes (its findings on disk, or none): feeds the
 * sidebar. The workspace scan sends it for files that are not open, with `onDisk`.
 */
export const FINDINGS_NOTIFICATION = 'rustSafetyCoach/findings';
export interface FindingsParams {
  uri: string;
  /** The document version the findings were computed for; 0 for a file's text on disk. */
  version: number;
  findings: Finding[];
  /**
   * The findings of the file on disk, which is not open: they replace whatever the client holds for
   * it (the server sends them only while the file is closed, so they never overtake an open one's).
   */
  onDisk?: true;
  /**
   * Each finding's line of code, trimmed (`findingSnippet`), in the order of `findings`: sent with
   * `onDisk`, so that the sidebar can tell a file's findings apart without reading the file.
   */
  snippets?: string[];
}

/**
 * `rustSafetyCoach.workspaceDiagnostics`: scan every Rust file of the workspace folders in the
 * background and publish findings for files that are not open (default true).
 */
export const WORKSPACE_DIAGNOSTICS_SETTING = 'workspaceDiagnostics';

/** Every rule's public facts, for the settings UI and the sidebar. */
export const RULES_REQUEST = 'rustSafetyCoach/rules';
export type RulesParams = void;
export type RulesResult = RuleInfo[];

/**
 * A line of terminal output, asked about when the user points at it: is it a panic's header (a
 * link to its place) or std's message of a panic with a lesson (a link to the lesson)?
 */
export const PANIC_LINK_REQUEST = 'rustSafetyCoach/panicLink';
export interface PanicLinkParams {
  line: string;
}
/** As std prints it: the file relative to where cargo ran (or absolute), 1-based line and column. */
export interface PanicLocation {
  file: string;
  line: number;
  /** In characters, as rustc counts. */
  column: number;
  /** Inside std or a dependency's sources, not the learner's files. */
  inLibrary: boolean;
}
export type PanicLinkTarget =
  /** A header: open the file there; `lesson` when the header carries the message (old compilers). */
  { kind: 'location'; location: PanicLocation; lesson?: string } | { kind: 'lesson'; lesson: string };
export type PanicLinkResult = {
  /** UTF-16 offset and length of the link in the line. */
  startIndex: number;
  length: number;
  tooltip: string;
  target: PanicLinkTarget;
} | null;

/** The lesson of the code at a panic's location in an open document (an `expect`, a `borrow_mut`). */
export const PANIC_LESSON_REQUEST = 'rustSafetyCoach/panicLesson';
export interface PanicLessonParams {
  uri: string;
  /** 1-based, as the panic printed it. */
  line: number;
  /** 1-based, in characters. */
  column: number;
}
export interface PanicLessonResult {
  lesson: string | null;
}

/**
 * Syntax highlighting of Rust texts for the lesson panel (its code blocks and the learner's code),
 * with the grammar's highlights query. `lines` limits the answer to 1-based line windows (a whole
 * file is parsed, so that a window in the middle of a string or comment is coloured right).
 */
export const HIGHLIGHT_REQUEST = 'rustSafetyCoach/highlight';
export interface HighlightSource {
  text: string;
  lines?: Array<{ first: number; last: number }>;
}
export interface HighlightParams {
  sources: HighlightSource[];
}
/** One entry per source, in order: the lines that have tokens. */
export interface HighlightResult {
  highlights: HighlightedLine[][];
}

/** Every message the server sends on its own, keyed by method. */
export type ServerNotification = { method: typeof FINDINGS_NOTIFICATION; params: FindingsParams };

/** Every custom request the client can make, with its result type. */
export type ClientRequest =
  | { method: typeof RULES_REQUEST; params: RulesParams; result: RulesResult }
  | { method: typeof PANIC_LINK_REQUEST; params: PanicLinkParams; result: PanicLinkResult }
  | { method: typeof PANIC_LESSON_REQUEST; params: PanicLessonParams; result: PanicLessonResult }
  | { method: typeof HIGHLIGHT_REQUEST; params: HighlightParams; result: HighlightResult };

/** `initializationOptions` the client may send in `initialize`. */
export interface InitializationOptions {
  /**
   * The client renders `command:` links in hover markdown (VS Code with a trusted
   * MarkdownString), so hovers may carry "Open lesson" / "Apply fix" links.
   */
  commandLinks?: boolean;
  /**
   * Index the crate of each open document (default true), so fixes see types other files declare;
   * false analyses each document on its own text alone.
   */
  crateIndex?: boolean;
}

export const OPEN_LESSON_COMMAND = 'rustSafetyCoach.openLesson';
export interface OpenLessonArgs {
  lesson: string;
  /** The finding the lesson is opened for: the lesson panel then shows that code and its fix. */
  finding?: LessonFindingArgs;
}

/** A finding's place, and its preferred fix as a versioned edit (refused once `version` is stale). */
export interface LessonFindingArgs {
  uri: string;
  version: number;
  range: Range;
  rule?: string;
  message?: string;
  fix?: { title: string; edits: TextEdit[] };
  /**
   * `textHash` of the document at `version`, once the lesson panel has shown the finding. Versions
   * start again after a window reload; the same text means the finding (and its fix) still holds.
   */
  textHash?: string;
}

export const APPLY_FIX_COMMAND = 'rustSafetyCoach.applyFix';
/** A fix as a versioned edit: the client should refuse it if the document moved past `version`. */
export interface ApplyFixArgs {
  uri: string;
  version: number;
  title: string;
  edits: TextEdit[];
}

/** A hover command link; a `command:` URI carries its arguments as a URL-encoded JSON array. */
export type CommandLink =
  | { command: typeof OPEN_LESSON_COMMAND; args: [OpenLessonArgs] }
  | { command: typeof APPLY_FIX_COMMAND; args: [ApplyFixArgs] };

/** The `command:` URI for a link, e.g. `command:rustSafetyCoach.openLesson?%5B%7B...%7D%5D`. */
export function commandUri(link: CommandLink): string {
  // Parentheses too: a markdown link destination would otherwise end at the first `)`.
  const args = encodeURIComponent(JSON.stringify(link.args)).replace(/\(/g, '%28').replace(/\)/g, '%29');
  return `command:${link.command}?${args}`;
}

/** `Diagnostic.data`: what the server's code actions need, echoed back by the client. */
export interface DiagnosticData {
  /** Document version the fixes' ranges refer to; code actions carry it so stale edits are rejected. */
  version: number;
  lesson: string;
  fixes: Fix[];
}

/**
 * The web client's first message to the server's Web Worker, before any LSP message: the worker
 * cannot fetch its own wasm (code-server refuses workers from remote URLs, so it starts from a
 * Blob URL), and cannot look for `Cargo.toml`.
 */
export type WorkerInitMessage = {
  type: 'rustSafetyCoach/init';
  /** `web-tree-sitter.wasm` and `tree-sitter-rust.wasm`. */
  runtime: ArrayBuffer;
  grammar: ArrayBuffer;
  /** `highlights.scm`, tree-sitter-rust's highlights query (for the lesson panel's code). */
  highlightsQuery: string;
  /** URIs of the folders holding a `Cargo.toml`. */
  crateRoots: string[];
};
