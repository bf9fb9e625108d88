import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { applyEdits, fixAllEdits } from '../../src/engine';
import type { Finding } from '../../src/shared/types';
import { findingsIn } from './engine';
import { FIXTURES } from './fixtures';
import { compileRust } from './rustc';

export const CORPUS = path.join(FIXTURES, 'corpus');
const RULES = ['unwrap-used', 'expect-used'];

export interface CorpusProgram {
  name: string;
  /**
   * `safe`: a human would write `?` here and it compiles; `suggestion`: a `?` form compiles but
   * changes meaning (`.ok()?` drops the error), so it is offered, never applied in bulk; `none`:
   * no `?` may be offered as safe.
   */
  expect: 'safe' | 'suggestion' | 'none';
  pattern: string;
  text: string;
}

/** The corpus of learner-style programs, each with its expectation in its first lines. */
export function corpusPrograms(): CorpusProgram[] {
  const out: CorpusProgram[] = [];
  for (const expect of ['safe', 'suggestion', 'none'] as const) {
    const dir = path.join(CORPUS, expect);
    for (const file of readdirSync(dir)
      .filter((f) => f.endsWith('.rs'))
      .sort()) {
      const text = readFileSync(path.join(dir, file), 'utf8');
      const header = /^\/\/ expect: (safe|suggestion|none)\s*\n\/\/ pattern: (\S+)/.exec(text);
      if (!header || header[1] !== expect) throw new Error(`${expect}/${file}: bad header`);
      out.push({ name: `${expect}/${file}`, expect, pattern: header[2] as string, text });
    }
  }
  return out;
}

export interface FixOutcome {
  text: string;
  /** Safe fixes applied, over every round. */
  applied: number;
  /** Lines (0-based, of the original) that a safe fix edited. */
  editedLines: Set<number>;
  /** Fixes offered as suggestions only, in the first round. */
  suggestions: number;
  findings: Finding[];
}

/** Applies the safe fixes of the unwrap rules round after round, as `scan --fix` does. */
export async function applySafeFixes(text: string): Promise<FixOutcome> {
  let current = text;
  let applied = 0;
  const editedLines = new Set<number>();
  const first = await findingsIn(current, { only: RULES }, 'src/main.rs');
  const suggestions = first
    .flatMap((f) => f.fixes)
    .filter((x) => x.applicability === 'suggestion' && x.edits.some((e) => e.newText.includes('?'))).length;
  for (let round = 0; round < 10; round++) {
    const findings = round === 0 ? first : await findingsIn(current, { only: RULES }, 'src/main.rs');
    const edits = fixAllEdits(current, findings);
    if (edits.length === 0) return { text: current, applied, editedLines, suggestions, findings: first };
    if (round === 0) for (const e of edits) if (e.newText.includes('?')) editedLines.add(e.range.start.line);
    applied += findings.filter((f) =>
      f.fixes.some((x) => x.applicability === 'safe' && x.edits.every((e) => edits.some((d) => d === e))),
    ).length;
    current = applyEdits(current, edits);
  }
  throw new Error('fixes did not settle in 10 rounds');
}

/** Lines marked `// not-?`: a `?` there does not compile. */
export function notQuestionLines(text: string): number[] {
  return text.split('\n').flatMap((line, i) => (/\/\/ not-\?/.test(line) ? [i] : []));
}

/**
 * Type-checks many programs in one rustc run, each as a module of one crate; a failure falls back
 * to checking each program alone, so that the error names the program.
 */
export async function compileAll(
  programs: Array<{ name: string; text: string }>,
): Promise<Map<string, string>> {
  const failures = new Map<string, string>();
  if (programs.length === 0) return failures;
  const crate = programs.map((p, i) => `#[allow(dead_code, unused)]\nmod m${i} {\n${p.text}\n}\n`).join('\n');
  const together = await compileRust(`${crate}\nfn main() {}\n`, 'corpus');
  if (together.ok) return failures;
  for (const p of programs) {
    const alone = await compileRust(p.text, p.name);
    if (!alone.ok) failures.set(p.name, alone.stderr);
  }
  return failures;
}
