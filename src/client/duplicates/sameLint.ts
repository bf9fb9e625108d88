// Which of our findings another source (rustc or clippy through rust-analyzer) already reports:
// the same lint, by name, at an overlapping range. No `vscode` import, so node:test loads it.
import { DIAGNOSTIC_SOURCE } from '../../shared/protocol';
import type { Position, Range, RuleInfo } from '../../shared/types';

/** `rustSafetyCoach.hideDuplicates` (default true): false shows every finding of ours. */
export const HIDE_DUPLICATES_SETTING = 'hideDuplicates';

/** `Diagnostic.code` as VS Code hands it over: with a `codeDescription` it is `{ value, target }`. */
export type DiagnosticCode = string | number | { value: string | number } | undefined;

export interface OtherDiagnostic {
  source?: string;
  code?: DiagnosticCode;
  range: Range;
}

/** One of our diagnostics: its code is the rule id. */
export interface OurDiagnostic {
  rule: string;
  range: Range;
}

/** Sources whose codes are lint names: rust-analyzer's flycheck publishes rustc's and clippy's so. */
const LINT_SOURCES = new Set(['rustc', 'clippy']);
const SCOPED_LINT = /^(\w+)::(\w+)$/;

/**
 * The lint a diagnostic of another source reports, scoped as in `#[allow(..)]`: `clippy::unwrap_used`,
 * `rustc::static_mut_refs`. rust-analyzer splits `clippy::unwrap_used` into source `clippy` and code
 * `unwrap_used` (crates/rust-analyzer/src/diagnostics/flycheck_to_proto.rs); a code still scoped is
 * taken as it is.
 */
export function lintOf(diagnostic: OtherDiagnostic): string | undefined {
  if (diagnostic.source === DIAGNOSTIC_SOURCE) return undefined;
  const code = codeText(diagnostic.code);
  if (!code) return undefined;
  const scoped = SCOPED_LINT.exec(code);
  if (scoped) return `${scoped[1]}::${scoped[2]}`;
  const source = diagnostic.source ?? '';
  return LINT_SOURCES.has(source) && /^\w+$/.test(code) ? `${source}::${code}` : undefined;
}

function codeText(code: DiagnosticCode): string | undefined {
  if (code === undefined) return undefined;
  const value = typeof code === 'object' ? code.value : code;
  return typeof value === 'string' ? value : undefined;
}

/** The registry's lint names per rule (`clippyAllows`, `rustcLints`), both ways round. */
export class SameLints {
  private readonly rulesByLint = new Map<string, RuleInfo[]>();
  private readonly lintsByRule = new Map<string, Set<string>>();

  constructor(rules: readonly RuleInfo[]) {
    for (const rule of rules) {
      const lints = [
        ...rule.clippyAllows.map((lint) => `clippy::${lint}`),
        ...(rule.rustcLints ?? []).map((lint) => `rustc::${lint}`),
      ];
      if (lints.length > 0) this.lintsByRule.set(rule.id, new Set(lints));
      for (const lint of lints) this.rulesByLint.set(lint, [...(this.rulesByLint.get(lint) ?? []), rule]);
    }
  }

  /** Whether any rule has a lint of another source: with none, nothing can be a duplicate. */
  get isEmpty(): boolean {
    return this.rulesByLint.size === 0;
  }

  rulesFor(lint: string | undefined): readonly RuleInfo[] {
    return (lint && this.rulesByLint.get(lint)) || [];
  }

  hasLint(rule: string, lint: string): boolean {
    return this.lintsByRule.get(rule)?.has(lint) ?? false;
  }
}

/** For each of ours, whether a diagnostic of another source reports its lint at an overlapping range. */
export function duplicated(
  ours: readonly OurDiagnostic[],
  others: readonly OtherDiagnostic[],
  lints: SameLints,
): boolean[] {
  const byLint = new Map<string, Range[]>();
  for (const other of others) {
    const lint = lintOf(other);
    if (lint && lints.rulesFor(lint).length > 0) byLint.set(lint, [...(byLint.get(lint) ?? []), other.range]);
  }
  if (byLint.size === 0) return ours.map(() => false);
  return ours.map(({ rule, range }) =>
    [...byLint].some(([lint, ranges]) => lints.hasLint(rule, lint) && ranges.some((r) => overlaps(r, range))),
  );
}

/** The indices of ours that duplicate `other`. */
export function duplicatesOf(
  other: OtherDiagnostic,
  ours: readonly OurDiagnostic[],
  lints: SameLints,
): number[] {
  const lint = lintOf(other);
  if (!lint) return [];
  return ours.flatMap((our, index) =>
    lints.hasLint(our.rule, lint) && overlaps(our.range, other.range) ? [index] : [],
  );
}

/**
 * Whether the ranges share a character; an empty range overlaps a range it lies in (or touches).
 * Ranges that only touch end to start do not: `a.unwrap()` and the `;` after it are two places.
 */
export function overlaps(a: Range, b: Range): boolean {
  if (isEmpty(a)) return contains(b, a.start);
  if (isEmpty(b)) return contains(a, b.start);
  return compare(a.start, b.end) < 0 && compare(b.start, a.end) < 0;
}

function isEmpty(range: Range): boolean {
  return compare(range.start, range.end) >= 0;
}

function contains(range: Range, position: Position): boolean {
  return compare(range.start, position) <= 0 && compare(position, range.end) <= 0;
}

function compare(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

/**
 * rust-analyzer appends a help's suggested replacement to its message ("use `is_none()` instead:
 * `x.is_none()`") exactly when it turns the help into a quick fix (MachineApplicable or
 * MaybeIncorrect: the rare placeholder suggestion is counted too, so ours stays back then). The
 * help reaches the editor as the main diagnostic's related information and as a hint diagnostic.
 */
const SUGGESTED_REPLACEMENT = /: `[\s\S]*`$/;

export function suggestsFix(messages: readonly string[]): boolean {
  return messages.some((message) => SUGGESTED_REPLACEMENT.test(message));
}
