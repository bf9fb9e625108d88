import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Parser } from 'web-tree-sitter';
import {
  analyze,
  analyzeText,
  applyEdits,
  fixAllEdits,
  hoverAt,
  LineIndex,
  ParsedFile,
  RULES,
} from '../src/engine';
import { findingsIn, testParser } from './support/engine';

const SNIPPET = `fn f(x: Option<i32>) -> Option<i32> {
    let a = x.unwrap();
    Some(a)
}
`;

describe('positions are UTF-16 code units, as in LSP', () => {
  const cases: Array<[string, string]> = [
    ['emoji', '😀😀'],
    ['CJK', '中文字'],
    ['combining marks', 'e\u0301e\u0301'],
    ['tabs', '\t\t'],
  ];
  for (const [name, prefix] of cases) {
    it(name, async () => {
      const text = `fn f(x: Option<i32>) -> Option<i32> {\n    let s = "${prefix}"; let a = x.unwrap();\n    Some(a)\n}\n`;
      const [finding] = await findingsIn(text);
      assert.ok(finding);
      const line = text.split('\n')[1] ?? '';
      assert.equal(finding.range.start.character, line.indexOf('unwrap'));
      assert.equal(finding.range.end.character, line.indexOf('unwrap') + 'unwrap()'.length);
      const fixed = applyEdits(text, fixAllEdits(text, [finding]));
      assert.ok(fixed.includes(`"${prefix}"; let a = x?;`), fixed);
    });
  }

  it('CRLF line endings', async () => {
    const text = SNIPPET.replace(/\n/g, '\r\n');
    const [finding] = await findingsIn(text);
    assert.deepEqual(finding?.range, { start: { line: 1, character: 14 }, end: { line: 1, character: 22 } });
    assert.equal(
      applyEdits(text, fixAllEdits(text, [finding!])),
      SNIPPET.replace('x.unwrap()', 'x?').replace(/\n/g, '\r\n'),
    );
  });

  it('a byte order mark', async () => {
    const text = `\uFEFF${SNIPPET}`;
    const [finding] = await findingsIn(text);
    assert.deepEqual(finding?.range.start, { line: 1, character: 14 });
  });
});

