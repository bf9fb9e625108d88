import type { Node, Parser } from 'web-tree-sitter';
import type { Finding, RuleSetting, Settings, Severity } from '../shared/types';
import { DEFAULT_SETTINGS } from '../shared/types';
import { anchoredNodes, hasAnchorMatch, MACRO_KINDS, macrosHolding, TreeLookup } from './anchors';
import { applicableAttributes, clippyAllows, isTestCode } from './attributes';
import { FileContext } from './context';
import { ParsedFile } from './parsedFile';
import type { Report, Rule } from './rule';
import { RULES } from './rules';
import { fileSuppressions, isSuppressedAt } from './suppression';
import { comparePositions } from './text';
import { WordIndex } from './wordIndex';

export interface AnalyzeOptions {
  settings?: Settings;
  /** Run only these rules (the CLI's `--rule`), including rules that are off by default. */
  only?: readonly string[];
  /** Called when a rule throws; the other rules still run. */
  onRuleError?: (rule: string, error: unknown) => void;
  /** Called when the whole file is not analysed, with the reason, so no tool goes silent. */
  onSkipped?: (reason: string) => void;
}

interface ActiveRule {
  rule: Rule;
  severity: Severity;
}

/**
 * The rules to run on a text (on in the settings, not switched off in the file, holding a needle),
 * and where their words occur: one pass over the text for all of them.
 */
function selectRules(text: string, options: AnalyzeOptions): { active: ActiveRule[]; words: WordIndex } {
  const settings = options.settings ?? DEFAULT_SETTINGS;
  const suppressed = fileSuppressions(text);
  const candidates: ActiveRule[] = [];
  for (const rule of RULES) {
    if (options.only && !options.only.includes(rule.id)) continue;
    const setting: RuleSetting = settings.rules[rule.id] ?? 'default';
    if (setting === 'off' || suppressed.has(rule.id)) continue;
    if (setting === 'default' && !rule.enabledByDefault && !options.only) continue;
    candidates.push({ rule, severity: setting === 'default' ? rule.defaultSeverity : setting });
  }
  const needles = new WordIndex(
    text,
    candidates.flatMap(({ rule }) => [...rule.needles, ...(rule.anchors ?? [])]),
  );
  const active = candidates.filter(
    ({ rule }) =>
      (rule.needles.length === 0 || rule.needles.some((n) => needles.has(n))) &&
      // An anchored rule's nodes hold an anchor as a whole word (`unwrap`, not `unwrap_or`).
      (!rule.anchors || hasAnchorMatch(rule, text, needles)),
  );
  // A second pass only when an active rule looks inside macros for other words than its needles.
  const macroWords = active.flatMap(({ rule }) => rule.macroNeedles ?? []);
  if (macroWords.every((w) => needles.covers(w))) return { active, words: needles };
  const all = active.flatMap(({ rule }) => [...rule.needles, ...(rule.anchors ?? []), ...macroWords]);
  return { active, words: new WordIndex(text, all) };
}

/**
 * Files whose brackets nest deeper than this are not analysed (no findings). tree-sitter finds a
 * node's parent by walking down from the root, so rules and attribute checks that look at
 * ancestors cost O(depth²): 100,000 nested parentheses would stall analysis for hours.
 * Real code stays far below this.
 */
export const MAX_NESTING = 1000;

/** Runs every active rule over a file and returns its findings, sorted by position. */
export function analyze(file: ParsedFile, options: AnalyzeOptions = {}): Finding[] {
  return analyzeSelected(file, options, selectRules(file.text, options));
}

/** Parses and analyses a text once; a text no active rule could match is not parsed at all. */
export function analyzeText(
  parser: Parser,
  text: string,
  path: string,
  options: AnalyzeOptions = {},
): Finding[] {
  const selection = selectRules(text, options);
  if (selection.active.length === 0) return [];
  const file = new ParsedFile(parser, text, path);
  try {
    return analyzeSelected(file, options, selection);
  } finally {
    file.dispose();
  }
}

