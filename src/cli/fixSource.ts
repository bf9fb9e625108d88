import type { Parser } from 'web-tree-sitter';
import { analyzeText, applyEdits, fixAllEdits, type AnalyzeOptions } from '../engine';
import type { Finding, TextEdit } from '../shared/types';

/** Fixes can unlock or clash with one another, so `--fix` runs in rounds; this bounds a fix that never settles. */
export const MAX_FIX_ROUNDS = 10;

export interface FixOutcome {
  text: string;
  /** The findings in `text`, that is after the fixes. */
  findings: Finding[];
  fixesApplied: number;
}

/**
 * Applies preferred fixes until none is left. `fixAllEdits` defers a fix whose edits clash with
 * another's, and one fix can change what the next round finds, so each round re-parses.
 */
export function fixText(
  parser: Parser,
  text: string,
  enginePath: string,
  options: AnalyzeOptions,
): FixOutcome {
  let current = text;
  let fixesApplied = 0;
  for (let round = 0; ; round++) {
    const findings = analyzeText(parser, current, enginePath, options);
    if (round === MAX_FIX_ROUNDS) return { text: current, findings, fixesApplied };
    const edits = fixAllEdits(current, findings);
    const next = edits.length > 0 ? applyEdits(current, edits) : current;
    if (next === current) return { text: current, findings, fixesApplied };
    fixesApplied += countAppliedFixes(findings, edits);
    current = next;
  }
}

/** A fix counts as applied when every one of its edits made it into the round's edits. */
function countAppliedFixes(findings: readonly Finding[], edits: readonly TextEdit[]): number {
  const key = (e: TextEdit) =>
    `${e.range.start.line}:${e.range.start.character}-${e.range.end.line}:${e.range.end.character}=${e.newText}`;
  const applied = new Set(edits.map(key));
  return findings.filter((f) => {
    const fix = f.fixes.find((x) => x.applicability === 'safe');
    return !!fix && fix.edits.length > 0 && fix.edits.every((e) => applied.has(key(e)));
  }).length;
}
