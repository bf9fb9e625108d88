import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ParsedFile } from '../src/engine';
import { MACRO_KINDS, macrosHolding, TreeLookup } from '../src/engine/anchors';
import { drain } from '../src/engine/steps';
import { FileContext } from '../src/engine/context';
import { WordIndex } from '../src/engine/wordIndex';
import { testParser } from './support/engine';

const FIXTURES = path.join(__dirname, 'fixtures');

function rustFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return rustFiles(full);
    return e.name.endsWith('.rs') ? [full] : [];
  });
}

const MACROS = `
macro_rules! unwrap_all { ($x:expr) => { $x.unwrap() }; ($($y:tt)*) => { $( $y.expect("e"); )* }; }
fn f() {
    assert_eq!(a.unwrap(), 1);
    println!("{}", "unsafe in a string");
    vec![Some(1), None];
    std::println!("{}", x /* unwrap in a comment */);
    let s = r#"unwrap in a raw string"#;
    thread_local! { static X: u8 = unsafe { 1 }; }
    nested!(outer, inner!(y.unwrap()));
    not_a_macro(z.unwrap());
}
`;

describe('macros holding a word', () => {
  const needles = ['unwrap', 'expect', 'unsafe', 'None', 'return', 'static mut'];

  it('finds the same macros as a walk over every macro', async () => {
    const parser = await testParser();
    const texts = [MACROS, ...rustFiles(FIXTURES).map((f) => fs.readFileSync(f, 'utf8'))];
    let compared = 0;
    for (const text of texts) {
      const file = new ParsedFile(parser, text);
      try {
        const root = file.tree.rootNode;
        const walked = root
          .descendantsOfType([...MACRO_KINDS])
          .filter((m) => needles.some((n) => m.text.includes(n)))
          .map((m) => m.startIndex);
        const words = new WordIndex(text, needles);
        const found = drain(macrosHolding(new TreeLookup(root), text, words, needles)).map(
          (m) => m.startIndex,
        );
        assert.deepEqual(found, walked, text.slice(0, 80));
        compared += walked.length;
      } finally {
        file.dispose();
      }
    }
    assert.ok(compared > 20, `only ${compared} macros compared`);
  });

  it('passes over a word outside any macro', async () => {
    const parser = await testParser();
    const file = new ParsedFile(parser, 'fn f() { let a = b.unwrap(); // unwrap\n}\n');
    try {
      const words = new WordIndex(file.text, ['unwrap']);
      assert.deepEqual(
        drain(macrosHolding(new TreeLookup(file.tree.rootNode), file.text, words, ['unwrap'])),
        [],
      );
    } finally {
      file.dispose();
    }
  });
});

