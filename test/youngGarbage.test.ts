// The server collects an edit's garbage between edits, not during the next analysis: once the
// edit's diagnostics are out and nothing else waits, and not while another edit is pending.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import v8 from 'node:v8';
import { RustDocuments } from '../src/server/documents';
import { SettingsStore } from '../src/server/settings';
import { Validator } from '../src/server/validation';
import { youngGarbageCollector } from '../src/server/youngGarbage';
import { yieldTurn } from '../src/server/yieldTurn';
import { testParser } from './support/engine';
import { fakeConnection } from './support/fakeConnection';

async function setUp() {
  const parser = await testParser();
  const published: string[] = [];
  const connection = fakeConnection(published);
  const documents = new RustDocuments(parser, () => undefined);
  const collections: string[] = [];
  const validator = new Validator(
    connection,
    documents,
    new SettingsStore(connection, false),
    undefined,
    undefined,
    () => collections.push(`after ${published.length} published`),
  );
  return { documents, validator, published, collections };
}

const UNWRAP = 'fn main() {\n    let n: Option<u8> = None;\n    n.unwrap();\n}\n';

test("an edit's garbage is collected after its diagnostics are out", async () => {
  const { documents, validator, published, collections } = await setUp();
  const uri = 'file:///w/src/main.rs';
  documents.open(uri, 'rust', 1, UNWRAP);
  validator.schedule(uri, 0, 'edit');
  for (let i = 0; i < 20 && collections.length === 0; i++) await yieldTurn();
  assert.ok(published.length > 0, 'the edit published its diagnostics');
  assert.deepEqual(collections, [`after ${published.length} published`]);
});

test('no collection while another edit waits; one once it is done', async () => {
  const { documents, validator, collections } = await setUp();
  const uri = 'file:///w/src/main.rs';
  const other = 'file:///w/src/lib.rs';
  documents.open(uri, 'rust', 1, UNWRAP);
  documents.open(other, 'rust', 1, UNWRAP);
  await validator.validate(uri, 'edit');
  // The next keystroke arrived before the collection's turn: it goes first, and no GC runs yet.
  validator.schedule(other, 50, 'edit');
  await yieldTurn();
  await yieldTurn();
  assert.deepEqual(collections, []);
  await new Promise((resolve) => setTimeout(resolve, 60));
  await validator.whenIdle();
  for (let i = 0; i < 5; i++) await yieldTurn();
  assert.equal(collections.length, 1);
});

test('a background re-analysis (nobody typed) collects nothing', async () => {
  const { documents, validator, published, collections } = await setUp();
  const uri = 'file:///w/src/main.rs';
  documents.open(uri, 'rust', 1, UNWRAP);
  await validator.validate(uri, 'background');
  for (let i = 0; i < 5; i++) await yieldTurn();
  assert.ok(published.length > 0);
  assert.deepEqual(collections, []);
});

/** Bytes in use in V8's young generation. */
function youngBytes(): number {
  return v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_used_size ?? NaN;
}

test('Node gives the server a collector that empties the young generation and keeps live objects', () => {
  const collect = youngGarbageCollector();
  assert.ok(collect, 'V8 accepted --expose-gc');
  const kept = { values: Array.from({ length: 1000 }, (_, i) => ({ i })) };
  let garbage: unknown[] | undefined = Array.from({ length: 20_000 }, (_, i) => ({ i }));
  const before = youngBytes();
  garbage = undefined;
  collect();
  assert.equal(garbage, undefined);
  assert.ok(youngBytes() < before / 2, `young generation ${before} → ${youngBytes()} bytes`);
  assert.equal(kept.values[999]?.i, 999);
});
