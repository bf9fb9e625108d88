// When the `?` fix is safe, a suggestion, or not offered: macros that return or re-bind, prelude
// names a glob or an item shadows, and Option fns whose `None` already means something.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Node } from 'web-tree-sitter';
import { CrateIndex, indexText, ParsedFile } from '../src/engine';
import { FileContext } from '../src/engine/context';
import { typeText } from '../src/engine/semantics/rustType';
import { findingsIn, testParser } from './support/engine';

/** The `?` fixes of the unwraps and expects, as `line: applicability` (1-based lines). */
async function questionFixes(text: string): Promise<string[]> {
  const findings = await findingsIn(text, { only: ['unwrap-used', 'expect-used'] }, 'src/main.rs');
  return findings.flatMap((f) =>
    f.fixes
      .filter((x) => x.edits.some((e) => e.newText.includes('?')))
      .map((x) => `${f.range.start.line + 1}: ${x.applicability}`),
  );
}

/** The `?` fixes in `src/parse.rs` of a crate whose `src/main.rs` is `main`. */
async function questionFixesInCrate(parse: string, main: string): Promise<string[]> {
  const parser = await testParser();
  const crate = new CrateIndex([
    indexText(parser, main, 'src/main.rs'),
    indexText(parser, parse, 'src/parse.rs'),
  ]);
  const findings = await findingsIn(parse, { only: ['unwrap-used', 'expect-used'], crate }, 'src/parse.rs');
  return findings.flatMap((f) =>
    f.fixes
      .filter((x) => x.edits.some((e) => e.newText.includes('?')))
      .map((x) => `${f.range.start.line + 1}: ${x.applicability}`),
  );
}

/** The signature main gets from its safe fixes, or null when none is offered. */
async function mainSignature(text: string): Promise<string | null> {
  const findings = await findingsIn(text, { only: ['unwrap-used', 'expect-used'] }, 'src/main.rs');
  const fix = findings.flatMap((f) => f.fixes).find((x) => x.applicability === 'safe');
  return fix?.edits.find((e) => e.newText.startsWith(' -> '))?.newText.slice(4) ?? null;
}

/** The type the model gives the argument of the last `probe(..)` call. */
async function typeAtProbe(text: string): Promise<string> {
  const file = new ParsedFile(await testParser(), text, 'src/main.rs');
  const ctx = new FileContext(file);
  try {
    const probes = file.tree.rootNode
      .descendantsOfType('identifier')
      .filter((n): n is Node => n?.text === 'probe');
    const arg = probes.at(-1)?.parent?.childForFieldName('arguments')?.namedChildren[0];
    assert.ok(arg, 'the text calls probe(expr)');
    return typeText(ctx.semantics.typeOf(arg));
  } finally {
    ctx.dispose();
    file.dispose();
  }
}

const READ = 'let n = std::fs::read_to_string("n.txt").unwrap().len();';

describe('main gets a Result only where nothing it writes or holds says otherwise', () => {
  it('a macro whose body cannot be read may return: no fix', async () => {
    assert.equal(await mainSignature(`fn main() { ${READ} other_crate::bail!(); println!("{n}"); }`), null);
  });

  it("a `return` among a macro call's own tokens: no fix", async () => {
    const text = `macro_rules! run { ($e:expr) => { $e }; }
fn main() { ${READ} run!(if n > 9 { return } else { () }); }`;
    assert.equal(await mainSignature(text), null);
  });

  it('std macros and a file macro without `return` leave the fix safe', async () => {
    const text = `macro_rules! twice { ($e:expr) => { $e * 2 }; }
fn main() { ${READ} println!("{}", twice!(n)); assert!(n > 0); }`;
    assert.equal(await mainSignature(text), 'Result<(), Box<dyn std::error::Error>>');
  });

  it('a macro that calls itself is read once', async () => {
    const text = `macro_rules! count { () => { 0 }; ($x:tt $($r:tt)*) => { 1 + count!($($r)*) }; }
fn main() { ${READ} println!("{}", count!(a b c) + n); }`;
    assert.equal(await mainSignature(text), 'Result<(), Box<dyn std::error::Error>>');
  });

  it('`Ok` as an item or an import of the file: no fix', async () => {
    assert.equal(
      await mainSignature(`#[allow(non_snake_case)] fn Ok(x: ()) -> () { x }\nfn main() { ${READ} }`),
      null,
    );
    assert.equal(await mainSignature(`enum Reply { Ok, No }\nuse Reply::Ok;\nfn main() { ${READ} }`), null);
    assert.equal(await mainSignature(`use some_crate::prelude::*;\nfn main() { ${READ} }`), null);
  });

  it("a crate enum's glob shadows only its variants' names", async () => {
    assert.equal(
      await mainSignature(`enum Dir { Up, Down }\nuse Dir::*;\nfn main() { ${READ} }`),
      'Result<(), Box<dyn std::error::Error>>',
    );
    assert.equal(
      await mainSignature(`enum Kind { Result, Box }\nuse Kind::*;\nfn main() { ${READ} }`),
      'std::result::Result<(), std::boxed::Box<dyn std::error::Error>>',
    );
  });

  it("only the `use`s main sees count: not a test module's `use super::*`", async () => {
    const tests = `#[cfg(test)]\nmod tests {\n    use super::*;\n    #[test]\n    fn t() { main() }\n}`;
    assert.equal(
      await mainSignature(`fn main() { ${READ} }\n${tests.replace('main()', 'assert!(true)')}`),
      'Result<(), Box<dyn std::error::Error>>',
    );
    assert.equal(await mainSignature(`fn main() { use some_crate::*; ${READ} }`), null);
  });

  it("std's globs bring their own `Result`, never another `Ok`", async () => {
    assert.equal(
      await mainSignature(`use std::io::*;\nfn main() { ${READ} }`),
      'std::result::Result<(), Box<dyn std::error::Error>>',
    );
    assert.equal(
      await mainSignature(`use std::result::Result;\nfn main() { ${READ} }`),
      'Result<(), Box<dyn std::error::Error>>',
    );
  });
});