function analyzeSelected(
  file: ParsedFile,
  options: AnalyzeOptions,
  { active, words }: { active: ActiveRule[]; words: WordIndex },
): Finding[] {
  if (active.length === 0) return [];
  if (file.text.length >= MAX_NESTING * 2 && file.nestingDepth > MAX_NESTING) {
    options.onSkipped?.(`not analysed: brackets nest more than ${MAX_NESTING} deep`);
    return [];
  }
  const includeTests = (options.settings ?? DEFAULT_SETTINGS).includeTests;
  const byKind = rulesByKind(active);
  const walked = active.filter((a) => !a.rule.anchors && a.rule.kinds.length > 0);
  const anchored = active.filter((a) => a.rule.anchors);
  const macroNeedles = active.flatMap((a) => a.rule.macroNeedles ?? a.rule.needles);

  const ctx = new FileContext(file);
  const findings: Finding[] = [];
  const accept = (a: ActiveRule, report: Report) => {
    const range = report.range ?? ctx.rangeOf(report.node);
    // One walk up the ancestors serves both the test-code and the allow checks.
    const attributes = [...applicableAttributes(report.node, ctx)];
    if (!includeTests && isTestCode(file.path, attributes)) return;
    if (clippyAllows(attributes, [a.rule.clippyLint, ...a.rule.clippyGroups])) return;
    if (isSuppressedAt(ctx.lines, range, a.rule.id)) return;
    findings.push({
      rule: a.rule.id,
      lesson: a.rule.lesson,
      severity: a.severity,
      message: report.message,
      range,
      fixes: ctx.fixable(report.node) ? (report.fixes ?? []) : [],
    });
  };
  const failed = new Set<ActiveRule>();
  const run = (a: ActiveRule, fn: () => Report | Report[] | undefined) => {
    // A rule that threw is reported once and sits out the rest of this file.
    if (failed.has(a)) return;
    try {
      const out = fn();
      if (!out) return;
      for (const r of Array.isArray(out) ? out : [out]) accept(a, r);
    } catch (error) {
      failed.add(a);
      options.onRuleError?.(a.rule.id, error);
    }
  };

  // One wasm call collects every node an active rule or the macro descent needs, in document order:
  // far cheaper than stepping a cursor through every node from JavaScript.
  const visit = (start: Node, kinds: Map<string, ActiveRule[]>) => {
    for (const node of start.descendantsOfType([...kinds.keys(), ...MACRO_KINDS])) {
      const rules = kinds.get(node.type);
      if (rules) for (const a of rules) run(a, () => a.rule.check(node, ctx));
      if (MACRO_KINDS.has(node.type)) descend(node);
    }
  };
  // Macro arguments and bodies are parsed only when their text holds something an active rule looks for.
  const descend = (macro: Node) => {
    if (!macroNeedles.some((n) => macro.text.includes(n))) return;
    const views =
      macro.type === 'macro_invocation' ? ctx.macroArguments(macro) : ctx.macroDefinitionBodies(macro);
    for (const view of views) visit(view, byKind);
  };

  try {
    // Walking every node is the costliest step: only rules without anchors need it.
    const lookup = new TreeLookup(ctx.root);
    if (walked.length > 0) visit(ctx.root, rulesByKind(walked));
    else for (const macro of macrosHolding(lookup, file.text, words, macroNeedles)) descend(macro);
    for (const { node, rules } of anchoredNodes(lookup, file.text, words, anchored)) {
      for (const a of rules) run(a, () => a.rule.check(node, ctx));
    }
    for (const a of active) if (a.rule.checkFile) run(a, () => a.rule.checkFile?.(ctx));
  } finally {
    ctx.dispose();
  }
  // Rules at the same place come in registry order, whichever way they were found.
  const order = (f: Finding) => RULES.findIndex((r) => r.id === f.rule);
  return dedupe(findings).sort(
    (x, y) => comparePositions(x.range.start, y.range.start) || order(x) - order(y),
  );
}

function rulesByKind(active: readonly ActiveRule[]): Map<string, ActiveRule[]> {
  const byKind = new Map<string, ActiveRule[]>();
  for (const a of active) {
    for (const kind of a.rule.kinds) byKind.set(kind, [...(byKind.get(kind) ?? []), a]);
  }
  return byKind;
}

/** One finding per place: a more specific rule replaces the ones it supersedes. */
function dedupe(findings: Finding[]): Finding[] {
  const key = (f: Finding) => `${f.range.start.line}:${f.range.start.character}`;
  const superseded = new Set<string>();
  for (const f of findings) {
    const rule = RULES.find((r) => r.id === f.rule);
    for (const s of rule?.supersedes ?? []) superseded.add(`${s}@${key(f)}`);
  }
  return findings.filter((f) => !superseded.has(`${f.rule}@${key(f)}`));
}
