// A crate index keeps its items, not the files' texts: names and types read from a tree are
// slices of the text, and V8 keeps a slice's whole string alive.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import v8 from 'node:v8';
import vm from 'node:vm';
import { indexText } from '../src/engine';
import { testParser } from './support/engine';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

function heapAfterGc(): number {
  gc();
  return process.memoryUsage().heapUsed;
}

test('an indexed file whose text is gone leaves only its items on the heap', async () => {
  const parser = await testParser();
  // Names and types longer than V8 copies (13 characters), in a 4 MB file.
  const build = () =>
    indexText(
      parser,
      `pub fn a_rather_long_function_name(s: &str) -> Result<std::num::NonZeroUsize, String> { todo!() }\n// ${'x'.repeat(4_000_000)}\n`,
      'src/lib.rs',
    );
  const before = heapAfterGc();
  const items = build();
  // The parser holds on to the last text it parsed until it parses another.
  indexText(parser, 'fn f() {}\n', 'src/f.rs');
  const after = heapAfterGc();
  assert.equal(items.fns[0]?.name, 'a_rather_long_function_name');
  assert.equal(items.fns[0]?.returns, 'Result<std::num::NonZeroUsize, String>');
  assert.ok(after - before < 1_000_000, `the index kept ${after - before} bytes of heap`);
});