describe('a name passed to a macro that may bind it is unknown after the call', () => {
  it('a file macro with `let $x`', async () => {
    const text = `fn probe<T>(_: T) {}
macro_rules! num { ($v:ident) => { let $v: u8 = 1; }; }
fn f() { let x: Option<u8> = None; num!(x); probe(x); }`;
    assert.equal(await typeAtProbe(text), '_');
  });

  it('a macro whose body cannot be read, in an inner block', async () => {
    const text = `fn probe<T>(_: T) {}
fn f() { let x: Option<u8> = None; if true { other::rebind!(x); probe(x); } }`;
    assert.equal(await typeAtProbe(text), '_');
  });

  it('not after a later `let`, nor when the name is not passed, nor for std macros', async () => {
    const text = (body: string) => `fn probe<T>(_: T) {}
macro_rules! num { ($v:ident) => { let $v: u8 = 1; }; }
fn f() { ${body} probe(x); }`;
    assert.equal(await typeAtProbe(text('let x: u16 = 1; num!(x); let x: Option<u8> = None;')), 'Option<u8>');
    assert.equal(await typeAtProbe(text('let y = 1; let x: Option<u8> = None; num!(y);')), 'Option<u8>');
    assert.equal(await typeAtProbe(text('let x: Option<u8> = None; println!("{:?}", x);')), 'Option<u8>');
  });
});

