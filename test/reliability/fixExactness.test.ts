// Issue 7.2: every fix of every finding touches only its own construct. For each fixture (and a
// few std files) and each fix: the text outside the edited ranges is byte-for-byte unchanged, and
// every edit lies inside the finding's enclosing item, or just before it (a doc comment, a
// signature line) for insertions.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { Node } from 'web-tree-sitter';
import { analyze, LineIndex, ParsedFile, ruleInfos } from '../../src/engine';
import type { Finding, TextEdit } from '../../src/shared/types';
import { testParser } from '../support/engine';
import { FIXTURES } from '../support/fixtures';
import { assertAppliesCleanly, rustSrcFiles } from '../support/reliability';

const ITEMS = new Set([
  'function_item',
  'function_signature_item',
  'impl_item',
  'trait_item',
  'static_item',
  'const_item',
  'struct_item',
  'enum_item',
  'mod_item',
  'macro_definition',
  'source_file',
]);

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? walk(full) : e.name.endsWith('.rs') ? [full] : [];
  });
}

const STD = rustSrcFiles([
  'core/src/cell.rs',
  'alloc/src/rc.rs',
  'std/src/env.rs',
  'std/src/thread/local.rs',
  'core/src/mem/maybe_uninit.rs',
]);
const FILES = [...walk(FIXTURES).sort(), ...STD.files];
const ALL_RULES = ruleInfos().map((r) => r.id);

/** The byte span an item owns: from the start of the line of its first attribute or doc comment, to its end. */
function itemSpan(
  file: ParsedFile,
  start: number,
  end: number,
): { start: number; end: number; type: string } {
  let node: Node | null = file.tree.rootNode.descendantForIndex(start, Math.max(start, end - 1));
  while (node && !ITEMS.has(node.type)) node = node.parent;
  if (!node) return { start: 0, end: file.text.length, type: 'file' };
  let first: Node = node;
  for (
    let s = node.previousSibling;
    s && /attribute_item|line_comment|block_comment/.test(s.type);
    s = s.previousSibling
  )
    first = s;
  const lines = file.lines;
  const lineStart = lines.lineStart(lines.positionAt(first.startIndex).line);
  // Insertions may follow the item on its last line (a new line after it).
  const afterEnd = file.text.indexOf('\n', node.endIndex);
  return { start: lineStart, end: afterEnd < 0 ? file.text.length : afterEnd + 1, type: node.type };
}

function checkFix(file: ParsedFile, name: string, finding: Finding, title: string, edits: TextEdit[]): void {
  const text = file.text;
  const what = `${name}:${finding.range.start.line + 1}: ${finding.rule}: ${title}`;
  assert.ok(edits.length > 0, `${what}: a fix without edits`);
  const fixed = assertAppliesCleanly(text, edits, what);
  const lines = new LineIndex(text);
  const spans = edits
    .map((e) => ({
      start: lines.offsetAt(e.range.start),
      end: lines.offsetAt(e.range.end),
      newText: e.newText,
    }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
  // Text outside the edits, recomputed by hand: every untouched segment sits unchanged in the output.
  let inOld = 0;
  let inNew = 0;
  for (const s of spans) {
    const kept = text.slice(inOld, s.start);
    assert.equal(
      Buffer.compare(Buffer.from(fixed.slice(inNew, inNew + kept.length)), Buffer.from(kept)),
      0,
      `${what}: text before an edit changed`,
    );
    inNew += kept.length;
    assert.equal(
      fixed.slice(inNew, inNew + s.newText.length),
      s.newText,
      `${what}: edit text not where expected`,
    );
    inNew += s.newText.length;
    inOld = s.end;
  }
  assert.equal(fixed.slice(inNew), text.slice(inOld), `${what}: text after the last edit changed`);
  assert.equal(
    fixed.length,
    text.length + spans.reduce((n, s) => n + s.newText.length - (s.end - s.start), 0),
  );

  const item = itemSpan(file, lines.offsetAt(finding.range.start), lines.offsetAt(finding.range.end));
  for (const s of spans) {
    assert.ok(
      s.start >= item.start && s.end <= item.end,
      `${what}: edit ${JSON.stringify(text.slice(s.start, s.end))}→${JSON.stringify(s.newText)} at ${s.start}..${s.end} ` +
        `leaves the enclosing ${item.type} (${item.start}..${item.end})`,
    );
  }
}

describe('fixes are exact', () => {
  if (STD.skip) test('rust-src files', { skip: STD.skip }, () => {});

  test(`every fix of every finding in ${FILES.length} files touches only its construct`, async (t) => {
    const parser = await testParser();
    let fixes = 0;
    let findings = 0;
    for (const name of FILES) {
      const text = fs.readFileSync(name, 'utf8').replace(/^\uFEFF/, '');
      const file = new ParsedFile(parser, text, name.includes('/tests/') ? 'tests/x.rs' : 'src/lib.rs');
      try {
        // Every rule, including those off by default, and test code too.
        const all = analyze(file, {
          only: ALL_RULES,
          settings: { rules: {}, includeTests: true },
          onRuleError: (rule, error) => assert.fail(`${name}: rule ${rule} threw: ${String(error)}`),
        });
        for (const finding of all) {
          findings++;
          for (const fix of finding.fixes) {
            fixes++;
            checkFix(file, path.relative(FIXTURES, name), finding, fix.title, fix.edits);
          }
        }
      } finally {
        file.dispose();
      }
    }
    t.diagnostic(`${findings} findings, ${fixes} fixes checked`);
    assert.ok(fixes > 100, `only ${fixes} fixes found: the check is not exercising much`);
  });
});