describe('settings', () => {
  it('a rule set to off reports nothing; a severity overrides the default', async () => {
    assert.equal(
      (await findingsIn(SNIPPET, { settings: { rules: { 'unwrap-used': 'off' }, includeTests: false } }))
        .length,
      0,
    );
    const [f] = await findingsIn(SNIPPET, {
      settings: { rules: { 'unwrap-used': 'error' }, includeTests: false },
    });
    assert.equal(f?.severity, 'error');
    const [d] = await findingsIn(SNIPPET);
    assert.equal(d?.severity, 'warning');
  });

  it('test code is exempt unless includeTests', async () => {
    const text = `#[test]\nfn t() { Some(1).unwrap(); }\n`;
    assert.equal((await findingsIn(text)).length, 0);
    assert.equal((await findingsIn(text, { settings: { rules: {}, includeTests: true } })).length, 1);
    assert.equal((await findingsIn('fn t() { Some(1).unwrap(); }', {}, 'crate/tests/it.rs')).length, 0);
    assert.equal((await findingsIn('fn t() { Some(1).unwrap(); }', {}, 'crate/benches/b.rs')).length, 0);
  });

  it('a file-level suppression comment', async () => {
    const text = `// safety-coach: allow-file(unwrap-used)\n${SNIPPET}`;
    assert.equal((await findingsIn(text)).length, 0);
  });

  it('a crate-level #![allow(clippy::unwrap_used)]', async () => {
    assert.equal((await findingsIn(`#![allow(clippy::unwrap_used)]\n${SNIPPET}`)).length, 0);
    assert.equal((await findingsIn(`#![allow(clippy::restriction)]\n${SNIPPET}`)).length, 0);
  });

  it('#[allow(clippy::all)] silences the rules whose lints are in its groups, not restriction ones', async () => {
    const compare = '#[allow(clippy::all)]\npub fn k(x: Option<u8>) -> bool { x == None }\n';
    assert.deepEqual(await findingsIn(compare), []);
    const checked = '#[allow(clippy::all)]\n/// Docs.\npub unsafe fn s() {}\n';
    assert.deepEqual(await findingsIn(checked), []);
    const unwrap = '#[allow(clippy::all)]\nfn f(x: Option<u8>) -> u8 { x.unwrap() }\n';
    assert.deepEqual(
      (await findingsIn(unwrap)).map((f) => f.rule),
      ['unwrap-used'],
    );
  });

  it('the nearest attribute naming the lint decides, and nothing lowers a forbid', async () => {
    const body = 'fn f(x: Option<i32>) -> i32 { x.unwrap() }\n';
    const rules = async (text: string) => (await findingsIn(text)).map((f) => f.rule);
    assert.deepEqual(await rules(`#![allow(clippy::unwrap_used)]\n#[warn(clippy::unwrap_used)]\n${body}`), [
      'unwrap-used',
    ]);
    assert.deepEqual(
      await rules(`#![warn(clippy::unwrap_used)]\n#[allow(clippy::unwrap_used)]\n${body}`),
      [],
    );
    assert.deepEqual(await rules(`#![allow(clippy::unwrap_used)]\n#![warn(clippy::unwrap_used)]\n${body}`), [
      'unwrap-used',
    ]);
    assert.deepEqual(await rules(`#![forbid(clippy::restriction)]\n#[allow(clippy::unwrap_used)]\n${body}`), [
      'unwrap-used',
    ]);
  });

  it('a cfg_attr adds its attributes where its predicate holds in the build clippy checks', async () => {
    const body = 'fn f(x: Option<i32>) -> i32 { x.unwrap() }\n';
    const rules = async (text: string) => (await findingsIn(text)).map((f) => f.rule);
    for (const predicate of ['not(test)', 'all()', 'clippy', 'debug_assertions', 'any(test,clippy)']) {
      assert.deepEqual(
        await rules(`#![cfg_attr(${predicate}, allow(clippy::unwrap_used))]\n${body}`),
        [],
        predicate,
      );
      assert.deepEqual(
        await rules(`#[cfg_attr(${predicate}, allow(clippy::unwrap_used))]\n${body}`),
        [],
        predicate,
      );
    }
    // Where it depends on the build (a feature, a target) or never holds there, the finding stays.
    for (const predicate of ['test', 'feature = "strict"', 'target_os = "linux"', 'not(clippy)', 'any()']) {
      assert.deepEqual(
        await rules(`#[cfg_attr(${predicate}, allow(clippy::unwrap_used))]\n${body}`),
        ['unwrap-used'],
        predicate,
      );
    }
    // Several attributes, nested: the later one wins, as written out.
    assert.deepEqual(
      await rules(
        `#[cfg_attr(all(), allow(clippy::unwrap_used), cfg_attr(not(test), warn(clippy::unwrap_used)))]\n${body}`,
      ),
      ['unwrap-used'],
    );
  });
});

describe('the text pre-filter', () => {
  // A parser that counts its parses, so a test can tell a skipped file from one with no findings.
  const counting = async () => {
    const parser = await testParser();
    let parses = 0;
    const spy = new Proxy(parser, {
      get: (target, key) =>
        key === 'parse'
          ? (...args: Parameters<Parser['parse']>) => {
              parses++;
              return target.parse(...args);
            }
          : Reflect.get(target, key),
    });
    return { parser: spy, parses: () => parses };
  };
  const only = { only: ['unwrap-used', 'undocumented-unsafe-block'] };

  it('does not parse a file whose rule words are all in comment lines, parts of longer words, or not where a node starts', async () => {
    const { parser, parses } = await counting();
    const text = '/// let a = b.unwrap();\npub unsafe fn f() -> u8 { c.unwrap_or(0) }\nunsafe impl\n';
    assert.deepEqual(analyzeText(parser, text.replace('unsafe impl\n', ''), 'src/lib.rs', only), []);
    assert.equal(parses(), 0);
    const findings = analyzeText(parser, `${text}Send for X {}\n`, 'src/lib.rs', only);
    assert.deepEqual(
      findings.map((f) => `${f.rule}@${f.range.start.line}`),
      ['undocumented-unsafe-block@2'],
    );
    assert.equal(parses(), 1);
  });
});

