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
    assert.equal(typeText(parseType('::std::io::Result<String>')), 'std::io::Result<String>');
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
    // No turbofish: the callee's generics stay unknown, the shape it returns is known.
    assert.equal(await typeAtProbe(`${decl}fn f(s: &str) { probe(two(1, 2)); }`), 'Option<(_, _)>');
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

describe('names are scoped by modules and blocks', () => {
  const probe = 'fn probe<T>(_: T) {}';

  it('a `use` inside a module or a fn body applies there only', async () => {
    const storage = `mod storage {
    use std::io::Result;
    pub fn save() -> Result<()> { Ok(()) }
}
${probe}
fn load() -> Result<String, String> { Ok(String::new()) }`;
    assert.equal(await typeAtProbe(`${storage}\nfn f() { probe(load()); }`), 'Result<String, String>');
    assert.equal(
      await typeAtProbe(`${storage}\nfn f() { probe(storage::save()); }`),
      'Result<(), std::io::Error>',
    );
    const block = `${probe}
fn f() { use std::fmt::Result; let r: Result = Ok(()); probe(r); }`;
    assert.equal(await typeAtProbe(block), 'Result<(), std::fmt::Error>');
    assert.equal(
      await typeAtProbe(`${block}\nfn g() { let r: Result<u8, String> = Ok(1); probe(r); }`),
      'Result<u8, String>',
    );
  });

  it("a module's items are not in scope in another module without a `use`", async () => {
    const file = `use std::error::Error;
type Result<T> = std::result::Result<T, Box<dyn Error>>;
${probe}
mod parser {
    pub fn point() -> Result<u8, std::num::ParseIntError> { Ok(1) }
}
mod glob {
    use super::*;
    pub fn point() -> Result<u8> { Ok(1) }
}`;
    assert.equal(
      await typeAtProbe(`${file}\nfn f() { probe(parser::point()); }`),
      'Result<u8, std::num::ParseIntError>',
    );
    assert.equal(
      await typeAtProbe(`${file}\nfn f() { probe(glob::point()); }`),
      'Result<u8, Box<dyn std::error::Error>>',
    );
  });

  it('items reached through `use module::Item`, `use crate::…` and `as` renames', async () => {
    const errors = `mod errors {
    pub enum AppError { Io }
    pub fn read() -> Result<u8, AppError> { Ok(1) }
}
${probe}`;
    for (const use of [
      'use errors::AppError;',
      'use crate::errors::AppError;',
      'use self::errors::AppError;',
    ])
      assert.equal(
        await typeAtProbe(`${errors}\n${use}\nfn f() { let e: Result<u8, AppError> = Ok(1); probe(e); }`),
        'Result<u8, crate::AppError>',
      );
    assert.equal(
      await typeAtProbe(`${errors}\nuse errors::{AppError as Failure, read as fetch};
fn f() { let e: Result<u8, Failure> = fetch(); probe(fetch()); }`),
      'Result<u8, crate::AppError>',
    );
    // Not imported: the name means nothing at the top level.
    assert.equal(
      await typeAtProbe(`${errors}\nfn f() { let e: Result<u8, AppError> = Ok(1); probe(e); }`),
      'Result<u8, _>',
    );
  });

  it('a std fn imported under another name is that fn; a local binding of the name hides it', async () => {
    const use = `use std::fs::read_to_string as slurp;\n${probe}`;
    assert.equal(
      await typeAtProbe(`${use}\nfn f() { probe(slurp("a")); }`),
      'Result<String, std::io::Error>',
    );
    // The local closure hides the import: its own result, not the fn's.
    assert.equal(await typeAtProbe(`${use}\nfn f() { let slurp = |_: &str| 1u8; probe(slurp("a")); }`), 'u8');
    // Imported in another module only: not this one's.
    assert.equal(
      await typeAtProbe(
        `mod io { use std::fs::read_to_string; }\n${probe}\nfn f() { probe(read_to_string("a")); }`,
      ),
      '_',
    );
  });

  it("a fn through a module's re-export; not one of another module of the same name", async () => {
    const a = `mod a { pub fn load() -> Option<u8> { None } }\n${probe}`;
    assert.equal(
      await typeAtProbe(`${a}\nmod b { pub use crate::a::load; }\nuse b::load;\nfn f() { probe(load()); }`),
      'Option<u8>',
    );
    // `b` is another file, not indexed here: its `load` is not `a`'s.
    assert.equal(await typeAtProbe(`${a}\nmod b;\nuse b::load;\nfn f() { probe(load()); }`), '_');
  });

  it('a module path call is followed through the use of the module it names', async () => {
    const file = `mod a { pub fn load() -> Option<u8> { None } }
mod b { pub fn load() -> Result<u8, std::num::ParseIntError> { "1".parse() } }
use b::load;
mod c {
    fn probe<T>(_: T) {}
    pub fn run() { probe(super::load()); }
}`;
    assert.equal(await typeAtProbe(file), 'Result<u8, std::num::ParseIntError>');
  });

  it("an enum's glob brings its variants, not a `Result`", async () => {
    assert.equal(
      await typeAtProbe(`enum Dir { Up }\nuse Dir::*;\n${probe}
fn load() -> Result<u8, String> { Ok(1) }\nfn f() { probe(load()); }`),
      'Result<u8, String>',
    );
  });

  it("a glob brings its module's `Result`: std's io one, and another crate's may", async () => {
    const load = `${probe}\nfn load() -> Result<u8> { todo!() }\nfn f() { probe(load()); }`;
    assert.equal(await typeAtProbe(`use std::io::*;\n${load}`), 'Result<u8, std::io::Error>');
    assert.equal(await typeAtProbe(`use std::collections::*;\n${load}`), 'Result<u8>');
    assert.equal(await typeAtProbe(`use rayon::prelude::*;\n${load}`), '_');
  });

  it("the package's own library by its name, from src/main.rs", async () => {
    const parser = await testParser();
    const store = indexText(parser, 'pub fn load() -> std::io::Result<String> { todo!() }', 'src/store.rs');
    const lib = indexText(parser, 'pub mod store;', 'src/lib.rs');
    const text = `use my_app::store::load;\n${probe}\nfn f() { probe(load()); }`;
    assert.equal(
      await typeAtProbe(text, new CrateIndex([store, lib], 'my-app')),
      'Result<String, std::io::Error>',
    );
    // Another crate of that name is not this one.
    assert.equal(await typeAtProbe(text, new CrateIndex([store, lib], 'other')), '_');
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

describe('generic names belong to their item', () => {
  it("a callee's generics are not the caller's", async () => {
    const t = await typeAtProbe(`use std::str::FromStr;
fn row<T: FromStr>(s: &str) -> Result<Vec<T>, T::Err> { todo!() }
fn probe<X>(_: X) {}
fn grid<T: FromStr>(s: &str) -> Result<(), T::Err> { probe(row(s)); Ok(()) }`);
    assert.equal(t, 'Result<Vec<_>, _>');
  });

  it("an imported enum's variant is not the struct of the same name", async () => {
    const parser = await testParser();
    const index = new CrateIndex([
      indexText(
        parser,
        'pub enum Shape { Circle { r: f64 } }\npub struct Circle { pub r: u32 }',
        'src/shapes.rs',
      ),
    ]);
    const probe = 'mod shapes;\nfn probe<X>(_: X) {}\n';
    const t = (text: string) => typeAtProbe(`${probe}${text}`, index);
    assert.equal(await t('use crate::shapes::Shape;\nfn f(c: Shape::Circle) { probe(c); }'), '_');
    // (`use crate::shapes;` beside `mod shapes;` would name the module twice.)
    assert.equal(await t('fn f(c: crate::shapes::Circle) { probe(c); }'), 'crate::Circle');
    assert.equal(await t('use crate::shapes::Circle;\nfn f(c: Circle) { probe(c); }'), 'crate::Circle');
  });

  it("a turbofish binds the callee's parameters, and T::Err of a FromStr bound", async () => {
    const probe = 'fn probe<X>(_: X) {}\n';
    assert.equal(
      await typeAtProbe(`use std::str::FromStr;
fn row<T>(s: &str) -> Result<Vec<T>, T::Err> where T: FromStr { todo!() }
${probe}fn f() { probe(row::<u8>("1")); }`),
      'Result<Vec<u8>, std::num::ParseIntError>',
    );
    // `Err` of another trait is not FromStr's.
    assert.equal(
      await typeAtProbe(`trait Parse { type Err; }
fn row<T: Parse>(s: &str) -> Result<Vec<T>, T::Err> { todo!() }
${probe}fn f() { probe(row::<u8>("1")); }`),
      'Result<Vec<u8>, _>',
    );
  });

  it("a generic struct's field takes the value's arguments; a variant is not a struct", async () => {
    const stack = 'struct Stack<T> { items: Vec<T> }\nfn probe<X>(_: X) {}\n';
    assert.equal(await typeAtProbe(`${stack}fn f(s: Stack<u8>) { probe(s.items); }`), 'Vec<u8>');
    assert.equal(
      await typeAtProbe(`${stack}impl<U> Stack<U> { fn f(&self) { probe(self.items.pop()); } }`),
      'Option<U>',
    );
    assert.equal(
      await typeAtProbe(`struct Circle { r: u32 }\nenum Shape { Circle { r: f64 } }
fn probe<X>(_: X) {}\nfn f() { let c: Shape::Circle = todo!(); probe(c); }`),
      '_',
    );
  });

  it("a receiver known by a std trait bound has the trait's methods", async () => {
    const probe = 'fn probe<X>(_: X) {}\n';
    assert.equal(
      await typeAtProbe(`${probe}fn f<R>(r: R) where R: std::io::Read { probe(r.read(&mut [])); }`),
      'Result<usize, std::io::Error>',
    );
    assert.equal(
      await typeAtProbe(`use std::io::BufRead;\n${probe}fn f(r: impl BufRead) { probe(r.lines()); }`),
      'Iterator<Result<String, std::io::Error>>',
    );
    assert.equal(
      await typeAtProbe(`trait Read { fn read(&mut self, b: &mut [u8]) -> Option<u8>; }
${probe}fn f<R: Read>(r: R) { probe(r.read(&mut [])); }`),
      '_',
    );
  });

  it("std's TryFrom errors: arithmetic arguments, char, slices into arrays", async () => {
    const probe = 'fn probe<X>(_: X) {}\n';
    const at = (body: string) => typeAtProbe(`${probe}fn f(n: usize, b: &[u8], c: char) { ${body} }`);
    assert.equal(await at('probe(u16::try_from(n * 1000));'), 'Result<u16, std::num::TryFromIntError>');
    assert.equal(
      await at('probe(char::try_from(b[0] as u32));'),
      'Result<char, std::char::CharTryFromError>',
    );
    assert.equal(await at('probe(u8::try_from(c));'), 'Result<u8, std::char::TryFromCharError>');
    assert.equal(await at('probe(&b[1..]);'), '&[u8]');
    // A float literal is not an integer: `n * 2.0` does not type-check, and is not typed here.
    assert.equal(await at('probe(u16::try_from(n * 2.0));'), 'Result<u16, _>');
  });

  it('an alias takes its default arguments', async () => {
    const t = await typeAtProbe(`type Res<T, E = std::num::ParseIntError> = std::result::Result<T, E>;
type Short<T> = Res<T>;
fn load() -> Short<u8> { todo!() }
fn probe<X>(_: X) {}
fn f() { probe(load()); }`);
    assert.equal(t, 'Result<u8, std::num::ParseIntError>');
  });
});

describe('errorConverts: lifetimes and Send + Sync', () => {
  const viewOf = async (text: string) => {
    const own = indexText(await testParser(), text, 'src/lib.rs');
    return new CrateIndex([own]).viewFrom(own);
  };
  const t = (s: string) => parseType(s);

  it("a declared &'static str converts like a literal; a borrowed &str does not", async () => {
    const view = await viewOf('');
    assert.equal(errorConverts(t("&'static str"), t("&'static str"), view), true);
    assert.equal(errorConverts(t("&'static str"), t('String'), view), true);
    assert.equal(errorConverts(t('&str'), t("&'static str"), view), false);
    assert.equal(errorConverts(t("&'a str"), t("&'static str"), view), false);
  });

  it('a crate error goes into a Send + Sync box only when every field is Send + Sync', async () => {
    const view = await viewOf(`use std::rc::Rc;
pub struct Plain { key: String, at: Option<usize> }
pub enum Either { A(Plain), B { n: std::num::ParseIntError }, C }
pub struct Shared(Rc<String>);
pub struct Opaque(Handle);
impl std::error::Error for Plain {}
impl std::error::Error for Either {}
impl std::error::Error for Shared {}
impl std::error::Error for Opaque {}`);
    const boxed = t('Box<dyn std::error::Error + Send + Sync>');
    assert.equal(errorConverts(t('crate::Plain'), boxed, view), true);
    assert.equal(errorConverts(t('crate::Either'), boxed, view), true);
    assert.equal(errorConverts(t('crate::Shared'), boxed, view), false);
    assert.equal(errorConverts(t('crate::Opaque'), boxed, view), false);
    assert.equal(errorConverts(t('crate::Shared'), t('Box<dyn std::error::Error>'), view), true);
  });
});

describe('cfg-gated modules', () => {
  const FROM_IMPL = `use crate::errors::ConvError;
impl From<std::num::ParseFloatError> for ConvError {
    fn from(e: std::num::ParseFloatError) -> Self { ConvError::Number(e.to_string()) }
}`;
  const converts = async (main: string, implPath: string, extra: Array<[string, string]> = []) => {
    const parser = await testParser();
    const own = indexText(parser, main, 'src/main.rs');
    const files = [
      own,
      indexText(parser, 'pub enum ConvError { Number(String) }', 'src/errors.rs'),
      indexText(parser, FROM_IMPL, implPath),
      ...extra.map(([text, path]) => indexText(parser, text, path)),
    ];
    const view = new CrateIndex(files).viewFrom(own);
    return errorConverts(parseType('std::num::ParseFloatError'), parseType('crate::ConvError'), view);
  };

  it('trusts an impl in a module that is always compiled', async () => {
    assert.equal(await converts('mod errors;\nmod json;\n', 'src/json.rs'), true);
  });

  it('does not trust an impl in a module behind a cfg, or in one nested under it', async () => {
    assert.equal(await converts('mod errors;\n#[cfg(feature = "json")]\nmod json;\n', 'src/json.rs'), false);
    assert.equal(await converts('mod errors;\n#[cfg(test)]\nmod json;\n', 'src/json/mod.rs'), false);
    assert.equal(
      await converts('mod errors;\n#[cfg(unix)]\nmod fmt { mod json; }\n', 'src/fmt/json.rs'),
      false,
    );
    assert.equal(
      await converts('mod errors;\nmod fmt;\n', 'src/fmt/json.rs', [
        ['#[cfg(feature = "json")]\nmod json;\n', 'src/fmt.rs'],
      ]),
      false,
    );
  });

  it('does not trust a file that gates itself with #![cfg(..)]', async () => {
    const parser = await testParser();
    const own = indexText(parser, 'mod errors;\nmod json;\n', 'src/main.rs');
    const gated = indexText(parser, `#![cfg(feature = "json")]\n${FROM_IMPL}`, 'src/json.rs');
    const errors = indexText(parser, 'pub enum ConvError { Number(String) }', 'src/errors.rs');
    const view = new CrateIndex([own, errors, gated]).viewFrom(own);
    assert.equal(
      errorConverts(parseType('std::num::ParseFloatError'), parseType('crate::ConvError'), view),
      false,
    );
  });
});
