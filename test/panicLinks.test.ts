// The terminal's panic links as plain data: which lines link where (the engine's answer to the
// server's panicLink request), and which finding a panic's location lands on (real findings).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import { findingAt, utf16Character } from '../src/client/panicLinks/panicFinding';
import { lessonAtSource, panicLinkInLine as linkInLine } from '../src/engine/panics';
import { FindingsStore } from '../src/client/sidebar/findingGroups';
import { findingsIn } from './support/engine';
import { PANICS_MAIN, markerLine } from './support/panicProgram';

describe('terminal lines that link', () => {
  it('links a whole panic header to its location', () => {
    const line = "thread 'main' (22172) panicked at src/main.rs:12:15:";
    const link = linkInLine(line);
    assert.deepEqual(link, {
      startIndex: 0,
      length: line.length,
      tooltip: 'Open src/main.rs:12:15 and its Rust Safety Coach lesson',
      target: { kind: 'location', location: { file: 'src/main.rs', line: 12, column: 15, inLibrary: false } },
    });
  });

  it('links an older header that carries the message, with its lesson', () => {
    const link = linkInLine("thread 'main' panicked at 'attempt to divide by zero', src\\main.rs:3:20");
    assert.deepEqual(link?.target, {
      kind: 'location',
      location: { file: 'src\\main.rs', line: 3, column: 20, inLibrary: false },
      lesson: 'division-by-zero',
    });
  });

  it("links std's message line to its lesson, and not other lines", () => {
    const link = linkInLine('RefCell already mutably borrowed   ');
    assert.deepEqual(link, {
      startIndex: 0,
      length: 'RefCell already mutably borrowed'.length,
      tooltip: 'Open the Rust Safety Coach lesson on this panic',
      target: { kind: 'lesson', lesson: 'refcell-borrow' },
    });
    assert.equal(linkInLine('not yet implemented'), null, 'a panic with no lesson');
    assert.equal(linkInLine('   Compiling demo v0.1.0'), null);
    assert.equal(linkInLine(''), null);
    assert.equal(linkInLine(`${'x'.repeat(5000)} attempt to divide by zero`), null);
  });
});

describe('the finding at a panic', () => {
  it("picks the engine's finding at an unwrap, and none for a lesson it does not teach", async () => {
    const source = fs.readFileSync(PANICS_MAIN, 'utf8');
    const findings = await findingsIn(source);
    const line = markerLine('option-unwrap');
    const lineText = source.split('\n')[line - 1] ?? '';
    const column = lineText.indexOf('unwrap') + 1;
    assert.equal(lessonAtSource(source, line, column), 'unwrap-used');
    const found = findingAt(findings, line - 1, utf16Character(lineText, column), 'unwrap-used');
    assert.equal(found?.rule, 'unwrap-used');
    assert.equal(found?.range.start.line, line - 1);
    assert.equal(
      findingAt(findings, line - 1, utf16Character(lineText, column), 'refcell-borrow'),
      undefined,
    );
    assert.equal(findingAt(findings, line - 1, utf16Character(lineText, column), null)?.rule, 'unwrap-used');
    assert.equal(findingAt(findings, 0, 0, null), undefined);
  });

  it('links a panic inside std, marked so that the client does not look for the file', () => {
    const link = linkInLine(
      "thread 'main' (9) panicked at /rustc/59807616e1fa2540724bfbac14d7976d7e4a3860/library/alloc/src/vec/mod.rs:2202:13:",
    );
    assert.equal(link?.target.kind === 'location' && link.target.location.inLibrary, true);
  });

  it('turns character columns into UTF-16 offsets', () => {
    assert.equal(utf16Character('let s = "😀"; x.unwrap();', 16), 16);
    assert.equal(utf16Character('abc', 1), 0);
  });

  it('waits for the findings of a version, or gives up', async () => {
    const store = new FindingsStore();
    const uri = 'file:///a.rs';
    const waiting = store.whenFindings(uri, 2, 10_000);
    store.accept({ uri, version: 1, findings: [] });
    store.accept({ uri: 'file:///b.rs', version: 5, findings: [] });
    store.accept({ uri, version: 2, findings: [] });
    assert.equal((await waiting)?.version, 2);
    assert.equal((await store.whenFindings(uri, 1, 10_000))?.version, 2, 'already known');
    assert.equal(await store.whenFindings('file:///never.rs', 1, 1), undefined);
  });
});
