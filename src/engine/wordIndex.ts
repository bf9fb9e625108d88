import { escapeRegExp } from './text';

/** How a word list is searched: each word that contains no other is a base, found by one pattern. */
interface Plan {
  words: readonly string[];
  pattern: RegExp | undefined;
  /** Each longer word hangs off one base it contains (at `k`), so it is recorded once per place. */
  longer: ReadonlyMap<string, readonly { w: string; k: number }[]>;
  /** A word holds a line break, so an edit's lines alone cannot be searched again. */
  spansLines: boolean;
}

function plan(words: Iterable<string>): Plan {
  const all = [...new Set(words)].filter((w) => w.length > 0);
  const bases = all.filter((w) => !all.some((other) => other !== w && w.includes(other)));
  const longer = new Map(bases.map((b): [string, { w: string; k: number }[]] => [b, []]));
  for (const w of all) {
    const base = bases.find((b) => b !== w && w.includes(b));
    if (base) longer.get(base)?.push({ w, k: w.indexOf(base) });
  }
  const pattern = bases.length > 0 ? new RegExp(bases.map(escapeRegExp).join('|'), 'g') : undefined;
  return { words: all, pattern, longer, spansLines: all.some((w) => w.includes('\n')) };
}

/**
 * Where each of a set of words occurs in a text's code, found in one regular-expression pass: one
 * `indexOf` scan per word costs about five times as much once rules bring a dozen words.
 * A word that contains another (`unwrap_err`, `static mut`) is found from the shorter one.
 * Lines that start with `//` are left out: whatever they hold (doc examples, notes) is comment,
 * or string or block-comment text, never code a rule could report.
 */
export class WordIndex {
  private readonly at = new Map<string, number[]>();
  private plan: Plan;

  constructor(text: string, words: Iterable<string>) {
    this.plan = plan(words);
    this.clear();
    this.scan(text, 0, text.length);
  }

  /**
   * The index of the text after one edit, which replaced `[start, oldEnd)` of the old text and ends
   * at `newEnd` in `text`. Only the edited lines are searched again: no word spans a line, and
   * whether a line is a comment line depends on that line alone. The rest is shifted.
   */
  edited(text: string, start: number, oldEnd: number, newEnd: number): WordIndex {
    if (this.plan.spansLines) return new WordIndex(text, this.plan.words);
    const next = new WordIndex('', []);
    next.plan = this.plan;
    next.clear();
    // Whole lines: from the start of the first edited line to the end of the last one.
    const from = text.lastIndexOf('\n', start - 1) + 1;
    const newline = text.indexOf('\n', newEnd);
    const to = newline === -1 ? text.length : newline + 1;
    const shift = newEnd - oldEnd;
    for (const [word, offsets] of this.at) {
      const kept = next.at.get(word);
      if (kept) for (const i of offsets) if (i < from) kept.push(i);
    }
    next.scan(text, from, to);
    for (const [word, offsets] of this.at) {
      const moved = next.at.get(word);
      if (moved) for (const i of offsets) if (i + shift >= to) moved.push(i + shift);
    }
    return next;
  }

  /** Ascending start offsets of `word`; throws for a word the index was not built with. */
  of(word: string): readonly number[] {
    const found = this.at.get(word);
    if (!found) throw new Error(`WordIndex was not built with ${JSON.stringify(word)}`);
    return found;
  }

  /** Whether the index was built with `word`. */
  covers(word: string): boolean {
    return this.at.has(word);
  }

  has(word: string): boolean {
    return this.of(word).length > 0;
  }

  private clear(): void {
    this.at.clear();
    for (const w of this.plan.words) this.at.set(w, []);
  }

  /** Records the words that start in `[from, to)`, where `from` starts a line and `to` ends one. */
  private scan(text: string, from: number, to: number): void {
    const { pattern, longer } = this.plan;
    if (!pattern) return;
    let commentLine = { end: -1, comment: false };
    pattern.lastIndex = from;
    for (let m = pattern.exec(text); m && m.index < to; m = pattern.exec(text)) {
      const base = m[0];
      if (m.index >= commentLine.end) commentLine = lineAt(text, m.index);
      if (commentLine.comment) {
        pattern.lastIndex = commentLine.end;
        continue;
      }
      this.at.get(base)?.push(m.index);
      for (const { w, k } of longer.get(base) ?? []) {
        if (m.index >= k && text.startsWith(w, m.index - k)) this.at.get(w)?.push(m.index - k);
      }
      // Overlapping matches of different words are all wanted.
      pattern.lastIndex = m.index + 1;
    }
  }
}

/** Where the line holding `index` ends (the next one's start), and whether it starts with `//`. */
function lineAt(text: string, index: number): { end: number; comment: boolean } {
  const newline = text.indexOf('\n', index);
  const end = newline === -1 ? text.length : newline + 1;
  let i = text.lastIndexOf('\n', index - 1) + 1;
  while (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9) i++;
  return { end, comment: text.charCodeAt(i) === 47 && text.charCodeAt(i + 1) === 47 };
}