describe('word index', () => {
  const naive = (text: string, word: string) => {
    const out: number[] = [];
    for (let i = text.indexOf(word); i !== -1; i = text.indexOf(word, i + 1)) out.push(i);
    return out;
  };
  /** Numbers below `n`, the same sequence on every run for the same seed. */
  const seeded = (seed: number) => (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  /** `count` pieces drawn from `alphabet`, joined. */
  const drawn = (alphabet: string[], random: (n: number) => number, count: number) =>
    Array.from({ length: count }, () => alphabet[random(alphabet.length)]).join('');
  /** `rounds` texts of `pieces` pieces drawn from `alphabet`, the same ones on every run. */
  function* randomTexts(alphabet: string[], seed: number, rounds: number, pieces: number): Generator<string> {
    const random = seeded(seed);
    for (let round = 0; round < rounds; round++) yield drawn(alphabet, random, pieces);
  }

  it('finds every occurrence of every word, including words inside other words', () => {
    const words = ['unwrap', 'unwrap_err', 'static', 'static mut', 'None', 'no_std', 'a.b', 'is_none'];
    const alphabet = [
      'unwrap',
      '_err',
      'static',
      ' mut',
      'None',
      'no_std',
      'is_',
      'none',
      'a.b',
      'axb',
      ' ',
      'x',
    ];
    for (const text of randomTexts(alphabet, 11, 200, 30)) {
      const index = new WordIndex(text, words);
      for (const word of words) assert.deepEqual(index.of(word), naive(text, word), `${word} in ${text}`);
    }
  });

  it('leaves out lines that start with //, and only those', () => {
    const text = [
      'let a = x.unwrap(); // unwrap',
      '  /// let b = y.unwrap();',
      '\t// unwrap',
      'let c = "// unwrap";',
      '/* unwrap */ unwrap',
      '//unwrap',
      'unwrap',
    ].join('\n');
    const lineOf = (i: number) => text.slice(0, i).split('\n').length;
    assert.deepEqual(new WordIndex(text, ['unwrap']).of('unwrap').map(lineOf), [1, 1, 4, 5, 5, 7]);
  });

  it('matches a plain search that skips comment lines, on random text', () => {
    const words = ['unwrap', 'unwrap_err', 'static mut', 'mut'];
    const alphabet = ['unwrap', '_err', 'static', ' mut', '//', '/', '\n', ' ', '\t', 'x'];
    const onCommentLine = (text: string, i: number) =>
      text
        .slice(text.lastIndexOf('\n', i - 1) + 1)
        .trimStart()
        .startsWith('//');
    for (const text of randomTexts(alphabet, 7, 300, 40)) {
      const index = new WordIndex(text, words);
      for (const word of words) {
        const expected = naive(text, word).filter((i) => !onCommentLine(text, i));
        assert.deepEqual(index.of(word), expected, `${word} in ${JSON.stringify(text)}`);
      }
    }
  });

  it('after an edit, equals an index built afresh, across a run of random edits', () => {
    const words = ['unwrap', 'unwrap_err', 'static mut', 'mut', 'None'];
    const alphabet = [
      'unwrap',
      '_err',
      'static',
      ' mut',
      'None',
      '//',
      '/',
      '\n',
      '\r\n',
      ' ',
      '\t',
      'x',
      '',
    ];
    const random = seeded(3);
    let checked = 0;
    for (const start of randomTexts(alphabet, 5, 40, 40)) {
      let text = start;
      let index = new WordIndex(text, words);
      for (let step = 0; step < 40; step++) {
        const from = random(text.length + 1);
        const oldEnd = Math.min(text.length, from + random(12));
        const inserted = drawn(alphabet, random, random(4));
        text = text.slice(0, from) + inserted + text.slice(oldEnd);
        index = index.edited(text, from, oldEnd, from + inserted.length);
        const fresh = new WordIndex(text, words);
        for (const word of words) {
          assert.deepEqual(
            index.of(word),
            fresh.of(word),
            `${word} after step ${step}: ${JSON.stringify(text)}`,
          );
          checked += fresh.of(word).length;
        }
      }
    }
    assert.ok(checked > 1000, `only ${checked} occurrences compared`);
  });

  it('refuses a word it was not built with', () => {
    assert.throws(() => new WordIndex('x', ['a']).of('b'), /not built with/);
  });
});

describe('siblings before a node', () => {
  // Over 256K characters and one module of thousands of items: the size at which the parent's
  // children are read once instead of stepping back with previousSibling.
  const item = (i: number) =>
    [
      `/// Does thing ${i}.`,
      i % 3 === 0 ? '/// # Safety\n/// Callers uphold it.' : '// a plain comment',
      `#[inline]`,
      i % 2 ? `#[cfg_attr(test, assert_instr(nop))]` : `#[doc = "more"]`,
      `pub unsafe fn f${i}() {}`,
    ].join('\n');
  const LARGE = Array.from({ length: 3000 }, (_, i) => item(i)).join('\n\n');

  it('gives what previousSibling gives, nearest first', async () => {
    assert.ok(LARGE.length > 256 * 1024);
    const file = new ParsedFile(await testParser(), LARGE, 'src/lib.rs');
    const ctx = new FileContext(file);
    try {
      const fns = file.tree.rootNode.descendantsOfType('function_item');
      assert.equal(fns.length, 3000);
      for (const fn of fns.filter((_, i) => i % 97 === 0 || i === 2999)) {
        assert.ok(fn);
        const expected: number[] = [];
        for (let s = fn.previousSibling; s; s = s.previousSibling) expected.push(s.id);
        assert.deepEqual(
          [...ctx.siblingsBefore(fn)].map((s) => s.id),
          expected,
        );
      }
    } finally {
      ctx.dispose();
      file.dispose();
    }
  });
});
