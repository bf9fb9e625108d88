import { escapeRegExp } from './text';

/**
 * Where each of a set of words occurs in a text's code, found in one regular-expression pass: one
 * `indexOf` scan per word costs about five times as much once rules bring a dozen words.
 * A word that contains another (`unwrap_err`, `static mut`) is found from the shorter one.
 * Lines that start with `//` are left out: whatever they hold (doc examples, notes) is comment,
 * or string or block-comment text, never code a rule could report.
 */
export class WordIndex {
  private readonly at = new Map<string, number[]>();

  constructor(text: string, words: Iterable<string>) {
    const all = [...new Set(words)].filter((w) => w.length > 0);
    for (const w of all) this.at.set(w, []);
    const bases = all.filter((w) => !all.some((other) => other !== w && w.includes(other)));
    if (bases.length === 0) return;
    // Each longer word hangs off one base it contains, so it is recorded once per place.
    const longer = new Map(bases.map((b): [string, { w: string; k: number }[]] => [b, []]));
    for (const w of all) {
      const base = bases.find((b) => b !== w && w.includes(b));
      if (base) longer.get(base)?.push({ w, k: w.indexOf(base) });
    }
    const pattern = new RegExp(bases.map(escapeRegExp).join('|'), 'g');
    let commentLine = { end: -1, comment: false };
    for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
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
}

/** Where the line holding `index` ends (the next one's start), and whether it starts with `//`. */
function lineAt(text: string, index: number): { end: number; comment: boolean } {
  const newline = text.indexOf('\n', index);
  const end = newline === -1 ? text.length : newline + 1;
  let i = text.lastIndexOf('\n', index - 1) + 1;
  while (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9) i++;
  return { end, comment: text.charCodeAt(i) === 47 && text.charCodeAt(i + 1) === 47 };
}
