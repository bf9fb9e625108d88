// Random edits of the kinds a learner makes (and worse), for the reliability tests.

const SNIPPETS = [
  '{',
  '}',
  '(',
  ')',
  '[',
  ']',
  ';',
  '"',
  "'",
  '/*',
  '*/',
  '//',
  '\n',
  '\n\n',
  ' ',
  '?',
  '!',
  '.unwrap()',
  '.expect("x")',
  'unsafe {',
  'unsafe { *p }',
  'let x = ',
  'fn ',
  'pub unsafe fn f() {}',
  'return None;',
  '== None',
  'as u8',
  'v[i]',
  'static mut X: u8 = 0;',
  '#[cfg(test)]',
  '#![no_std]',
  'mem::transmute',
  '🦀',
  'é',
  '日本',
  'x',
  'ab',
  'Some(',
  'Err(e)',
  'match x {',
  '=> ',
  'async ',
  '.await',
];

/** One random edit against `text`, at offsets that never split a surrogate pair or a CRLF. */
export function randomEdit(
  rand: () => number,
  text: string,
  pasteFrom: readonly string[],
): { start: number; end: number; newText: string } {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const snap = (o: number) => {
    let x = Math.max(0, Math.min(o, text.length));
    const c = text.charCodeAt(x);
    if (c >= 0xdc00 && c <= 0xdfff) x--;
    if (text[x - 1] === '\r' && text[x] === '\n') x--;
    return x;
  };
  const at = snap(Math.floor(rand() * (text.length + 1)));
  const r = rand();
  if (r < 0.35) return { start: at, end: at, newText: pick(SNIPPETS) };
  if (r < 0.6) return { start: at, end: snap(at + Math.floor(rand() * 48)), newText: '' };
  if (r < 0.75) {
    // Mid-token: replace a few characters with letters, digits or punctuation.
    const end = snap(at + Math.floor(rand() * 3));
    return { start: at, end, newText: pick(['a', 'z9', '_', '.', '::', 'unwrap', '(', '}']) };
  }
  // Paste a block of real code from one of the files.
  const source = pick(pasteFrom);
  const lines = source.split('\n');
  const from = Math.floor(rand() * lines.length);
  const block = lines.slice(from, from + 1 + Math.floor(rand() * 6)).join('\n');
  return { start: at, end: rand() < 0.3 ? snap(at + Math.floor(rand() * 40)) : at, newText: block };
}
