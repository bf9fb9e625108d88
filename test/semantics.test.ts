import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Node } from 'web-tree-sitter';
import { CrateIndex, indexText, ParsedFile } from '../src/engine';
import { FileContext } from '../src/engine/context';
import { associatedTypes } from '../src/engine/semantics/fileItems';
import { errorConverts } from '../src/engine/semantics/conversions';
import { parseType, typeText } from '../src/engine/semantics/rustType';
import { testParser } from './support/engine';

/** The type the semantic model gives the expression `probe` (the last one in the file). */
async function typeAtProbe(text: string, crate?: CrateIndex): Promise<string> {
  const file = new ParsedFile(await testParser(), text, '/crate/src/main.rs');
  const ctx = new FileContext(file, undefined, crate);
  try {
    const probes = file.tree.rootNode
      .descendantsOfType('identifier')
      .filter((n): n is Node => n?.text === 'probe');
    const call = probes.at(-1)?.parent;
    const arg = call?.childForFieldName('arguments')?.namedChildren[0];
    assert.ok(arg, 'the text calls probe(expr)');
    return typeText(ctx.semantics.typeOf(arg));
  } finally {
    ctx.dispose();
    file.dispose();
  }
}

describe('semantic model: types from declarations, not names', () => {
  it('parses types into structure', () => {
    assert.equal(
      typeText(parseType('Result < Vec<(u8, &str)>, Box<dyn Error + Send + Sync> >')),
      'Result<Vec<(u8, &str)>, Box<dyn Error + Send + Sync>>',
    );
    assert.equal(typeText(parseType('<T as FromStr>::Err')), 'T::Err');
    assert.equal(typeText(parseType('impl Iterator<Item = u8>')), 'Iterator<u8>');
    assert.equal(parseType('impl std::fmt::Display').kind, 'unknown');
  });

  it('a shadowing let in an inner block is not visible after it', async () => {
    const t = await typeAtProbe(`fn probe<T>(_: T) {}
fn f() { let x: Option<u8> = None; { let x: Result<u8, String> = Ok(1); } probe(x); }`);
    assert.equal(t, 'Option<u8>');
  });

  it('the nearest earlier let wins, and a closure parameter shadows', async () => {
    assert.equal(
      await typeAtProbe(`fn probe<T>(_: T) {}
fn f() { let x: u8 = 1; let x: Option<u8> = Some(x); probe(x); }`),
      'Option<u8>',
    );
    assert.equal(
      await typeAtProbe(`fn probe<T>(_: T) {}
fn f() { let x: u8 = 1; let c = |x: String| probe(x); }`),
      'String',
    );
  });

  it('patterns bind the payload types', async () => {
    assert.equal(
      await typeAtProbe(`fn probe<T>(_: T) {}
fn f(r: Result<Option<u32>, String>) { if let Ok(Some(v)) = r { probe(v); } }`),
      'u32',
    );
    assert.equal(
      await typeAtProbe(`fn probe<T>(_: T) {}
fn f(r: &Option<String>) { match r { Some(v) => probe(v), None => {} } }`),
      '&String',
    );
  });

  it('aliases and associated types resolve where they were written', async () => {
    assert.equal(
      await typeAtProbe(`use std::error::Error;
type Result<T> = std::result::Result<T, Box<dyn Error>>;
fn probe<T>(_: T) {}
fn load() -> Result<u8> { Ok(1) }
fn f() { probe(load()); }`),
      'Result<u8, Box<dyn std::error::Error>>',
    );
    assert.equal(
      await typeAtProbe(`use std::io;
fn probe<T>(_: T) {}
fn load() -> io::Result<u8> { Ok(1) }
fn f() { probe(load()); }`),
      'Result<u8, std::io::Error>',
    );
  });

  it('a method is resolved on its receiver type, not its name', async () => {
    const crate = `struct Meter; impl Meter { fn send(&self) -> Option<u8> { None } }
fn probe<T>(_: T) {}`;
    assert.equal(await typeAtProbe(`${crate}\nfn f(m: Meter) { probe(m.send()); }`), 'Option<u8>');
    // The same name on an unknown receiver stays unknown.
    assert.equal(await typeAtProbe(`${crate}\nfn f<S>(m: S) { probe(m.send()); }`), '_');
  });

  it('a struct literal is the crate struct, unless a block around it declares its own', async () => {
    const decl = `fn probe<T>(_: T) {}
struct Meter { v: u8 }
`;
    assert.equal(await typeAtProbe(`${decl}fn f() { let m = Meter { v: 1 }; probe(m); }`), 'crate::Meter');
    assert.equal(
      await typeAtProbe(`${decl}fn f() { struct Meter { w: u8 } let m = Meter { w: 1 }; probe(m); }`),
      '_',
    );
  });

  it('a range index is a str or a slice', async () => {
    const fn = 'fn probe<T>(_: T) {}\n';
    assert.equal(await typeAtProbe(`${fn}fn f(s: &str) { probe(&s[1..3]); }`), '&str');
    assert.equal(await typeAtProbe(`${fn}fn f(v: Vec<u16>) { probe(&v[1..]); }`), '&[u16]');
    assert.equal(await typeAtProbe(`${fn}fn f(v: Vec<u16>) { for x in &v[1..] { probe(x); } }`), '&u16');
  });

  it("a std adapter's untyped closure parameter is the receiver's item or error", async () => {
    const fn = 'fn probe<T>(_: T) {}\n';
    assert.equal(await typeAtProbe(`${fn}fn f(s: &str) { s.lines().map(|l| probe(l)); }`), '&str');
    assert.equal(await typeAtProbe(`${fn}fn f(v: Vec<u8>) { v.iter().filter(|x| probe(x)); }`), '&&u8');
    assert.equal(
      await typeAtProbe(`${fn}fn f(r: Result<u8, std::num::ParseIntError>) { r.map_err(|e| probe(e)); }`),
      'std::num::ParseIntError',
    );
    // A crate trait declaring `map` may be the one called.
    assert.equal(
      await typeAtProbe(`${fn}trait M { fn map(&self); }\nfn f(s: &str) { s.lines().map(|l| probe(l)); }`),
      '_',
    );
  });

  it('collect takes a written Result type, its error left to inference from the items', async () => {
    const fn = 'fn probe<T>(_: T) {}\n';
    assert.equal(
      await typeAtProbe(
        `${fn}fn f(s: &str) { let v: Result<Vec<_>, _> = s.split(',').map(|x| x.parse::<u8>()).collect(); probe(v); }`,
      ),
      'Result<Vec<_>, std::num::ParseIntError>',
    );
    assert.equal(
      await typeAtProbe(
        `${fn}fn f(s: &str) { probe(s.chars().map(|c| c.to_digit(10)).collect::<Option<Vec<u32>>>()); }`,
      ),
      'Option<Vec<u32>>',
    );
  });

  it('map_err and ok_or take the error they are given', async () => {
    const fn = `fn probe<T>(_: T) {}
enum AppError { Parse(std::num::ParseIntError), Empty }
`;
    assert.equal(
      await typeAtProbe(`${fn}fn f(s: &str) { probe(s.parse::<u8>().map_err(|e| e.to_string())); }`),
      'Result<u8, String>',
    );
    assert.equal(
      await typeAtProbe(`${fn}fn f(s: &str) { probe(s.parse::<u8>().map_err(AppError::Parse)); }`),
      'Result<u8, crate::AppError>',
    );
    // A unit variant is no fn.
    assert.equal(
      await typeAtProbe(`${fn}fn f(s: &str) { probe(s.parse::<u8>().map_err(AppError::Empty)); }`),
      'Result<u8, _>',
    );
    assert.equal(
      await typeAtProbe(`${fn}fn f(o: Option<u8>) { probe(o.ok_or_else(|| String::from("none"))); }`),
      'Result<u8, String>',
    );
    assert.equal(
      await typeAtProbe(`${fn}fn f(s: &str) { probe(s.parse::<u8>().map_err(|_| AppError::Empty)); }`),
      'Result<u8, crate::AppError>',
    );
  });

  it('a call of a local closure has the type of its body', async () => {
    assert.equal(
      await typeAtProbe(`fn probe<T>(_: T) {}
fn f(s: &str) { let p = |t: &str| t.parse::<i64>(); probe(p(s)); }`),
      'Result<i64, std::num::ParseIntError>',
    );
  });

  it("a generic crate fn's turbofish binds its generics; a generic it leaves is unknown", async () => {
    const decl = `fn probe<T>(_: T) {}
fn pair<T: std::str::FromStr>(s: &str) -> Result<(T, T), T::Err> { todo!() }
fn two<A, B>(a: A, b: B) -> Option<(A, B)> { None }
`;
    assert.equal(
      await typeAtProbe(`${decl}fn f(s: &str) { probe(pair::<u8>(s)); }`),
      'Result<(u8, u8), std::num::ParseIntError>',
    );
    // The caller's own `T` is another type.
    assert.equal(
      await typeAtProbe(`${decl}fn f<T>(s: &str) { probe(pair::<u8>(s)); }`),
      'Result<(u8, u8), std::num::ParseIntError>',
    );
    assert.equal(await typeAtProbe(`${decl}fn f(s: &str) { probe(two::<u8>(1, 2)); }`), '_');
  });

  it("a fn declared in the caller's body returns its written type, unless it names a local type", async () => {
    const fn = 'fn probe<T>(_: T) {}\nstruct Cell;\n';
    assert.equal(
      await typeAtProbe(`${fn}fn f() { fn g() -> Option<u8> { None } probe(g()); }`),
      'Option<u8>',
    );
    assert.equal(
      await typeAtProbe(`${fn}fn f() { struct Cell(u8); fn g() -> Option<Cell> { None } probe(g()); }`),
      '_',
    );
  });

  it('a map filled by insert, a fold accumulator and a spawned closure have their types', async () => {
    const fn = 'use std::collections::HashMap;\nfn probe<T>(_: T) {}\n';
    assert.equal(
      await typeAtProbe(
        `${fn}fn f() { let mut m = HashMap::new(); m.insert(1u8, String::new()); probe(m); }`,
      ),
      'std::collections::HashMap<u8, String>',
    );
    assert.equal(
      await typeAtProbe(
        `${fn}fn f(v: Vec<u8>) { probe(v.iter().fold(None, |a: Option<u8>, x| a.or(Some(*x)))); }`,
      ),
      'Option<u8>',
    );
    assert.equal(
      await typeAtProbe(`${fn}fn f() { probe(std::thread::spawn(|| "1".parse::<u8>()).join()); }`),
      'Result<Result<u8, std::num::ParseIntError>, Box<dyn std::any::Any + Send>>',
    );
  });

  it('types from other files of the crate come from the crate index', async () => {
    const parser = await testParser();
    const index = new CrateIndex([
      indexText(
        parser,
        'pub enum AppError { Io } pub fn load() -> Result<u8, AppError> { Ok(1) }',
        '/crate/src/error.rs',
      ),
    ]);
    const t = await typeAtProbe(
      `use crate::error::{load, AppError};
mod error;
fn probe<T>(_: T) {}
fn f() { probe(load()); }`,
      index,
    );
    assert.equal(t, 'Result<u8, crate::AppError>');
  });
});

