import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import { indexText, indexTextSteps } from '../src/engine';
import type { ChunkLimits } from '../src/engine/chunks';
import type { FileItems } from '../src/engine/semantics/fileItems';
import { testParser } from './support/engine';
import { rustSrcFiles } from './support/reliability';

const SMALL: ChunkLimits = { fileChars: 0, chunkChars: 200 };

function drain(steps: Generator<void, FileItems, void>): { items: FileItems; steps: number } {
  let count = 0;
  for (;;) {
    const step = steps.next();
    if (step.done) return { items: step.value, steps: count };
    count++;
  }
}

/** Order-independent: chunks yield items in file order, as a whole parse does, but say so loosely. */
function normalized(items: FileItems): unknown {
  const sort = <T>(xs: T[]) => xs.map((x) => JSON.stringify(x)).sort();
  return {
    path: items.path,
    imports: sort(items.imports.names.map(([n, p]) => [n, [...p].sort()])),
    globs: [...items.imports.globs].sort(),
    fns: sort(items.fns),
    types: sort(items.types),
    impls: sort(items.impls),
    modules: [...items.modules].sort(),
  };
}

const SOURCE = `use std::io::{self, Read};
use std::collections::HashMap as Map;

pub type Result<T> = std::result::Result<T, Error>;

#[derive(Debug)]
pub struct Error { msg: String, code: u32 }

impl From<io::Error> for Error {
    fn from(e: io::Error) -> Self { Error { msg: e.to_string(), code: 1 } }
}

pub mod parse {
    use std::num::ParseIntError;

    pub fn number(s: &str) -> Result<u32, ParseIntError> { s.parse() }

    pub struct Token<'a> { text: &'a str }

    impl<'a> Token<'a> {
        pub fn text(&self) -> &'a str { self.text }
        pub fn len(&self) -> usize { self.text.len() }
    }

    #[cfg(test)]
    mod tests {
        fn helper() -> u8 { 0 }
    }
}

pub trait Source {
    type Item;
    fn next_item(&mut self) -> Option<Self::Item>;
}

fn read_all(mut r: impl Read) -> Result<String> {
    let mut s = String::new();
    r.read_to_string(&mut s)?;
    fn local() -> u8 { 1 }
    Ok(s)
}
`;

describe('indexing a long file a chunk at a time', () => {
  it('finds the same items as one whole parse, yielding between chunks', async () => {
    const parser = await testParser();
    const whole = indexText(parser, SOURCE, 'src/lib.rs');
    const chunked = drain(indexTextSteps(parser, SOURCE, 'src/lib.rs', SMALL));
    assert.ok(chunked.steps >= 3, `only ${chunked.steps} chunks`);
    assert.deepEqual(normalized(chunked.items), normalized(whole));
    // The module's items are found in chunks that do not hold its opening line.
    assert.ok(whole.fns.some((f) => f.name === 'len' && f.owner === 'Token'));
    assert.ok(!whole.fns.some((f) => f.name === 'helper' || f.name === 'local'));
    assert.deepEqual(whole.imports.names.find(([n]) => n === 'Map')?.[1], ['std::collections::HashMap']);
  });

  it('matches a whole parse on the longest files of Rust’s own library', async (t) => {
    const { files, skip } = rustSrcFiles([
      'core/src/slice/mod.rs',
      'core/src/iter/traits/iterator.rs',
      'alloc/src/vec/mod.rs',
    ]);
    if (skip) return t.skip(skip);
    const parser = await testParser();
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      const limits: ChunkLimits = { fileChars: 0, chunkChars: 16 * 1024 };
      const chunked = drain(indexTextSteps(parser, text, 'src/x.rs', limits));
      assert.deepEqual(normalized(chunked.items), normalized(indexText(parser, text, 'src/x.rs')), file);
    }
  });
});