describe("an Option fn's `?` is a suggestion where its `None` already means something", () => {
  const FIRST = `fn first(s: &str) -> Option<char> {
    let w = s.find(',').unwrap();
    Some(w.chars().next()?)
}`;
  const PLAIN = `fn first(s: &str) -> Option<char> {
    let w = s.find(',').unwrap();
    Some('x').filter(|_| w > 0)
}`;

  it("the Rust Book's plain case stays safe", async () => {
    const text = `fn last_char_of_first_line(text: &str) -> Option<char> {
    text.lines().next().unwrap().chars().last()
}
fn main() { println!("{:?}", last_char_of_first_line("a")); }`;
    assert.deepEqual(await questionFixes(text), ['2: safe']);
  });

  it('the fn returns `None` itself: a literal or an arm; an earlier `?` says nothing', async () => {
    assert.deepEqual(await questionFixes(`${FIRST}\nfn main() { let _c = first("a"); }`), ['2: safe']);
    const arm = PLAIN.replace("Some('x')", "match s.len() { 0 => None, _ => Some('x') }");
    assert.deepEqual(await questionFixes(`${arm}\nfn main() { let _c = first("a"); }`), ['2: suggestion']);
    assert.deepEqual(await questionFixes(`${PLAIN}\nfn main() { let _c = first("a"); }`), ['2: safe']);
  });

  it('a `None` passed on from a value that was `None` (as `?` would) gives it no meaning', async () => {
    const main = '\nfn main() { let _c = first("a"); }';
    const fn = (body: string) =>
      `fn first(s: &str) -> Option<char> {\n    ${body}\n    let w = s.find(',').unwrap();\n    Some('x').filter(|_| w > 0)\n}`;
    // The question-mark rule's fix turns the first two into `?`: the answer must not change.
    assert.deepEqual(
      await questionFixes(fn('let c = match s.chars().next() { Some(c) => c, None => return None };') + main),
      ['3: safe'],
    );
    assert.deepEqual(await questionFixes(fn('let Some(c) = s.chars().next() else { return None };') + main), [
      '3: safe',
    ]);
    assert.deepEqual(
      await questionFixes(fn('let _d = match s.chars().next() { Some(c) => Some(c), None => None };') + main),
      ['3: safe'],
    );
    // A `None` of its own ("empty input") still means something.
    assert.deepEqual(await questionFixes(fn('if s.is_empty() { return None; }') + main), ['3: suggestion']);
  });

  it('the fn is passed as a value (or called as the whole body of a closure), not when a local of its name is', async () => {
    const uses = (body: string) => `${PLAIN}\nfn main() { ${body} }`;
    assert.deepEqual(
      await questionFixes(
        uses('let v: Vec<char> = ["a"].iter().filter_map(|s| first(s)).collect(); let _ = v;'),
      ),
      // A closure that only calls it returns its `None`: the same as passing the fn itself.
      ['2: suggestion'],
    );
    assert.deepEqual(
      await questionFixes(
        uses('let v: Vec<char> = ["a"].into_iter().filter_map(first).collect(); let _ = v;'),
      ),
      ['2: suggestion'],
    );
    assert.deepEqual(await questionFixes(uses('let first = |s: &str| s.len(); let _n = [""].map(first);')), [
      '2: safe',
    ]);
    assert.deepEqual(await questionFixes(uses('let _ = first;')), ['2: safe']);
    assert.deepEqual(await questionFixes(uses('let first = first("a"); println!("{:?}", first);')), [
      '2: safe',
    ]);
    assert.deepEqual(await questionFixes(uses('println!("{:?}", [first].len());')), ['2: suggestion']);
  });

  it('a caller loops `while let Some(..)` on it: `None` ends the loop', async () => {
    const loop = `${PLAIN}\nfn main() { let mut n = 0; while let Some(c) = first("a,b") { n += c.len_utf8(); if n > 3 { break; } } }`;
    assert.deepEqual(await questionFixes(loop), ['2: suggestion']);
    const spelled = `${PLAIN}\nfn main() { loop { match first("a,b") { Some(c) => println!("{c}"), None => break } } }`;
    assert.deepEqual(await questionFixes(spelled), ['2: suggestion']);
    const once = `${PLAIN}\nfn main() { if let Some(c) = first("a,b") { println!("{c}"); } }`;
    assert.deepEqual(await questionFixes(once), ['2: safe']);
  });

  it('a call discards its result: a statement of its own, or `let _ =`', async () => {
    const uses = (body: string) =>
      `struct B;\nimpl B {\n${PLAIN.replace('(s: &str)', '(&self, s: &str)')}\n}\nfn main() { let b = B; ${body} }`;
    assert.deepEqual(await questionFixes(uses('b.first("a");')), ['4: suggestion']);
    assert.deepEqual(await questionFixes(uses('let _ = b.first("a");')), ['4: suggestion']);
    assert.deepEqual(await questionFixes(uses('let c = b.first("a"); println!("{c:?}");')), ['4: safe']);
  });

  it('another file of the crate passes the fn as a value, discards its result, or loops on it', async () => {
    const parse = PLAIN.replace('fn first', 'pub fn first');
    const main = (body: string) => `mod parse;\nfn main() { ${body} }\n`;
    assert.deepEqual(
      await questionFixesInCrate(parse, main('let c = parse::first("a"); println!("{c:?}");')),
      ['2: safe'],
    );
    assert.deepEqual(
      await questionFixesInCrate(
        parse,
        main('let v: Vec<char> = ["a"].into_iter().filter_map(parse::first).collect();'),
      ),
      ['2: suggestion'],
    );
    assert.deepEqual(await questionFixesInCrate(parse, main('parse::first("a");')), ['2: suggestion']);
    // Through a rename, or as a closure's whole body, in the other file.
    assert.deepEqual(
      await questionFixesInCrate(
        parse,
        `mod parse;\nuse parse::first as initial;\nfn main() { let v: Vec<char> = ["a"].into_iter().filter_map(initial).collect(); }`,
      ),
      ['2: suggestion'],
    );
    assert.deepEqual(
      await questionFixesInCrate(
        parse,
        main('let v: Vec<char> = ["a"].into_iter().filter_map(|s| parse::first(s)).collect();'),
      ),
      ['2: suggestion'],
    );
    assert.deepEqual(
      await questionFixesInCrate(parse, main('while let Some(c) = parse::first("a") { println!("{c}"); }')),
      ['2: suggestion'],
    );
  });
});
