// How another file of the crate uses names, read from its text for the crate index: a fn passed as
// a value, a call whose result is discarded, a call looped on with `while let Some(..)`. The text
// is read without a tree (the index keeps items only), so the answers over-approximate: a local
// variable or a string that looks like one of these only makes a fix more careful.

/** Names another file uses in ways that give an Option fn's `None` a meaning (see noneMeaning.ts). */
export interface NameUses {
  /** Names written as a whole argument or assigned value, not called (`filter_map(parse)`). */
  values: string[];
  /** Names of calls that are statements of their own, or bound to `_`. */
  discarded: string[];
  /** Names of calls a `while let Some(..) =` loops on. */
  loops: string[];
}

/** An identifier path as a whole argument, element or assigned value: `(a::b)`, `, f,`, `= g;`. */
const VALUE = /[(,[=]\s*&?\s*(?:\w+\s*::\s*)*([A-Za-z_]\w*)\s*(?=[),;\]])/g;
/** A closure whose body is a call of a free fn: `|s| first(&s)` returns that fn's value. */
const CLOSURE_CALL = /\|[^|\n]*\|\s*(?:\w+\s*::\s*)*([A-Za-z_]\w*)\s*\(/g;
/** Where a statement starts, optionally `let _ =`, up to the first `(`: the call's last name. */
const STATEMENT = /(?:^|[;{}])\s*(?:let\s+_\s*=\s*)?((?:[\w.&*]|::|\s)*?)(\w+)\s*\(/gm;
/** A statement that starts with one of these uses the call's value (or is no call statement). */
const KEYWORDS = /\b(?:return|break|if|while|match|for|in|else|let|loop|move|async|unsafe|await)\b/;
/** `while let Some(..) = recv.next_item(..) {`. */
const LOOP = /\bwhile\s+let\s+(?:Some|Option::Some)\s*\([^=]*=\s*[^{;]*?(\w+)\s*\([^{;]*\{/g;

export function nameUses(text: string): NameUses {
  const values = new Set<string>();
  for (const m of text.matchAll(VALUE)) values.add(m[1] as string);
  for (const m of text.matchAll(CLOSURE_CALL)) values.add(m[1] as string);
  const discarded = new Set<string>();
  for (const m of text.matchAll(STATEMENT)) {
    if (KEYWORDS.test(m[1] ?? '')) continue;
    // Follow the call chain (`a.b(x).c(y)`) to its end: discarded when a `;` follows it.
    let name = m[2] as string;
    let at = (m.index ?? 0) + m[0].length - 1;
    for (;;) {
      const close = closingParen(text, at);
      if (close < 0) break;
      const rest = /^\s*(?:\.\s*(\w+)\s*(?:::\s*<[^;{}]*?>\s*)?\(|(;))/.exec(
        text.slice(close + 1, close + 200),
      );
      if (rest?.[2]) discarded.add(name);
      if (!rest?.[1]) break;
      name = rest[1];
      at = close + 1 + rest[0].length - 1;
    }
  }
  const loops = new Set<string>();
  for (const m of text.matchAll(LOOP)) loops.add(m[1] as string);
  // A name imported under another (`use util::second as sec;`): its uses are the fn's too.
  for (const [name, alias] of useRenames(text))
    for (const set of [values, discarded, loops]) if (set.has(alias)) set.add(name);
  return { values: [...values], discarded: [...discarded], loops: [...loops] };
}

/** The renames of a text's `use` declarations, as `[name, alias]` (`use util::second as sec;`). */
export function useRenames(text: string): Array<[string, string]> {
  const renames: Array<[string, string]> = [];
  for (const use of text.matchAll(/\buse\b[^;]*;/g))
    for (const m of use[0].matchAll(/\b(\w+)\s+as\s+(\w+)/g))
      if (m[2] !== '_') renames.push([m[1] as string, m[2] as string]);
  return renames;
}

/** The index of the `)` closing the `(` at `open`, or -1. */
function closingParen(text: string, open: number): number {
  let depth = 0;
  // A call's arguments span a few lines at most: a longer search is text the regexes misread.
  for (let i = open; i < text.length && i - open < 4000; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return -1;
}
