import type { Node } from 'web-tree-sitter';
import type { Span } from './chunks';
import type { Rule } from './rule';
import type { WordIndex } from './wordIndex';

export const MACRO_KINDS: ReadonlySet<string> = new Set(['macro_invocation', 'macro_definition']);

/** What can sit between a word and the macro whose input holds it (named nodes only). */
const MACRO_INPUT_KINDS: ReadonlySet<string> = new Set([
  'token_tree',
  'token_tree_pattern',
  'token_repetition',
  'token_repetition_pattern',
  'token_binding_pattern',
  'macro_rule',
  'metavariable',
  'fragment_specifier',
  'identifier',
  'scoped_identifier',
  'primitive_type',
  'mutable_specifier',
  'self',
  'super',
  'crate',
  'string_literal',
  'raw_string_literal',
  'char_literal',
  'string_content',
  'escape_sequence',
  'line_comment',
  'block_comment',
  'doc_comment',
  'inner_doc_comment_marker',
  'outer_doc_comment_marker',
  'integer_literal',
  'float_literal',
  'boolean_literal',
  'lifetime',
]);

const DEFAULT_ANCHOR_DEPTH = 3;

/**
 * Occurrences looked up (each a few calls into wasm) between two yields: a file with thousands of
 * anchors would otherwise spend its analysis's first step, tens of milliseconds, finding them.
 */
const LOOKUPS_PER_STEP = 256;

const WORD_CHAR = /[A-Za-z0-9_]/;

const isWordAt = (text: string, i: number, length: number) =>
  !WORD_CHAR.test(text[i - 1] ?? '') && !WORD_CHAR.test(text[i + length] ?? '');

/**
 * Token and parent lookups shared by the anchor and macro searches: both start from the same words,
 * and every `descendantForIndex` or `parent` is a call into wasm that scans down from the root.
 */
export class TreeLookup {
  private readonly tokens = new Map<string, Node | null>();
  private readonly parents = new Map<number, Node | null>();

  constructor(private readonly root: Node) {}

  tokenAt(start: number, end: number): Node | null {
    const key = `${start}:${end}`;
    let node = this.tokens.get(key);
    if (node === undefined) {
      node = this.root.descendantForIndex(start, end);
      this.tokens.set(key, node);
    }
    return node;
  }

  parent(node: Node): Node | null {
    let parent = this.parents.get(node.id);
    if (parent === undefined) {
      parent = node.parent;
      this.parents.set(node.id, parent);
    }
    return parent;
  }
}

const stickyPatterns = new WeakMap<RegExp, RegExp>();

/** Whether `rule` may have a node at an occurrence of its anchor word at `start`. */
function anchorMatches(rule: Rule, text: string, start: number): boolean {
  const pattern = rule.anchorPattern;
  if (!pattern) return true;
  let sticky = stickyPatterns.get(pattern);
  if (!sticky) {
    sticky = new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, '') + 'y');
    stickyPatterns.set(pattern, sticky);
  }
  sticky.lastIndex = start;
  return sticky.test(text);
}

/** Whether an anchored rule has a place in the text it could report at: an anchor word, whole, in code. */
export function hasAnchorMatch(rule: Rule, text: string, index: WordIndex): boolean {
  return (rule.anchors ?? []).some((word) =>
    index.of(word).some((i) => isWordAt(text, i, word.length) && anchorMatches(rule, text, i)),
  );
}

/** Every occurrence of each word (starting `within` a chunk), in ascending order of start, with the words' owners. */
function occurrences<T>(
  text: string,
  index: WordIndex,
  words: ReadonlyMap<string, readonly T[]>,
  wholeWord: boolean,
  within: Span | undefined,
): { start: number; end: number; owners: readonly T[] }[] {
  const out: { start: number; end: number; owners: readonly T[] }[] = [];
  for (const [word, owners] of words) {
    for (const i of index.of(word)) {
      if (within && (i < within.start || i >= within.end)) continue;
      if (!wholeWord || isWordAt(text, i, word.length)) out.push({ start: i, end: i + word.length, owners });
    }
  }
  return out.sort((a, b) => a.start - b.start || a.end - b.end);
}

/**
 * The nodes anchored rules check: each occurrence of a rule's anchor word as a whole token, then
 * up at most `anchorDepth` parents to the nearest node of the rule's kinds. In document order.
 * In steps (see LOOKUPS_PER_STEP); the list is whole once the generator returns it.
 */
export function* anchoredNodes<A extends { rule: Rule }>(
  lookup: TreeLookup,
  text: string,
  index: WordIndex,
  anchored: readonly A[],
  within?: Span,
): Generator<void, { node: Node; rules: A[] }[], void> {
  const byWord = new Map<string, A[]>();
  for (const a of anchored) {
    for (const word of a.rule.anchors ?? []) byWord.set(word, [...(byWord.get(word) ?? []), a]);
  }
  const found = new Map<string, { node: Node; rules: A[] }>();
  let lookups = 0;
  for (const { start, end, owners } of occurrences(text, index, byWord, true, within)) {
    if (++lookups % LOOKUPS_PER_STEP === 0) yield;
    const pending = new Set(owners.filter((a) => anchorMatches(a.rule, text, start)));
    if (pending.size === 0) continue;
    let node: Node | null = lookup.tokenAt(start, end);
    const deepest = Math.max(...[...pending].map((a) => a.rule.anchorDepth ?? DEFAULT_ANCHOR_DEPTH));
    for (let up = 0; node && pending.size > 0; up++) {
      const type = node.type;
      for (const a of [...pending]) {
        if (up > (a.rule.anchorDepth ?? DEFAULT_ANCHOR_DEPTH)) pending.delete(a);
        else if (a.rule.kinds.includes(type)) {
          pending.delete(a);
          const key = `${node.startIndex}:${node.endIndex}:${type}`;
          const entry = found.get(key) ?? { node, rules: [] };
          found.set(key, entry);
          if (!entry.rules.includes(a)) entry.rules.push(a);
        }
      }
      if (up >= deepest) break;
      node = lookup.parent(node);
    }
  }
  return [...found.values()].sort((x, y) => x.node.startIndex - y.node.startIndex);
}

/**
 * The macro invocations and definitions whose text holds one of `needles`: from each occurrence,
 * up through the tokens, literals and token trees that make up a macro's input, to the macro.
 * The same set a walk over every macro would give, without the walk. In steps, as `anchoredNodes`.
 */
export function* macrosHolding(
  lookup: TreeLookup,
  text: string,
  index: WordIndex,
  needles: readonly string[],
  within?: Span,
): Generator<void, Node[], void> {
  const found: Node[] = [];
  let coveredTo = -1;
  let lookups = 0;
  const words = new Map(needles.map((n) => [n, []]));
  for (const { start, end } of occurrences(text, index, words, false, within)) {
    if (start < coveredTo) continue;
    if (++lookups % LOOKUPS_PER_STEP === 0) yield;
    let node = lookup.tokenAt(start, end);
    while (node && !MACRO_KINDS.has(node.type) && (!node.isNamed || MACRO_INPUT_KINDS.has(node.type)))
      node = lookup.parent(node);
    if (!node || !MACRO_KINDS.has(node.type)) continue;
    found.push(node);
    coveredTo = node.endIndex;
  }
  return found;
}
