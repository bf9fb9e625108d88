// Issue 20.3 and 20.6: a fix never drops a comment, and text it inserts uses the file's line
// ending. Checked for every fix of every finding, in every fixture and in hand-written hostile
// shapes, as LF and as CRLF files.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { analyze, applyEdits, ParsedFile, ruleInfos } from '../../src/engine';
import { testParser } from '../support/engine';
import { FIXTURES } from '../support/fixtures';

const ALL_RULES = ruleInfos().map((r) => r.id);

/** Comments written between a receiver and the call, or inside a rewritten comparison. */
const HOSTILE: Record<string, string> = {
  'comment-before-unwrap.rs': `use std::fs;
fn load() -> std::io::Result<String> {
    let text = fs::read_to_string("a.txt")
        // always exists
        .unwrap();
    Ok(text)
}
`,
  'comment-in-comparison.rs': `pub fn missing(v: Option<u8>) -> bool {
    v /* TODO */ == None
}
`,
  'comment-in-match.rs': `pub fn first(v: &[u8]) -> Option<u8> {
    let x = match v.first() {
        Some(x) => *x, // the usual case
        None => return None, /* nothing to read */
    };
    Some(x)
}
`,
  'comment-in-main.rs': `fn main() {
    // read the config
    let text = std::fs::read_to_string("Cargo.toml") /* here */ .unwrap();
    println!("{text}");
}
`,
};

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? walk(full) : e.name.endsWith('.rs') ? [full] : [];
  });
}

const CASES: Array<[string, string]> = [
  ...walk(FIXTURES)
    .sort()
    .map((f): [string, string] => [path.relative(FIXTURES, f), fs.readFileSync(f, 'utf8')]),
  ...Object.entries(HOSTILE),
];

async function commentsOf(text: string): Promise<string[]> {
  const tree = (await testParser()).parse(text);
  if (!tree) throw new Error('did not parse');
  const comments = tree.rootNode
    .descendantsOfType(['line_comment', 'block_comment'])
    .map((c) => (c?.text ?? '').trimEnd());
  tree.delete();
  return comments.sort();
}

/** Whether every comment of `before` is still in `after`, as many times. */
function missingComments(before: string[], after: string[]): string[] {
  const left = [...after];
  return before.filter((c) => {
    const at = left.indexOf(c);
    if (at < 0) return true;
    left.splice(at, 1);
    return false;
  });
}

describe('fixes keep comments and line endings', () => {
  let fixesChecked = 0;
  for (const [name, lf] of CASES) {
    for (const [ending, text] of [
      ['LF', lf.replace(/\r\n/g, '\n')],
      ['CRLF', lf.replace(/\r?\n/g, '\r\n')],
    ] as const) {
      test(`${name} (${ending})`, async () => {
        const file = new ParsedFile(await testParser(), text, 'src/main.rs');
        const findings = analyze(file, { only: ALL_RULES });
        file.dispose();
        const comments = await commentsOf(text);
        for (const finding of findings) {
          for (const fix of finding.fixes ?? []) {
            const fixed = applyEdits(text, fix.edits);
            const what = `${finding.rule} at ${finding.range.start.line + 1}: "${fix.title}"`;
            const lost = missingComments(comments, await commentsOf(fixed));
            assert.deepEqual(lost, [], `${what} drops comments`);
            if (ending === 'CRLF') {
              const bare = fix.edits.filter((e) => /(^|[^\r])\n/.test(e.newText));
              assert.deepEqual(bare, [], `${what} inserts bare LF into a CRLF file`);
            }
            fixesChecked++;
          }
        }
      });
    }
  }
  // The comments above are kept by the `?` rewrite itself, not by withholding it.
  for (const name of ['comment-before-unwrap.rs', 'comment-in-main.rs']) {
    test(`${name}: the \`?\` fix is still offered, with the comment kept`, async () => {
      const file = new ParsedFile(await testParser(), HOSTILE[name] as string, 'src/main.rs');
      const findings = analyze(file, { only: ['unwrap-used'] });
      file.dispose();
      const fix = findings[0]?.fixes?.find((f) => f.title.includes('`?`'));
      assert.ok(fix, `no \`?\` fix in ${name}`);
      assert.equal(fix.applicability, 'safe');
    });
  }
  test('checked a meaningful number of fixes', () => {
    console.log(`# fixes checked: ${fixesChecked}`);
    assert.ok(fixesChecked > 100, `only ${fixesChecked} fixes`);
  });
});
