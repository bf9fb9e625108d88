// A file's items and imports are kept across edits inside fn bodies (ParsedFile.carried) instead
// of being read again per keystroke. Kept or dropped, they must be what a fresh parse gives:
// typing of every kind is replayed, and after each keystroke the items and the findings are
// compared with a fresh file's.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { analyze, ParsedFile } from '../../src/engine';
import { FileContext } from '../../src/engine/context';
import { fileItemsOf } from '../../src/engine/semantics/fileItems';
import { testParser } from '../support/engine';
import { FIXTURES } from '../support/fixtures';
import { prng } from '../support/reliability';

const FILES = [
  ...['main.rs', 'config.rs'].map((f) => path.join(FIXTURES, 'learner-crate', 'src', f)),
  ...['assoc-error-type-01.rs', 'parse-into-returned-container-01.rs', 'std-generic-errors-01.rs'].map((f) =>
    path.join(FIXTURES, 'corpus', 'safe', f),
  ),
];

/** What a learner types, mostly inside bodies: words that make or break a `use`, braces, comments. */
const TYPED = [
  'x',
  'u',
  's',
  'e',
  'use',
  'use std::io;',
  ' ',
  '\n',
  ';',
  '?',
  '.unwrap()',
  'None',
  'fn f() {}',
  '}',
  '{',
  '//',
  '"',
  'mod m;',
  'impl X {}',
  'pub ',
];

function itemsOf(file: ParsedFile): unknown {
  const ctx = new FileContext(file);
  try {
    return fileItemsOf(ctx);
  } finally {
    ctx.dispose();
  }
}

/** A fn body's inside: between its braces, where most keystrokes land. */
function bodyOffsets(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(/\bfn\b[^{;]*\{/g)) out.push((m.index ?? 0) + m[0].length);
  return out;
}

describe('facts carried across edits inside fn bodies', () => {
  for (const seed of [1, 2, 3]) {
    test(`are what a fresh parse gives, keystroke after keystroke (seed ${seed})`, async () => {
      const parser = await testParser();
      for (const [index, name] of FILES.entries()) {
        const rand = prng(seed * 100 + index);
        const parsed = new ParsedFile(parser, fs.readFileSync(name, 'utf8'), `src/${path.basename(name)}`);
        try {
          for (let step = 0; step < 60; step++) {
            const text = parsed.text;
            const inside = bodyOffsets(text);
            const at =
              rand() < 0.8 && inside.length > 0
                ? (inside[Math.floor(rand() * inside.length)] ?? 0) + Math.floor(rand() * 20)
                : Math.floor(rand() * text.length);
            const start = Math.min(at, text.length);
            const end = rand() < 0.25 ? Math.min(text.length, start + 1 + Math.floor(rand() * 3)) : start;
            const typed = end > start ? '' : (TYPED[Math.floor(rand() * TYPED.length)] ?? 'x');
            const pos = (o: number) => parsed.lines.positionAt(o);
            parsed.applyChanges([{ range: { start: pos(start), end: pos(end) }, text: typed }]);
            const fresh = new ParsedFile(parser, parsed.text, parsed.path);
            try {
              const where = `${path.basename(name)}, seed ${seed}, step ${step}`;
              assert.deepEqual(itemsOf(parsed), itemsOf(fresh), where);
              assert.deepEqual(analyze(parsed), analyze(fresh), where);
            } finally {
              fresh.dispose();
            }
          }
        } finally {
          parsed.dispose();
        }
      }
    });
  }

  test('an edit inside a body keeps them; one in a signature, or making a `use`, reads them again', async () => {
    const parser = await testParser();
    const text = 'fn parse(s: &str) -> Option<u8> {\n    let n = s.len();\n    Some(n as u8)\n}\n';
    const parsed = new ParsedFile(parser, text, 'src/lib.rs');
    try {
      const first = itemsOf(parsed);
      const at = (offset: number) => parsed.lines.positionAt(offset);
      const inBody = parsed.text.indexOf('let n');
      parsed.applyChanges([{ range: { start: at(inBody), end: at(inBody) }, text: 'x' }]);
      assert.equal(itemsOf(parsed), first, 'kept: the same object');
      parsed.applyChanges([{ range: { start: at(inBody), end: at(inBody) }, text: 'use std::io; ' }]);
      const withUse = itemsOf(parsed);
      assert.notEqual(withUse, first);
      const signature = parsed.text.indexOf('u8>');
      parsed.applyChanges([{ range: { start: at(signature), end: at(signature + 2) }, text: 'u16' }]);
      assert.notEqual(itemsOf(parsed), withUse);
    } finally {
      parsed.dispose();
    }
  });
});