describe('errorConverts', () => {
  it('takes std errors into a boxed error and the crate From impls, nothing else', async () => {
    const parser = await testParser();
    const own = indexText(
      parser,
      `use std::num::ParseIntError;
pub enum AppError { Parse(ParseIntError) }
impl From<ParseIntError> for AppError { fn from(e: ParseIntError) -> Self { AppError::Parse(e) } }`,
      '/c/src/lib.rs',
    );
    const view = new CrateIndex([own]).viewFrom(own);
    const t = (s: string) => parseType(s);
    assert.equal(errorConverts(t('std::num::ParseIntError'), t('Box<dyn std::error::Error>'), view), true);
    assert.equal(errorConverts(t('std::num::ParseIntError'), t('crate::AppError'), view), true);
    assert.equal(errorConverts(t('std::io::Error'), t('crate::AppError'), view), false);
    assert.equal(errorConverts(t('()'), t('Box<dyn std::error::Error>'), view), false);
    assert.equal(errorConverts(t('&str'), t('String'), view), true);
    assert.equal(
      errorConverts(t('std::sync::PoisonError<u8>'), t('Box<dyn std::error::Error>'), view),
      false,
    );
    assert.equal(errorConverts(t('_'), t('Box<dyn std::error::Error>'), view), false);
  });
});

