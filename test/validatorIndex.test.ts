// An open document's analysis and the crate index: one made without the index that looked for
// crate items is made again once it is ready, whatever was in flight; and a re-analysis nobody
// typed, parked behind edits, is dropped when its document closes or changes meanwhile.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, test } from 'node:test';
import { CrateIndex, indexText } from '../src/engine';
import { RustDocuments } from '../src/server/documents';
import { SettingsStore } from '../src/server/settings';
import { Validator } from '../src/server/validation';
import type { FileItems } from '../src/engine/semantics/fileItems';
import { WorkspaceCrates } from '../src/server/workspaceCrates';
import { yieldTurn } from '../src/server/yieldTurn';
import { testParser } from './support/engine';
import { fakeConnection } from './support/fakeConnection';
import { tempDirs } from './support/tempDirs';

const tempDir = tempDirs('rsc-index-elsewhere-');

const UTIL = 'pub fn port(s: &str) -> Result<u16, std::num::ParseIntError> {\n    s.parse()\n}\n';

/** Long enough that one analysis takes many steps; every unwrap's `?` needs util.rs's signature. */
function ports(fns: number): string {
  const out = ['use std::num::ParseIntError;\n'];
  for (let i = 0; i < fns; i++)
    out.push(
      `pub fn checked${i}(s: &str) -> Result<u16, ParseIntError> {\n    let p = crate::util::port(s).unwrap();\n    Ok(p + 1)\n}\n`,
    );
  return out.join('');
}

async function setUp() {
  const parser = await testParser();
  const quiet = () => undefined;
  const published: string[] = [];
  const connection = fakeConnection(published);
  const documents = new RustDocuments(parser, quiet);
  const index: { current?: CrateIndex } = {};
  const crates = {
    configFor: () => undefined,
    indexFor: () => index.current,
    rootOf: () => '/w',
  } as unknown as WorkspaceCrates;
  const validator = new Validator(connection, documents, new SettingsStore(connection, false), crates);
  const ready = () => {
    index.current = new CrateIndex([indexText(parser, UTIL, 'src/util.rs')]);
  };
  return { documents, validator, published, ready };
}

const typedFixes = (findings: { fixes: { title: string }[] }[] | undefined) =>
  (findings ?? []).filter((f) => f.fixes.some((x) => /Propagate the error with `\?`/.test(x.title))).length;

describe('an analysis made without the crate index', () => {
  for (const inFlight of [
    'the first analysis (didOpen)',
    'a re-analysis after new settings, parked behind an edit',
  ]) {
    test(`is made again once the index is ready, when ${inFlight} was under way`, async () => {
      const { documents, validator, ready } = await setUp();
      const uri = 'file:///w/src/ports.rs';
      const doc = documents.open(uri, 'rust', 1, ports(1500));
      if (inFlight.startsWith('the first')) {
        void validator.validate(uri, 'edit');
      } else {
        documents.open('file:///w/src/other.rs', 'rust', 1, 'fn x() {}\n');
        validator.schedule('file:///w/src/other.rs', 200, 'edit');
        validator.schedule(uri, 0, 'background');
      }
      for (let i = 0; i < 3; i++) await yieldTurn();
      // The index arrives, as startServer's onReady passes it on.
      ready();
      validator.crateIndexed(uri);
      await new Promise((resolve) => setTimeout(resolve, 250));
      await validator.whenIdle();
      assert.equal(typedFixes(doc.analysis?.findings), 1500);
      assert.equal(typedFixes((await validator.current(doc)).findings), 1500);
    });
  }

  test('is kept when it never looked beyond its own items', async () => {
    const { documents, validator, published, ready } = await setUp();
    const uri = 'file:///w/src/raw.rs';
    documents.open(uri, 'rust', 1, 'pub fn first(p: *const u8) -> u8 {\n    unsafe { *p }\n}\n');
    await validator.validate(uri, 'edit');
    ready();
    validator.crateIndexed(uri);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await validator.whenIdle();
    assert.deepEqual(published, [uri]);
  });
});

describe('a re-analysis nobody typed, parked behind an edit', () => {
  test('is dropped when its document closes meanwhile: the closed document is not parsed again', async () => {
    const { documents, validator } = await setUp();
    const a = 'file:///w/src/a.rs';
    const b = 'file:///w/src/b.rs';
    const docA = documents.open(a, 'rust', 1, ports(300));
    documents.open(b, 'rust', 1, 'fn b() {}\n');
    validator.schedule(b, 30, 'edit');
    validator.schedule(a, 0, 'background');
    await new Promise((resolve) => setTimeout(resolve, 5));
    documents.close(a);
    validator.closed(a, 1);
    assert.equal(docA.hasTree, false);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await validator.whenIdle();
    for (let i = 0; i < 5; i++) await yieldTurn();
    assert.equal(docA.hasTree, false, 'the closed document was parsed again');
    assert.equal(docA.analysis, undefined);
  });
});

describe('WorkspaceCrates with an index built elsewhere', () => {
  async function crateWith(text: string) {
    const root = tempDir();
    fs.mkdirSync(path.join(root, 'src'));
    fs.writeFileSync(path.join(root, 'Cargo.toml'), '[package]\nname = "x"\nversion = "0.1.0"\n');
    const lib = path.join(root, 'src', 'lib.rs');
    fs.writeFileSync(lib, text);
    return { root, lib, uri: pathToFileURL(lib).href, parser: await testParser() };
  }

  test('a file changed while the index was built elsewhere is read again once it arrives', async () => {
    const { lib, uri, parser } = await crateWith('pub fn before() {}\n');
    let deliver: (files: FileItems[]) => void = () => undefined;
    const crates = new WorkspaceCrates(
      parser,
      () => undefined,
      () => undefined,
      undefined,
      {
        offThread: () => new Promise((resolve) => (deliver = resolve)),
      },
    );
    assert.equal(crates.indexFor(uri), undefined);
    // The other thread read the file before it changed.
    const stale = indexText(parser, 'pub fn before() {}\n', 'src/lib.rs');
    fs.writeFileSync(lib, 'pub fn after() {}\n');
    crates.refresh(uri);
    deliver([stale]);
    const index = await crates.whenIndexed(uri);
    assert.ok(index);
    assert.equal(index.declaresFn('after'), true);
    assert.equal(index.declaresFn('before'), false);
  });

  test('after dispose, a build elsewhere that fails is not redone on this thread', async () => {
    const { uri, parser } = await crateWith('pub fn f() {}\n');
    let fail: (error: Error) => void = () => undefined;
    let stepsHere = 0;
    const crates = new WorkspaceCrates(
      parser,
      () => undefined,
      () => undefined,
      undefined,
      {
        offThread: () => new Promise((_resolve, reject) => (fail = reject)),
        giveWay: () => {
          stepsHere++;
          return Promise.resolve();
        },
      },
    );
    crates.indexFor(uri);
    crates.dispose();
    fail(new Error('the workspace scan stopped'));
    assert.equal(await crates.whenIndexed(uri), undefined);
    assert.equal(stepsHere, 0);
  });
});