describe('one finding per place', () => {
  it('unnecessary-unwrap replaces unwrap-used at the same call', async () => {
    const text = `fn f(x: Option<i32>) -> i32 { if x.is_some() { x.unwrap() } else { 0 } }`;
    const findings = await findingsIn(text);
    assert.deepEqual(
      findings.map((f) => f.rule),
      ['unnecessary-unwrap'],
    );
  });
});

describe('a rule that throws does not take the others down', () => {
  it('reports the error and keeps the other findings', async () => {
    const rule = RULES.find((r) => r.id === 'expect-used');
    assert.ok(rule);
    const original = rule.check;
    const errors: string[] = [];
    (rule as { check: typeof original }).check = () => {
      throw new Error('boom');
    };
    try {
      const file = new ParsedFile(await testParser(), SNIPPET.replace('Some(a)', 'Some(x.expect("e") + a)'));
      const findings = analyze(file, { onRuleError: (id, e) => errors.push(`${id}: ${String(e)}`) });
      file.dispose();
      assert.deepEqual(
        findings.map((f) => f.rule),
        ['unwrap-used'],
      );
      assert.deepEqual(errors, ['expect-used: Error: boom']);
    } finally {
      (rule as { check: typeof original }).check = original;
    }
  });
});

describe('incremental re-parse gives the same findings as a fresh parse', () => {
  it('over a run of random edits', async () => {
    const parser = await testParser();
    const base = `${SNIPPET}\nfn g(v: Vec<i32>) -> Option<i32> {\n    let f = v.first().unwrap();\n    println!("{}", v.last().unwrap());\n    Some(*f)\n}\n`;
    const file = new ParsedFile(parser, base);
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const pieces = ['x.unwrap()', '{', '}', '(', ';', 'unsafe { }', '\n', 'a\r\nb\n', 'é', '😀', ''];
    for (let step = 0; step < 150; step++) {
      const text = file.text;
      const start = random(text.length + 1);
      const end = Math.min(text.length, start + random(6));
      const insert = pieces[random(pieces.length)] ?? '';
      const lines = file.lines;
      const range = { start: lines.positionAt(start), end: lines.positionAt(end) };
      file.applyChanges([{ range, text: insert }]);
      // Between `\r` and `\n` a position maps back to before the `\r`, as in LSP.
      const [from, to] = [lines.offsetAt(range.start), lines.offsetAt(range.end)];
      assert.equal(file.text, text.slice(0, from) + insert + text.slice(to));
      const fresh = new ParsedFile(parser, file.text);
      assert.deepEqual(analyze(file), analyze(fresh), `step ${step}`);
      assert.equal(file.tree.rootNode.toString(), fresh.tree.rootNode.toString(), `tree at step ${step}`);
      // The line table and bracket depth are carried across the edit, not recomputed.
      const rebuilt = new LineIndex(file.text);
      assert.equal(file.lines.lineCount, rebuilt.lineCount, `line count at step ${step}`);
      for (let line = 0; line < rebuilt.lineCount; line++) {
        assert.equal(file.lines.lineStart(line), rebuilt.lineStart(line), `line ${line} at step ${step}`);
      }
      assert.equal(file.nestingDepth, fresh.nestingDepth, `nesting at step ${step}`);
      fresh.dispose();
    }
    file.dispose();
  });
});

