import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeText, hoverAt, hoverInText, LineIndex, ParsedFile, RULES } from '../src/engine';
import { ChunkedText, splitAtItemEnds, type ChunkLimits } from '../src/engine/chunks';
import type { Finding } from '../src/shared/types';
import { testParser } from './support/engine';

const ALL = RULES.map((r) => r.id);
const SMALL: ChunkLimits = { fileChars: 0, chunkChars: 150 };
const NEVER: ChunkLimits = { fileChars: Infinity, chunkChars: 0 };

const filler = (n: number, indent = '') =>
  Array.from({ length: n }, (_, i) =>
    [
      `/// Filler ${i}.`,
      `fn filler_${i}(x: Option<u32>) -> Option<u32> {`,
      '    let y = x.unwrap();',
      '    Some(y)',
      '}',
      '',
    ]
      .map((line) => (line ? indent + line : line))
      .join('\n'),
  ).join('\n');

// Facts from the top of the file (crate attribute, import, struct field, fn return type) are used
// by code many chunks below it.
const SOURCE = `#![allow(clippy::expect_used)]
//! A crate.

use std::mem::transmute;

struct Config {
    path: Option<String>,
}

fn lookup(key: &str) -> Option<u32> {
    key.parse().ok()
}

${filler(12)}
impl Config {
    fn path_len(&self) -> Option<usize> {
        let p = self.path.as_ref().unwrap();
        Some(p.len())
    }
}

fn use_lookup() -> Option<u32> {
    let v = lookup("a").unwrap();
    Some(v)
}

fn allowed(x: Option<u32>) -> u32 {
    x.expect("allowed")
}

unsafe fn bits(x: u32) -> f32 {
    transmute::<u32, f32>(x)
}
`;

// Long modules are split between their own items, each chunk parsed inside the module's opening
// (outer attributes, `mod name {`, inner attributes) and closing lines.
const MODULES = `//! A crate.
#![allow(clippy::expect_used)]

struct Config {
    path: Option<String>,
}

mod quiet {
    #![allow(clippy::unwrap_used)]

${filler(8, '    ')}
}

/// Tests.
#[cfg(test)]
// A comment between attributes.
#[allow(dead_code)]
mod tests {
${filler(8, '    ')}
}

pub(crate) mod loud {
${filler(8, '    ')}
    impl super::Config {
        fn path_len(&self) -> Option<usize> {
            let p = self.path.as_ref().unwrap();
            Some(p.len())
        }
    }
}
`;

async function both(
  text: string,
  rules: readonly string[] = ALL,
  includeTests = true,
): Promise<[Finding[], Finding[]]> {
  const parser = await testParser();
  const options = { only: rules, settings: { rules: {}, includeTests } };
  const errors: string[] = [];
  const onRuleError = (rule: string, error: unknown) => errors.push(`${rule}: ${String(error)}`);
  const chunked = analyzeText(parser, text, 'src/lib.rs', { ...options, chunkLimits: SMALL, onRuleError });
  const whole = analyzeText(parser, text, 'src/lib.rs', { ...options, chunkLimits: NEVER, onRuleError });
  assert.deepEqual(errors, []);
  return [chunked, whole];
}

/** Runs `fn`, counting the chunk trees parsed cleanly meanwhile: so a test knows the chunked path ran. */
async function countingChunkParses<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const parse = Object.getOwnPropertyDescriptor(ChunkedText.prototype, 'parse')
    ?.value as ChunkedText['parse'];
  let count = 0;
  ChunkedText.prototype.parse = function (this: ChunkedText, index: number) {
    const tree = parse.call(this, index);
    count++;
    return tree;
  };
  try {
    return [await fn(), count];
  } finally {
    ChunkedText.prototype.parse = parse;
  }
}

const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle));

describe('splitting a long file at top-level item ends', () => {
  it('splits only after a line that closes a top-level item, into spans that cover the text', () => {
    const spans = splitAtItemEnds(SOURCE, SMALL.chunkChars);
    assert.ok(spans.length > 5, `${spans.length} spans`);
    assert.equal(spans[0]?.start, 0);
    assert.equal(spans.at(-1)?.end, SOURCE.length);
    for (const [i, span] of spans.entries()) {
      if (i > 0) assert.equal(span.start, spans[i - 1]?.end);
      if (i < spans.length - 1) assert.match(SOURCE.slice(0, span.end), /\n\};?\n$/);
    }
  });

  it('leaves a text with no item end past the chunk size whole', () => {
    const text = 'fn f() {\n    let x = 1;\n}\n';
    assert.deepEqual(splitAtItemEnds(text, 5), [{ start: 0, end: text.length }]);
    assert.deepEqual(splitAtItemEnds(`${text}    }\n`, 5), [{ start: 0, end: text.length + 6 }]);
  });
});