describe('associatedTypes', () => {
  const implOf = async (text: string) => {
    const file = new ParsedFile(await testParser(), text, 'src/lib.rs');
    const impl = file.tree.rootNode.descendantsOfType('impl_item')[0];
    assert.ok(impl);
    return { impl, dispose: () => file.dispose() };
  };

  for (const [shape, text] of [
    [
      'on its own line',
      'impl FromStr for P {\n    type Err = ParseIntError;\n    fn from_str(s: &str) -> Result<Self, Self::Err> { todo!() }\n}\n',
    ],
    [
      'on the impl line',
      'impl FromStr for P { type Err = (); fn from_str(s: &str) -> Result<Self, ()> { todo!() } }\n',
    ],
    [
      'after an attribute',
      'impl Iterator for P {\n    #[doc(hidden)] type Item = u8;\n    fn next(&mut self) -> Option<u8> { None }\n}\n',
    ],
    ['after an item on the same line', 'impl Tr for P { fn f() {} type Out = u16; }\n'],
  ] as const) {
    it(`reads an associated type ${shape}`, async () => {
      const { impl, dispose } = await implOf(text);
      try {
        const [name, type] = /type (\w+) = ([^;]+);/.exec(text)?.slice(1) ?? [];
        assert.deepEqual(associatedTypes(impl), { [name ?? '']: type });
      } finally {
        dispose();
      }
    });
  }

  it('finds none where `type` appears only in comments and bodies', async () => {
    const { impl, dispose } = await implOf(
      'impl P {\n    /// the type of it\n    fn f(&self) -> u8 { let type_ = 1; type_ }\n}\n',
    );
    try {
      assert.deepEqual(associatedTypes(impl), {});
    } finally {
      dispose();
    }
  });
});

describe('CrateIndex.removeUnder', () => {
  it('drops the files under a folder, and only those (not a sibling whose name starts the same)', async () => {
    const parser = await testParser();
    const index = new CrateIndex(
      ['src/net/a.rs', 'src/net/deep/b.rs', 'src/network.rs', 'src/lib.rs'].map((p) =>
        indexText(parser, `pub fn f_${p.replace(/\W/g, '_')}() {}\n`, p),
      ),
    );
    index.removeUnder('src/net');
    assert.equal(index.size, 2);
    assert.deepEqual(
      index.items().map((f) => f.path),
      ['src/network.rs', 'src/lib.rs'],
    );
  });
});