describe("changes with the editor's own result text", () => {
  it('take that text, and ignore one that does not fit the change', async () => {
    const parser = await testParser();
    const file = new ParsedFile(parser, SNIPPET);
    const start = file.lines.positionAt(SNIPPET.indexOf('x.unwrap()'));
    const change = { range: { start, end: start }, text: 'Some(1).or(' };
    const expected = SNIPPET.replace('x.unwrap()', 'Some(1).or(x.unwrap()');
    file.applyChanges([change], expected);
    assert.equal(file.text, expected);
    const fresh = new ParsedFile(parser, expected);
    assert.equal(file.tree.rootNode.toString(), fresh.tree.rootNode.toString());
    fresh.dispose();
    // A result that disagrees with the change (here: a stale text) is not trusted.
    const next = { range: { start, end: start }, text: 'a' };
    file.applyChanges([next], expected);
    assert.equal(file.text, expected.replace('Some(1).or(', 'aSome(1).or('));
    file.dispose();
  });
});

describe('hover', () => {
  it('explains unwrap, unsafe and Option in two lines with a lesson', async () => {
    const text = `fn f(x: Option<i32>, p: *const u8) -> i32 {\n    let v = unsafe { *p };\n    x.unwrap() + v as i32\n}\n`;
    const file = new ParsedFile(await testParser(), text);
    const at = (line: number, word: string) =>
      hoverAt(file, { line, character: (text.split('\n')[line] ?? '').indexOf(word) + 1 });
    assert.equal(at(2, 'unwrap')?.lesson, 'unwrap-used');
    assert.equal(at(1, 'unsafe')?.lesson, 'undocumented-unsafe-block');
    assert.equal(at(0, 'Option')?.lesson, 'row-null-dereference');
    assert.equal(at(0, 'fn'), null);
    const h = at(2, 'unwrap');
    assert.ok(h && h.title.length > 0 && h.explanation.length > 0);
    assert.deepEqual(h.range, { start: { line: 2, character: 6 }, end: { line: 2, character: 12 } });
    file.dispose();
  });

  it('explains indexing inside macro arguments, nested too, and not an array literal there', async () => {
    const text = [
      'fn f(v: Vec<u8>, i: usize) {',
      '    println!("{}", v[i]);',
      '    assert_eq!(v[0], 1, "{}", format!("{}", v[i + 1]));',
      '    println!("{:?}", [1, 2]);',
      '}',
      '',
    ].join('\n');
    const file = new ParsedFile(await testParser(), text);
    const bracket = (line: number, nth = 0) => {
      let at = -1;
      for (let k = 0; k <= nth; k++) at = (text.split('\n')[line] ?? '').indexOf('[', at + 1);
      return hoverAt(file, { line, character: at });
    };
    const first = bracket(1);
    assert.equal(first?.lesson, 'row-buffer-overflow');
    assert.deepEqual(first?.range, { start: { line: 1, character: 20 }, end: { line: 1, character: 21 } });
    assert.equal(bracket(2, 0)?.lesson, 'row-buffer-overflow');
    const nested = bracket(2, 1);
    assert.equal(nested?.title, 'Indexing is bounds-checked');
    assert.deepEqual(nested?.range.start, { line: 2, character: 45 });
    assert.equal(bracket(3), null, 'an array literal is no indexing');
    file.dispose();
  });

  it('tells an unsafe block (a SAFETY comment) from an unsafe fn or trait (a contract under # Safety)', async () => {
    const text =
      'unsafe fn a() {}\nunsafe trait T {}\nunsafe impl Send for X {}\nfn b() { unsafe { a() } }\n';
    const file = new ParsedFile(await testParser(), text);
    const at = (line: number, column: number) => hoverAt(file, { line, character: column });
    const shown = [at(0, 2), at(1, 2), at(2, 2), at(3, 11)].map((h) => [
      h?.lesson,
      /SAFETY/.test(h?.explanation ?? ''),
    ]);
    assert.deepEqual(shown, [
      ['missing-safety-doc', false],
      ['missing-safety-doc', false],
      ['undocumented-unsafe-block', true],
      ['undocumented-unsafe-block', true],
    ]);
    assert.match(at(1, 2)?.explanation ?? '', /implement/);
    file.dispose();
  });
});
