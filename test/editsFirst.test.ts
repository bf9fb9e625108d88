// An edit's analysis goes ahead of re-analyses nobody typed (an index that became ready, new
// settings), and a background analysis somebody starts waiting on stops giving way.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RustDocuments } from '../src/server/documents';
import { EditsFirst } from '../src/server/editsFirst';
import { SettingsStore } from '../src/server/settings';
import { Validator } from '../src/server/validation';
import { yieldTurn } from '../src/server/yieldTurn';
import { testParser } from './support/engine';
import { fakeConnection } from './support/fakeConnection';

async function turns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await yieldTurn();
}

describe('EditsFirst', () => {
  test('a background slice waits one turn when no edit waits, and until the last edit leaves otherwise', async () => {
    const gate = new EditsFirst();
    let resumed = false;
    await gate.between(() => false)();
    const leaveA = gate.enter();
    const leaveB = gate.enter();
    const waiting = gate
      .between(() => false)()
      .then(() => (resumed = true));
    await turns(5);
    assert.equal(resumed, false, 'resumed while two edits waited');
    leaveA();
    leaveA(); // leaving twice counts once
    await turns(5);
    assert.equal(resumed, false, 'resumed while one edit still waited');
    leaveB();
    await waiting;
    assert.equal(gate.waiting, false);
  });

  test('a promoted background analysis resumes although edits still wait', async () => {
    const gate = new EditsFirst();
    const leave = gate.enter();
    let promoted = false;
    const waiting = gate.between(() => promoted)();
    await turns(3);
    promoted = true;
    gate.wakeAll();
    await waiting;
    leave();
  });
});

/** Long enough that one analysis takes many slices. */
function longFile(fns: number): string {
  const parts: string[] = [];
  for (let i = 0; i < fns; i++) {
    parts.push(`pub fn f${i}(v: &[u8], s: &str) -> Option<u8> {\n    let n: u8 = s.parse().unwrap();\n`);
    parts.push(`    let x = v.get(n as usize).unwrap();\n    Some(*x + v[0])\n}\n\n`);
  }
  return parts.join('');
}

describe('Validator priorities', () => {
  test('a background analysis makes no progress while an edit waits, and finishes once none does', async () => {
    const published: string[] = [];
    const connection = fakeConnection(published);
    const documents = new RustDocuments(await testParser(), () => undefined);
    const validator = new Validator(connection, documents, new SettingsStore(connection, false));
    const text = longFile(1500);
    documents.open('file:///w/src/a.rs', 'rust', 1, text);
    documents.open('file:///w/src/b.rs', 'rust', 1, text);
    // An edit of b waits out its debounce: a's re-analysis (some 70 steps) must give way meanwhile.
    validator.schedule('file:///w/src/b.rs', 60_000, 'edit');
    let finished = false;
    const background = validator.validate('file:///w/src/a.rs', 'background').then(() => (finished = true));
    await turns(1000);
    assert.equal(finished, false, 'the background analysis ran on while an edit waited');
    validator.cancel('file:///w/src/b.rs');
    await background;
    assert.deepEqual(published, ['file:///w/src/a.rs']);
  });

  test('a hover on a document whose background analysis is under way gets it, without waiting on itself', async () => {
    const published: string[] = [];
    const connection = fakeConnection(published);
    const documents = new RustDocuments(await testParser(), () => undefined);
    const validator = new Validator(connection, documents, new SettingsStore(connection, false));
    const doc = documents.open('file:///w/src/a.rs', 'rust', 1, longFile(1500));
    const background = validator.validate(doc.uri, 'background');
    await yieldTurn();
    await yieldTurn();
    const analysis = await validator.current(doc);
    assert.equal(analysis.findings.filter((f) => f.rule === 'unwrap-used').length, 3000);
    await background;
    assert.deepEqual(published, [doc.uri]);
  });
});
