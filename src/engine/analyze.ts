import type { Node, Parser } from 'web-tree-sitter';
import type { Finding, RuleSetting, Settings, Severity } from '../shared/types';
import { capSeverity, DEFAULT_SETTINGS } from '../shared/types';
import { drain } from './steps';
import { anchoredNodes, hasAnchorMatch, MACRO_KINDS, macrosHolding, TreeLookup } from './anchors';
import { applicableAttributes, clippyAllows, isTestCode } from './attributes';
import {
  ChunkedText,
  ChunkSyntaxError,
  DEFAULT_CHUNK_LIMITS,
  parsesInChunks,
  type ChunkLimits,
} from './chunks';
import { type ChunkScope, FileContext, type SourceTree } from './context';
import { IMPORTS_MEMO, type Imports } from './imports';
import { dropsComment } from './keepComments';
import { reportedFix } from './propagate/questionMarkFix';
import { FILE_ITEMS_MEMO } from './semantics/fileItems';
import { chunkedItemsSteps } from './semantics/indexText';
import { ParsedFile } from './parsedFile';
import type { ClippyConfig } from './clippyConfig';
import type { CrateIndex } from './semantics/crateIndex';
import type { Report, Rule } from './rule';
import { RULES } from './rules';
import { fileSuppressions, isSuppressedAt } from './suppression';
import { bracketDepth, comparePositions, LineIndex } from './text';
import { WordIndex } from './wordIndex';

export interface AnalyzeOptions {
  settings?: Settings;
  /** Run only these rules (the CLI's `--rule`), including rules that are off by default. */
  only?: readonly string[];
  /** Called when a rule throws; the other rules still run. */
  onRuleError?: (rule: string, error: unknown) => void;
  /** Called when the whole file is not analysed, with the reason, so no tool goes silent. */
  onSkipped?: (reason: string) => void;
  /** When `analyzeText` parses a long text in chunks, and how long they are; tests make them small. */
  chunkLimits?: ChunkLimits;
  /** For tests: visits every node instead of the anchor search, so the two can be compared. */
  walkEveryNode?: boolean;
  /** The crate's other files' items: typed fixes resolve what they declare. */
  crate?: CrateIndex;
  /**
   * The file belongs to a crate with other files, and `crate` does not hold them (a report-only
   * scan, or the server before the crate's index is built): what they declare could change a
   * typed fix's answer (a crate trait's `parse` for String, a `From` impl), so none is safe.
   */
  crateIncomplete?: boolean;
  /**
   * Called when the analysis looks up an item beyond the file's own declarations: only then can
   * the crate's index (built, or rebuilt) change its findings.
   */
  onCrateLookup?: () => void;
  /** The crate's clippy.toml / `rust-version` settings that change the mirrored rules; clippy's defaults unless given. */
  clippy?: ClippyConfig;
}

interface ActiveRule {
  rule: Rule;
  severity: Severity;
}

/**
 * The rules to run on a text (on in the settings, not switched off in the file, holding a needle),
 * and where their words occur: one pass over the text for all of them.
 */
function selectRules(
  text: string,
  options: AnalyzeOptions,
  indexOf: (words: string[]) => WordIndex = (words) => new WordIndex(text, words),
): Selection {
  const settings = options.settings ?? DEFAULT_SETTINGS;
  const suppressed = fileSuppressions(text);
  const candidates: ActiveRule[] = [];
  for (const rule of RULES) {
    if (options.only && !options.only.includes(rule.id)) continue;
    const setting: RuleSetting = settings.rules[rule.id] ?? 'default';
    if (setting === 'off' || suppressed.has(rule.id)) continue;
    if (setting === 'default' && !rule.enabledByDefault && !options.only) continue;
    const severity = setting === 'default' ? rule.defaultSeverity : setting;
    candidates.push({ rule, severity: capSeverity(severity, settings.severityCap) });
  }
  const needles = indexOf(candidates.flatMap(({ rule }) => [...rule.needles, ...(rule.anchors ?? [])]));
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
  return { active, words: indexOf(all) };
}

/** Runs every active rule over a file and returns its findings, sorted by position. */
export function analyze(file: ParsedFile, options: AnalyzeOptions = {}): Finding[] {
  return drain(analyzeSteps(file, options));
}

/**
 * `analyze` in steps: it yields between pieces of work so that a host can answer other requests
 * in between, and returns the findings. The host must not resume it once the file's tree changed
 * (`return()` ends it cleanly).
 */
export function* analyzeSteps(file: ParsedFile, options: AnalyzeOptions = {}): AnalysisSteps {
  // The file's own indexes: an edited file searches only the edited lines again.
  const selection = selectRules(file.text, options, (words) => file.wordIndex(words));
  if (!analysable(file.text, () => file.nestingDepth, selection, options)) return [];
  return sorted(yield* findingsIn(file, options, selection, new Set()));
}

/** An analysis in steps; see `analyzeSteps`. */
export type AnalysisSteps = Generator<void, Finding[], void>;

/** Rule checks between two yields of an analysis in steps: a few milliseconds of work. */
const CHECKS_PER_STEP = 64;