describe('analysing a long file in chunks', () => {
  it('reports exactly what the whole-file analysis does, with file-wide facts from other chunks', async () => {
    const [[chunked, whole], parses] = await countingChunkParses(() => both(SOURCE));
    assert.ok(parses > 5, `${parses} chunk parses`);
    assert.deepEqual(chunked, whole);
    const at = (needle: string) => chunked.filter((f) => f.range.start.line === lineOf(SOURCE, needle));
    // The struct's field type and the fn's return type are in the first chunk.
    assert.ok(
      at('self.path.as_ref().unwrap()')[0]?.fixes.some(
        (f) => f.applicability === 'safe' && f.title.includes('?'),
      ),
    );
    assert.ok(
      at('lookup("a").unwrap()')[0]?.fixes.some((f) => f.applicability === 'safe' && f.title.includes('?')),
    );
    // The crate-level allow, parsed with every chunk, still switches expect-used off.
    assert.deepEqual(at('x.expect('), []);
    assert.deepEqual(
      at('transmute::<u32').map((f) => f.rule),
      ['transmute'],
    );
    assert.equal(chunked.filter((f) => f.rule === 'unwrap-used').length, 14);
  });

  it('splits long modules between their items, keeping their attributes', async () => {
    const parser = await testParser();
    const chunks = new ChunkedText(parser, MODULES, new LineIndex(MODULES), SMALL.chunkChars);
    assert.ok(chunks.count > splitAtItemEnds(MODULES, SMALL.chunkChars).length + 6, `${chunks.count} chunks`);
    for (const includeTests of [true, false]) {
      const [[chunked, whole], parses] = await countingChunkParses(() => both(MODULES, ALL, includeTests));
      assert.ok(parses >= chunks.count, `${parses} chunk parses`);
      assert.deepEqual(chunked, whole);
      const unwraps = chunked.filter((f) => f.rule === 'unwrap-used').map((f) => f.range.start.line);
      const inModule = (name: string) => {
        const from = lineOf(MODULES, `mod ${name} {`);
        const to =
          from +
          MODULES.split('\n')
            .slice(from)
            .findIndex((l) => l === '}');
        return unwraps.filter((line) => line > from && line < to).length;
      };
      assert.equal(inModule('quiet'), 0);
      assert.equal(inModule('tests'), includeTests ? 8 : 0);
      assert.equal(inModule('loud'), 9);
    }
    const [chunked] = await both(MODULES);
    const selfPath = chunked.find(
      (f) => f.range.start.line === lineOf(MODULES, 'self.path.as_ref().unwrap()'),
    );
    assert.ok(selfPath?.fixes.some((f) => f.applicability === 'safe' && f.title.includes('?')));
  });

  it('parses whole when a rule that reads the whole file may report', async () => {
    const text = SOURCE.replace(
      'use std::mem::transmute;',
      'use std::mem::transmute;\n\nstatic mut COUNTER: u32 = 0;',
    ).replace('    transmute::<u32, f32>(x)', '    COUNTER += 1;\n    transmute::<u32, f32>(x)');
    const [[chunked, whole], parses] = await countingChunkParses(() => both(text));
    assert.equal(parses, 0);
    assert.deepEqual(chunked, whole);
    const uses = whole.filter((f) => f.rule === 'static-mut').map((f) => f.range.start.line);
    assert.deepEqual(uses, [lineOf(text, 'static mut COUNTER'), lineOf(text, 'COUNTER += 1')]);
  });

  it('falls back to a whole parse when a chunk has a syntax error', async () => {
    const [chunked, whole] = await both(`${SOURCE}\nfn broken( {\n    None::<u32>.unwrap();\n}\n`);
    assert.deepEqual(chunked, whole);
    assert.ok(whole.length > 10);
  });

  it('falls back when an item end is only text inside a raw string', async () => {
    const raw = `const TEXT: &str = r#"\n${'text\n'.repeat(70)}}\n\nfn fake() { None::<u32>.unwrap(); }\n"#;\n\n`;
    const text = `${raw}${filler(3)}`;
    const cut = splitAtItemEnds(text, SMALL.chunkChars)[0]?.end ?? 0;
    assert.ok(cut > 0 && cut < raw.length, 'the split lands inside the raw string');
    const [chunked, whole] = await both(text);
    assert.deepEqual(chunked, whole);
    assert.deepEqual(
      whole.map((f) => f.range.start.line),
      [0, 1, 2].map((i) => lineOf(text, `fn filler_${i}(`) + 1),
    );
  });

  it('hovers in a later chunk as in the whole tree', async () => {
    const parser = await testParser();
    const line = lineOf(SOURCE, 'lookup("a").unwrap()');
    const position = { line, character: (SOURCE.split('\n')[line] ?? '').indexOf('unwrap') + 2 };
    const file = new ParsedFile(parser, SOURCE, 'src/lib.rs');
    try {
      const expected = hoverAt(file, position);
      assert.equal(expected?.lesson, 'unwrap-used');
      assert.deepEqual(hoverInText(parser, SOURCE, position, SMALL), expected);
    } finally {
      file.dispose();
    }
  });
});
