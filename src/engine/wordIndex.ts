import { escapeRegExp } from './text';

/**
 * Where each of a set of words occurs in a text, found in one regular-expression pass: one
 * `indexOf` scan per word costs about five times as much once rules bring a dozen words.
 * A word that contains another (`unwrap_err`, `static mut`) is found from the shorter one.
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
    for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
      const base = m[0];
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
