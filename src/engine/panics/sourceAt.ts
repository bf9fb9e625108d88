// What the code at a panic's location is, from its text alone: std reports an `unwrap`, an
// `expect` or a `RefCell` borrow at the method's name (they are `#[track_caller]`), an index at
// its `[`, and a macro at its name. This names panics whose message does not (an `expect`
// prints the caller's own words) and serves the terminal links, which see no message at all.

/** Method names at the location, and the panic kind each one means. */
const METHODS: Record<string, string> = {
  expect: 'expect-failed',
  expect_err: 'expect-failed',
  unwrap: 'unwrap-failed',
  unwrap_err: 'unwrap-failed',
  borrow: 'refcell-borrow',
  borrow_mut: 'refcell-borrow',
};

/** Macros at the location (`name!`), and the panic kind each one means. */
const MACROS: Record<string, string> = {
  panic: 'explicit-panic',
  assert: 'assertion-failed',
  assert_eq: 'assertion-failed',
  assert_ne: 'assertion-failed',
  unreachable: 'unreachable',
  todo: 'not-implemented',
  unimplemented: 'not-implemented',
};

/**
 * The panic kind id for the code at `line`:`column` (both 1-based, the column in characters, as
 * rustc counts) of `text`, or undefined when the code there does not say.
 */
export function kindAtSource(text: string, line: number, column: number): string | undefined {
  const lineText = text.split(/\r?\n/)[line - 1];
  if (lineText === undefined || column < 1) return undefined;
  const rest = Array.from(lineText)
    .slice(column - 1)
    .join('');
  const before = Array.from(lineText)
    .slice(0, column - 1)
    .join('');
  const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest)?.[0];
  if (word !== undefined) {
    const afterWord = rest.slice(word.length);
    const macro = MACROS[word];
    if (macro !== undefined && /^\s*!/.test(afterWord)) return macro;
    const method = METHODS[word];
    // `.expect(`, with the call's `::<T>` turbofish or line break allowed before the `(`.
    if (method !== undefined && /\.\s*$/.test(before) && /^\s*(?:::<[^>]*>\s*)?\(/.test(afterWord)) {
      return method;
    }
    // `v[i]` reported at the indexed expression: a path or field chain right before `[`.
    if (/^[\w.]*\s*\[/.test(rest)) return 'index-out-of-bounds';
    return undefined;
  }
  return rest.startsWith('[') && /[\w)\]]\s*$/.test(before) ? 'index-out-of-bounds' : undefined;
}
