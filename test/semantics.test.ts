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
    assert.equal(await typeAtProbe(`${use}\nfn f() { let slurp = |_: &str| 1u8; probe(slurp("a")); }`), '_');
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