/**
 * Parses and analyses a text once; a text no active rule could match is not parsed at all, and a
 * long one is parsed in chunks where that is exact, so that no tree of the whole file is built.
 */
export function analyzeText(
  parser: Parser,
  text: string,
  path: string,
  options: AnalyzeOptions = {},
): Finding[] {
  return drain(analyzeTextSteps(parser, text, path, options));
}

/** `analyzeText` in steps, like `analyzeSteps`; its trees are its own, so it may be resumed any time. */
export function* analyzeTextSteps(
  parser: Parser,
  text: string,
  path: string,
  options: AnalyzeOptions = {},
): AnalysisSteps {
  const selection = selectRules(text, options);
  // Each of these reads the whole text: tens of milliseconds for a long file, a step apiece.
  yield;
  if (!analysable(text, () => bracketDepth(text), selection, options)) return [];
  yield;
  const limits = options.chunkLimits ?? DEFAULT_CHUNK_LIMITS;
  if (parsesInChunks(text.length, limits) && !selection.active.some((a) => a.rule.wholeFile)) {
    const findings = yield* analyzeChunks(parser, text, path, options, selection, limits.chunkChars);
    if (findings) return findings;
  }
  const file = new ParsedFile(parser, text, path);
  try {
    return sorted(yield* findingsIn(file, options, selection, new Set()));
  } finally {
    file.dispose();
  }
}

/**
 * Files whose brackets nest deeper than this are not analysed (no findings). tree-sitter finds a
 * node's parent by walking down from the root, so rules and attribute checks that look at
 * ancestors cost O(depth²): 100,000 nested parentheses would stall analysis for hours.
 * Real code stays far below this.
 */
export const MAX_NESTING = 1000;

function analysable(
  text: string,
  nestingDepth: () => number,
  { active }: Selection,
  options: AnalyzeOptions,
): boolean {
  if (active.length === 0) return false;
  if (text.length >= MAX_NESTING * 2 && nestingDepth() > MAX_NESTING) {
    options.onSkipped?.(`not analysed: brackets nest more than ${MAX_NESTING} deep`);
    return false;
  }
  return true;
}

/**
 * Analyses a text one chunk at a time, each tree deleted before the next is parsed. Undefined when
 * a chunk has a syntax error: the split may be at fault, and only a whole parse is exact.
 */
function* analyzeChunks(
  parser: Parser,
  text: string,
  path: string,
  options: AnalyzeOptions,
  selection: Selection,
  chunkChars: number,
): Generator<void, Finding[] | undefined, void> {
  const lines = new LineIndex(text);
  yield;
  const chunks = new ChunkedText(parser, text, lines, chunkChars);
  const facts = new Map<string, unknown>();
  const failed = new Set<ActiveRule>();
  // Held back until every chunk parsed: a whole-file retry would report them again.
  const ruleErrors: [string, unknown][] = [];
  const quiet = { ...options, onRuleError: (rule: string, error: unknown) => ruleErrors.push([rule, error]) };
  const findings: Finding[] = [];
  try {
    yield;
    yield* prefetchChunkItems(parser, text, path, lines, chunks, facts);
    for (let index = 0; index < chunks.count; index++) {
      const tree = chunks.parse(index);
      try {
        const source = { text, lines, tree, parser, path };
        findings.push(...(yield* findingsIn(source, quiet, selection, failed, { chunks, index, facts })));
      } finally {
        tree.delete();
      }
    }
  } catch (error) {
    if (error instanceof ChunkSyntaxError) return undefined;
    throw error;
  } finally {
    chunks.dispose();
  }
  for (const [rule, error] of ruleErrors) options.onRuleError?.(rule, error);
  return sorted(findings);
}

/**
 * A long file's items and imports, read a chunk per step into the file-wide facts. Asked for by a
 * rule, they would be read from every chunk at once, in one step: 0.6 s for a 1.7 MB file, an
 * edit in another document waiting for all of it.
 */
function* prefetchChunkItems(
  parser: Parser,
  text: string,
  path: string,
  lines: LineIndex,
  chunks: ChunkedText,
  facts: Map<string, unknown>,
): Generator<void, void, void> {
  const items = yield* chunkedItemsSteps(parser, text, path, lines, chunks, facts);
  facts.set(FILE_ITEMS_MEMO, items);
  const imports: Imports = {
    names: new Map(items.imports.names),
    globs: [...items.imports.globs],
    scoped: [...items.uses],
  };
  facts.set(IMPORTS_MEMO, imports);
}

interface Selection {
  active: ActiveRule[];
  words: WordIndex;
}

