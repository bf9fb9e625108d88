// The highlighter: tree-sitter-rust's highlights query, mapped onto the panel's token kinds.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { loadHighlighter, type Highlighter } from '../src/engine';
import type { TokenKind } from '../src/shared/highlightTokens';
import { GRAMMAR_DIR } from './support/engine';

let highlighter: Highlighter;
before(async () => {
  highlighter = await loadHighlighter(GRAMMAR_DIR);
});

/** `kind:text` for every token of `code`, line by line. */
function tokens(code: string, windows?: Array<{ first: number; last: number }>): string[] {
  const lines = code.split(/\r?\n/);
  return highlighter
    .highlight(code, windows)
    .flatMap(({ line, tokens }) => tokens.map(([s, e, k]) => `${line}:${k}:${lines[line - 1]?.slice(s, e)}`));
}

function kindsOf(code: string, text: string): TokenKind[] {
  return tokens(code)
    .filter((t) => t.endsWith(`:${text}`))
    .map((t) => t.split(':')[1] as TokenKind);
}

describe('highlighter', () => {
  const program = [
    '/// Reads the config.',
    "fn read<'a>(path: &'a str) -> Result<String, Error> {",
    '    let text = std::fs::read_to_string(path).expect("no \\n file"); // why',
    '    println!("{text}");',
    '    Ok(text.trim().to_owned()) /* done */',
    '}',
    '#[derive(Debug)]',
    'struct Config { retries: u32 }',
  ].join('\n');

  it('colours keywords, strings, comments, macros, lifetimes, types, functions and attributes', () => {
    const found = tokens(program);
    for (const expected of [
      '1:comment:/// Reads the config.',
      '2:keyword:fn',
      '2:function:read',
      "2:lifetime:'a",
      '2:type:str',
      '2:type:Result',
      '2:type:String',
      '3:keyword:let',
      '3:function:read_to_string',
      '3:function:expect',
      '3:string:"no ',
      '3:constant:\\n',
      '3:comment:// why',
      '4:macro:println!',
      '4:string:"{text}"',
      '5:type:Ok',
      '5:comment:/* done */',
      '8:keyword:struct',
      '8:type:Config',
      '8:type:u32',
    ]) {
      assert.ok(found.includes(expected), `${expected} missing from ${found.join(', ')}`);
    }
    assert.deepEqual(kindsOf(program, "'a"), ['lifetime', 'lifetime']);
    assert.ok(found.some((t) => t.startsWith('7:attribute:#[')));
    // Names and punctuation stay plain.
    assert.deepEqual(kindsOf(program, 'path'), []);
    assert.deepEqual(kindsOf(program, 'text'), []);
  });

  it('counts columns in UTF-16 code units and splits tokens that span lines', () => {
    const code = 'let s = "🦀é"; let n = 1;\n/* one\ntwo */ fn f() {}';
    assert.deepEqual(tokens(code), [
      '1:keyword:let',
      '1:string:"🦀é"',
      '1:keyword:let',
      '1:constant:1',
      '2:comment:/* one',
      '3:comment:two */',
      '3:keyword:fn',
      '3:function:f',
    ]);
  });

  it('answers only the lines asked for, coloured as in the whole file', () => {
    const code = 'fn main() {\n    let s = "a\nstill a string\n";\n}\n';
    assert.deepEqual(tokens(code, [{ first: 3, last: 3 }]), ['3:string:still a string']);
    assert.deepEqual(tokens(code, [{ first: 5, last: 9 }]), []);
  });

  it('leaves code inside a parse error plain, and the rest coloured', () => {
    const code = 'fn ok() {}\nlet = = "x" fn (;\nfn also() {}';
    const found = tokens(code);
    assert.ok(found.includes('1:function:ok'), found.join(', '));
    assert.ok(found.includes('3:function:also'), found.join(', '));
    // The grammar reads `let` and gives up at `= =`: what follows on the line is an ERROR node.
    assert.ok(!found.includes('2:string:"x"'), found.join(', '));
    assert.ok(!found.includes('2:keyword:fn'), found.join(', '));
    assert.ok(found.includes('2:keyword:let'), found.join(', '));
  });

  it('leaves text that is not Rust plain', () => {
    assert.deepEqual(tokens('$ cargo run\nerror[E0308]: mismatched types <b>'), []);
    assert.deepEqual(tokens(''), []);
  });

  it('returns HTML in code as text ranges, never as markup', () => {
    const code = 'let s = "<img src=x onerror=alert(1)>"; // <script>alert(1)</script>';
    const result = highlighter.highlight(code);
    const line = result[0];
    assert.ok(line);
    for (const [start, end, kind] of line.tokens) {
      assert.ok(Number.isInteger(start) && Number.isInteger(end) && start < end && end <= code.length);
      assert.match(kind, /^[a-z]+$/);
    }
    assert.deepEqual(tokens(code), [
      '1:keyword:let',
      '1:string:"<img src=x onerror=alert(1)>"',
      '1:comment:// <script>alert(1)</script>',
    ]);
  });
});
