// "Allow here": each action's edit, applied, silences exactly the finding it was offered for, keeps
// the file's indentation and line endings, and (as an attribute) still compiles.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allowActions, applyEdits, ParsedFile, ruleInfos } from '../src/engine';
import type { Finding } from '../src/shared/types';
import { findingsIn, testParser } from './support/engine';
import { compileRust } from './support/rustc';

const RULES = new Map(ruleInfos().map((r) => [r.id, r]));

async function actionsFor(text: string, finding: Finding) {
  const rule = RULES.get(finding.rule);
  assert.ok(rule);
  const file = new ParsedFile(await testParser(), text, 'src/lib.rs');
  try {
    return allowActions(file, finding, rule);
  } finally {
    file.dispose();
  }
}

const SOURCE = `pub struct Config {
    pub port: Option<u16>,
}

impl Config {
    /// The port, once loaded.
    #[inline]
    pub fn port(&self) -> u16 {
        let port = self
            .port
            .expect("failed");
        port + self.port.unwrap()
    }
}

fn main() {
    let c = Config { port: Some(1) };
    println!("{}", c.port());
}
`;

describe('Allow here', () => {
  it('offers our comment and the clippy attribute for a clippy rule, each silencing only that finding', async () => {
    const found = await findingsIn(SOURCE);
    const expect = found.find((f) => f.rule === 'expect-used');
    assert.ok(expect, JSON.stringify(found));
    const actions = await actionsFor(SOURCE, expect);
    assert.deepEqual(
      actions.map((a) => [a.how, a.title]),
      [
        ['comment', 'Allow `expect-used` here (a `// safety-coach:` comment)'],
        ['attribute', 'Allow `clippy::expect_used` in fn `port` (`#[allow(..)]`)'],
      ],
    );
    const [comment, attribute] = actions;
    assert.ok(comment && attribute);

    const commented = applyEdits(SOURCE, comment.edits);
    // Indented like the line it sits above, inside the method chain.
    assert.match(commented, /\n {12}\/\/ safety-coach: allow\(expect-used\)\n {12}\.expect\("failed"\);/);
    const afterComment = await findingsIn(commented);
    assert.deepEqual(
      afterComment.map((f) => f.rule),
      found.filter((f) => f !== expect).map((f) => f.rule),
    );

    const attributed = applyEdits(SOURCE, attribute.edits);
    assert.match(
      attributed,
      /\n {4}#\[inline\]\n {4}#\[allow\(clippy::expect_used\)\]\n {4}pub fn port\(&self\) -> u16 \{/,
    );
    const afterAttribute = await findingsIn(attributed);
    assert.equal(
      afterAttribute.some((f) => f.rule === 'expect-used'),
      false,
    );
    assert.ok(
      afterAttribute.some((f) => f.rule === 'unwrap-used'),
      'the unwrap beside it is still reported',
    );
    for (const source of [commented, attributed]) {
      const compiled = await compileRust(source, 'allow_here');
      assert.ok(compiled.ok, compiled.stderr);
    }
  });

  it('keeps a CRLF file CRLF', async () => {
    const crlf = SOURCE.replace(/\n/g, '\r\n');
    const found = await findingsIn(crlf);
    const unwrap = found.find((f) => f.rule === 'unwrap-used');
    assert.ok(unwrap);
    for (const action of await actionsFor(crlf, unwrap)) {
      const applied = applyEdits(crlf, action.edits);
      assert.doesNotMatch(applied, /[^\r]\n/, `${action.how}: a bare LF`);
      assert.equal(
        (await findingsIn(applied)).some((f) => f.rule === 'unwrap-used'),
        false,
        `${action.how} silences the unwrap`,
      );
    }
  });

  it('offers only the comment for a rule clippy has no switch for', async () => {
    const source = `pub fn bump(m: &std::sync::Mutex<u32>) {\n    *m.lock().unwrap() += 1;\n}\n`;
    const settings = { rules: { 'idiomatic-unwrap': 'warning' as const }, includeTests: false };
    const [idiom, ...rest] = await findingsIn(source, { settings });
    assert.equal(idiom?.rule, 'idiomatic-unwrap');
    assert.deepEqual(rest, []);
    const actions = await actionsFor(source, idiom);
    assert.deepEqual(
      actions.map((a) => a.how),
      ['comment'],
    );
    assert.deepEqual(await findingsIn(applyEdits(source, actions[0]?.edits ?? []), { settings }), []);
  });

  it('does not put a comment inside a multi-line string', async () => {
    const source = `pub fn f(x: Option<&str>) -> String {\n    format!("a\n{}", x.unwrap())\n}\n`;
    const [unwrap] = await findingsIn(source, { only: ['unwrap-used'] });
    assert.ok(unwrap);
    const actions = await actionsFor(source, unwrap);
    assert.deepEqual(
      actions.map((a) => a.how),
      ['attribute'],
    );
  });
});