/** The findings in one tree (the file's, or a chunk's, reporting only in its own span), unsorted. */
function* findingsIn(
  file: SourceTree,
  options: AnalyzeOptions,
  { active, words }: Selection,
  /** Rules that threw: each is reported once and sits out the rest of the file. */
  failed: Set<ActiveRule>,
  chunk?: ChunkScope,
): Generator<void, Finding[], void> {
  const includeTests = (options.settings ?? DEFAULT_SETTINGS).includeTests;
  const byKind = rulesByKind(active);
  const walked = active.filter((a) => (options.walkEveryNode || !a.rule.anchors) && a.rule.kinds.length > 0);
  const anchored = options.walkEveryNode ? [] : active.filter((a) => a.rule.anchors);
  const macroNeedles = active.flatMap((a) => a.rule.macroNeedles ?? a.rule.needles);
  const within = chunk?.chunks.span(chunk.index);

  const ctx = new FileContext(
    file,
    chunk,
    options.crate,
    options.clippy,
    options.onCrateLookup,
    !options.crate && options.crateIncomplete === true,
  );
  const findings: Finding[] = [];
  const accept = (a: ActiveRule, report: Report) => {
    // A chunk's tree also holds the file's crate attributes: what is in them is chunk 0's to report.
    if (!ctx.owns(ctx.start(report.node))) return;
    const range = report.range ?? ctx.rangeOf(report.node);
    // One walk up the ancestors serves both the test-code and the allow checks.
    const attributes = [...applicableAttributes(report.node, ctx)];
    if (!includeTests && isTestCode(file.path, attributes)) return;
    const allowed =
      clippyAllows(attributes, [...a.rule.clippyAllows, ...a.rule.clippyGroups]) ||
      isSuppressedAt(ctx.lines, range, a.rule.id);
    const finding: Finding = {
      rule: a.rule.id,
      lesson: a.rule.lesson,
      severity: a.severity,
      message: report.message,
      advice: report.advice,
      range,
      fixes: ctx.fixable(report.node)
        ? (report.fixes ?? []).filter((f) => !dropsComment(f, ctx)).map((f) => reportedFix(f, ctx))
        : [],
    };
    // An allowed finding is kept until `dedupe`: it still replaces the general findings it
    // supersedes there (allowing `unnecessary-unwrap` must not bring back `unwrap-used`).
    if (allowed) SILENCED.add(finding);
    findings.push(finding);
  };
  const run = (a: ActiveRule, fn: () => Report | Report[] | undefined) => {
    if (failed.has(a)) return;
    try {
      const out = fn();
      if (!out) return;
      for (const r of Array.isArray(out) ? out : [out]) accept(a, r);
    } catch (error) {
      // Not the rule's fault: the whole file is analysed again without chunks.
      if (error instanceof ChunkSyntaxError) throw error;
      failed.add(a);
      options.onRuleError?.(a.rule.id, error);
    }
  };

  // One wasm call collects every node an active rule or the macro descent needs, in document order:
  // far cheaper than stepping a cursor through every node from JavaScript.
  // Every CHECKS_PER_STEP checks, a step ends: a host driving `analyzeSteps` may serve others then.
  let checks = 0;
  const checked = () => ++checks % CHECKS_PER_STEP === 0;
  function* visit(start: Node, kinds: Map<string, ActiveRule[]>): Generator<void, void, void> {
    for (const node of start.descendantsOfType([...kinds.keys(), ...MACRO_KINDS])) {
      const rules = kinds.get(node.type);
      if (rules) for (const a of rules) run(a, () => a.rule.check(node, ctx));
      if (MACRO_KINDS.has(node.type)) yield* descend(node);
      if (rules && checked()) yield;
    }
  }
  // Macro arguments and bodies are parsed only when their text holds something an active rule looks for.
  function* descend(macro: Node): Generator<void, void, void> {
    if (!macroNeedles.some((n) => macro.text.includes(n))) return;
    const views =
      macro.type === 'macro_invocation' ? ctx.macroArguments(macro) : ctx.macroDefinitionBodies(macro);
    for (const view of views) yield* visit(view, byKind);
  }

  try {
    // Walking every node is the costliest step: only rules without anchors need it.
    const lookup = new TreeLookup(ctx.root);
    if (walked.length > 0) yield* visit(ctx.root, rulesByKind(walked));
    else
      for (const macro of yield* macrosHolding(lookup, file.text, words, macroNeedles, within))
        yield* descend(macro);
    for (const { node, rules } of yield* anchoredNodes(lookup, file.text, words, anchored, within)) {
      for (const a of rules) run(a, () => a.rule.check(node, ctx));
      if (checked()) yield;
    }
    for (const a of active) if (a.rule.checkFile) run(a, () => a.rule.checkFile?.(ctx));
  } finally {
    ctx.dispose();
  }
  return findings;
}

/** One finding per place, in position order; rules at the same place come in registry order. */
function sorted(findings: Finding[]): Finding[] {
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

/** Findings an allow silenced: they take part in `dedupe`, and are dropped by it. */
const SILENCED = new WeakSet<Finding>();

/**
 * One finding per place: a more specific rule replaces the ones it supersedes, even where the
 * specific one is allowed; then the allowed ones go.
 */
function dedupe(findings: Finding[]): Finding[] {
  const key = (f: Finding) => `${f.range.start.line}:${f.range.start.character}`;
  const superseded = new Set<string>();
  for (const f of findings) {
    const rule = RULES.find((r) => r.id === f.rule);
    for (const s of rule?.supersedes ?? []) superseded.add(`${s}@${key(f)}`);
  }
  return findings.filter((f) => !SILENCED.has(f) && !superseded.has(`${f.rule}@${key(f)}`));
}
