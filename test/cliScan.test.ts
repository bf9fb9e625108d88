// The scan's parts that decide speed and freshness, in process: the cache, the file reader and the JSON report.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { everyCoreBusy } from '../src/cli/compilerBudget';
import { engineFingerprint } from '../src/cli/engineFingerprint';
import { createEnginePathResolver } from '../src/shared/cratePath';
import { nameHash } from '../src/cli/hashes';
import { createRustParser } from '../src/engine';
import { findingJson } from '../src/cli/findingJson';
import { formatJson } from '../src/cli/formatJson';
import { findGrammarDir } from '../src/cli/grammarDir';
import { readSourceBytes, SourceReader } from '../src/cli/readSource';
import { ScanCache, type FileStat } from '../src/cli/scanCache';
import { FileAnalyzer } from '../src/cli/scanWorkers';
import type { Finding, ScanReport } from '../src/shared/types';
import { tempDirs } from './support/tempDirs';

const TSX_CJS = require.resolve('tsx/cjs');

const tempDir = tempDirs('rsc-scan-');

const FINDING: Finding = {
  rule: 'unwrap-used',
  lesson: 'unwrap-used',
  severity: 'warning',
  message: 'say why… 😀',
  advice: 'and then… 🦀',
  range: { start: { line: 1, character: 4 }, end: { line: 1, character: 12 } },
  fixes: [
    {
      title: 'Replace with `expect("…")`',
      applicability: 'suggestion',
      edits: [
        {
          range: { start: { line: 1, character: 4 }, end: { line: 1, character: 12 } },
          newText: 'expect("\t\n")',
        },
      ],
    },
  ],
};

/** A file last changed an hour ago: old enough for the cache to trust its stat. */
const SETTLED: FileStat = {
  size: 10,
  mtimeMs: Date.now() - 3_600_000,
  ctimeMs: Date.now() - 3_600_000,
  ino: 7,
};

describe('ScanCache', () => {
  const content = Buffer.from('fn f() {}\n');
  const key = ScanCache.key(content, 'src/lib.rs');
  const statKey = ScanCache.statKey('/crate/src/lib.rs', 'src/lib.rs', SETTLED);
  const stored = [findingJson(FINDING)];

  test('another engine or rule set never reads these findings, even from a file of the same name', () => {
    const dir = tempDir();
    const cache = new ScanCache('engine', 'rules', dir);
    cache.set(key, statKey, SETTLED, stored);
    cache.save();
    assert.equal(new ScanCache('engine 2', 'rules', dir).getByStat(statKey), undefined);
    assert.equal(new ScanCache('engine', 'other rules', dir).getByStat(statKey), undefined);
    // File names are a short hash: put this cache where another engine's would be.
    const [file] = fs.readdirSync(dir);
    const other = new ScanCache('engine 2', 'rules', dir);
    other.set(key, statKey, SETTLED, []);
    other.save();
    const otherFile = fs.readdirSync(dir).find((f) => f !== file) ?? '';
    fs.copyFileSync(path.join(dir, file ?? ''), path.join(dir, otherFile));
    assert.equal(new ScanCache('engine 2', 'rules', dir).getByStat(statKey), undefined);
    assert.deepEqual(new ScanCache('engine', 'rules', dir).getByStat(statKey), stored);
  });

  test('saving keeps the eight most recently written caches and nothing else is touched', () => {
    const dir = tempDir();
    for (let i = 0; i < 10; i++) {
      const old = path.join(dir, `scan-old${i}.txt`);
      fs.writeFileSync(old, 'x');
      const when = new Date(Date.now() - (i + 1) * 60_000);
      fs.utimesSync(old, when, when);
    }
    fs.writeFileSync(path.join(dir, 'server-x.v8cache'), 'x');
    const cache = new ScanCache('engine', 'rules', dir);
    cache.set(key, statKey, SETTLED, stored);
    cache.save();
    const left = fs.readdirSync(dir).sort();
    assert.equal(left.filter((f) => f.startsWith('scan-')).length, 8);
    assert.ok(left.includes('server-x.v8cache'));
    for (let i = 0; i < 7; i++) assert.ok(left.includes(`scan-old${i}.txt`), `the newer scan-old${i}`);
    assert.deepEqual(new ScanCache('engine', 'rules', dir).getByStat(statKey), stored);
  });

  test('file names: FNV-1a, 64 bits', () => {
    assert.equal(nameHash(''), 'cbf29ce484222325');
    assert.equal(nameHash('a'), 'af63dc4c8601ec8c');
    assert.equal(nameHash('foobar'), '85944171f73967e8');
  });

  test('what one run stores the next finds by stat, and by content under a new stat', () => {
    const dir = tempDir();
    const first = new ScanCache('engine', 'rules', dir);
    assert.equal(first.getByStat(statKey), undefined);
    first.set(key, statKey, SETTLED, stored);
    first.save();

    assert.deepEqual(new ScanCache('engine', 'rules', dir).getByStat(statKey), stored);

    // The next run sees the file touched: same content, new stat.
    const second = new ScanCache('engine', 'rules', dir);
    const touched = { ...SETTLED, mtimeMs: SETTLED.mtimeMs + 1, ctimeMs: SETTLED.ctimeMs + 1 };
    const touchedKey = ScanCache.statKey('/crate/src/lib.rs', 'src/lib.rs', touched);
    assert.equal(second.getByStat(touchedKey), undefined, 'a new stat is not the old file');
    assert.deepEqual(second.getByContent(key, touchedKey, touched), stored);
    second.save();

    const third = new ScanCache('engine', 'rules', dir);
    assert.deepEqual(third.getByStat(touchedKey), stored);
    assert.equal(third.getByStat(statKey), undefined, 'the superseded stat of the same file is dropped');
    assert.equal(new ScanCache('other engine', 'rules', dir).getByStat(touchedKey), undefined);
    assert.equal(new ScanCache('engine', 'other rules', dir).getByStat(touchedKey), undefined);
  });

  test('any stat field that changes makes a new key; ctime catches a rewrite that restored mtime', () => {
    const base = ScanCache.statKey('/a.rs', 'a.rs', SETTLED);
    for (const change of [{ size: 11 }, { mtimeMs: 1 }, { ctimeMs: 1 }, { ino: 8 }]) {
      assert.notEqual(
        ScanCache.statKey('/a.rs', 'a.rs', { ...SETTLED, ...change }),
        base,
        JSON.stringify(change),
      );
    }
    assert.notEqual(ScanCache.statKey('/b.rs', 'a.rs', SETTLED), base);
    assert.notEqual(ScanCache.statKey('/a.rs', 'tests/a.rs', SETTLED), base);
    assert.notEqual(ScanCache.key(content, 'tests/lib.rs'), key, 'rules look at the engine path');
  });

  test('a file changed within the last seconds is not trusted by its stat next time, only by content', () => {
    const dir = tempDir();
    const now = { ...SETTLED, ctimeMs: Date.now(), mtimeMs: Date.now() };
    const nowKey = ScanCache.statKey('/crate/src/lib.rs', 'src/lib.rs', now);
    const first = new ScanCache('engine', 'rules', dir);
    first.set(key, nowKey, now, stored);
    first.save();
    const second = new ScanCache('engine', 'rules', dir);
    assert.equal(second.getByStat(nowKey), undefined);
    assert.deepEqual(second.getByContent(key, nowKey, now), stored);
  });

  test('a run that learns nothing does not rewrite the cache; a damaged one is empty', () => {
    const dir = tempDir();
    const first = new ScanCache('engine', 'rules', dir);
    first.set(key, statKey, SETTLED, []);
    first.save();
    const [file] = fs.readdirSync(dir);
    assert.ok(file);
    const before = fs.statSync(path.join(dir, file));
    const second = new ScanCache('engine', 'rules', dir);
    assert.deepEqual(second.getByStat(statKey), [], 'no findings is an answer too');
    second.save();
    const afterSave = fs.statSync(path.join(dir, file));
    assert.equal(afterSave.ino, before.ino);
    assert.equal(afterSave.mtimeMs, before.mtimeMs);

    fs.writeFileSync(path.join(dir, file), 'not a cache\n\t\t\n');
    assert.equal(new ScanCache('engine', 'rules', dir).getByStat(statKey), undefined);
  });

  test('the stored text is ASCII, one line per file, whatever the paths and findings hold', () => {
    const dir = tempDir();
    const odd = '/crate/src/ünï\tcode\n.rs';
    const oddKey = ScanCache.statKey(odd, 'src/x.rs', SETTLED);
    const cache = new ScanCache('engine', 'rules', dir);
    cache.set(key, oddKey, SETTLED, [findingJson(FINDING), findingJson(FINDING)]);
    cache.save();
    const [file] = fs.readdirSync(dir);
    const text = fs.readFileSync(path.join(dir, file ?? ''), 'latin1');
    assert.match(text, /^[\x20-\x7e\t\n]*$/);
    assert.equal(text.trimEnd().split('\n').length, 2, 'a header and one entry');
    assert.deepEqual(
      new ScanCache('engine', 'rules', dir).getByStat(oddKey)?.map((f) => JSON.parse(f)),
      [FINDING, FINDING],
    );
  });
});

describe('engine paths', () => {
  test('relative to the nearest Cargo.toml, from the walk or the disk, else the fallback', () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'crate', 'tests', 'deep'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'crate', 'Cargo.toml'), '');
    const onDisk = createEnginePathResolver();
    const file = path.join(dir, 'crate', 'tests', 'deep', 'a.rs');
    assert.equal(onDisk(file, 'given'), 'tests/deep/a.rs');
    assert.equal(onDisk(path.join(dir, 'loose.rs'), 'given'), 'given');
    // What the walk listed is believed: here it saw a manifest in `tests/` that is not on disk.
    const listed = new Map([[path.join(dir, 'crate', 'tests'), true]]);
    assert.equal(createEnginePathResolver(listed)(file, 'given'), 'deep/a.rs');
  });
});

describe('engineFingerprint', () => {
  test('hashes a just-written engine by content, a settled one by stat, and changes with either', (t) => {
    const dir = tempDir();
    const bundle = path.join(dir, 'cli.js');
    fs.writeFileSync(bundle, 'bundle one');
    fs.writeFileSync(path.join(dir, 'cliAnalysis.js'), 'analysis');
    fs.writeFileSync(path.join(dir, 'tree-sitter-rust.wasm'), 'grammar');
    fs.writeFileSync(path.join(dir, 'web-tree-sitter.wasm'), 'runtime');
    const fresh = engineFingerprint(bundle, dir);
    fs.writeFileSync(bundle, 'bundle one');
    assert.equal(engineFingerprint(bundle, dir), fresh, 'the same content, rewritten moments ago');
    fs.writeFileSync(bundle, 'bundle two');
    assert.notEqual(engineFingerprint(bundle, dir), fresh, 'new content of the same size');

    // Three seconds on, every file's last change is old enough to be told by its stat alone.
    const now = Date.now() + 3000;
    t.mock.method(Date, 'now', () => now);
    const settled = engineFingerprint(bundle, dir);
    assert.equal(engineFingerprint(bundle, dir), settled);
    fs.writeFileSync(bundle, 'bundle two');
    assert.notEqual(engineFingerprint(bundle, dir), settled, 'the same content rewritten: a new ctime');
  });
});

describe('SourceReader', () => {
  test('reads file after file into one buffer with the same verdicts as readSourceBytes', () => {
    const dir = tempDir();
    const files: Array<[string, Buffer]> = [
      ['big.rs', Buffer.alloc(300_000, 'a')],
      ['small.rs', Buffer.from('fn f() {}\n')],
      ['bom.rs', Buffer.from('\uFEFFfn g() {}\n')],
      ['empty.rs', Buffer.alloc(0)],
      ['nul.rs', Buffer.from('fn f() {}\0')],
      ['latin1.rs', Buffer.from([0x2f, 0x2f, 0xe9, 0x0a])],
      ['bigger.rs', Buffer.alloc(700_000, 'b')],
    ];
    for (const [name, bytes] of files) fs.writeFileSync(path.join(dir, name), bytes);
    const reader = new SourceReader();
    for (const name of [...files.map(([n]) => n), 'small.rs', 'missing.rs']) {
      const file = path.join(dir, name);
      const read = reader.read(file);
      const expected = readSourceBytes(file);
      if (!expected.ok) {
        assert.deepEqual(read, expected, name);
        continue;
      }
      assert.ok(read.ok, name);
      assert.equal(read.hadBom, expected.hadBom, name);
      assert.ok(Buffer.from(read.bytes).equals(expected.bytes), name);
    }
    assert.deepEqual(reader.read(path.join(dir, 'nul.rs')), {
      ok: false,
      reason: 'contains NUL bytes (binary?); skipped',
    });
    assert.deepEqual(reader.read(path.join(dir, 'latin1.rs')), {
      ok: false,
      reason: 'not valid UTF-8; skipped',
    });
  });
});

describe('formatJson', () => {
  test('one finding per line, ASCII only, and the documented ScanReport once parsed', () => {
    const text = formatJson({
      files: [
        {
          display: 'src/ä.rs',
          absolute: '/c/src/ä.rs',
          findingsJson: [findingJson(FINDING), findingJson(FINDING)],
        },
        { display: 'src/clean.rs', absolute: '/c/src/clean.rs', findingsJson: [] },
      ],
    });
    assert.match(text, /^[\x20-\x7e\n]*$/);
    const lines = text.split('\n');
    assert.equal(lines[0], '{"version":1,"files":2,"findings":[');
    assert.ok(lines[1]?.startsWith('{"file":"src/\\u00e4.rs","rule":"unwrap-used",'), lines[1]);
    assert.equal(lines.slice(1, -2).length, 2);
    assert.deepEqual(lines.slice(-2), [']}', '']);
    const report = JSON.parse(text) as ScanReport;
    assert.deepEqual(report, {
      version: 1,
      files: 2,
      findings: [
        { file: 'src/ä.rs', ...FINDING },
        { file: 'src/ä.rs', ...FINDING },
      ],
    });
    assert.deepEqual(Object.keys(report.findings[0] ?? {}), [
      'file',
      'rule',
      'lesson',
      'severity',
      'message',
      'advice',
      'range',
      'fixes',
    ]);
    assert.equal(formatJson({ files: [] }), '{"version":1,"files":0,"findings":[]}\n');
  });

  test('findingJson keeps only the documented keys', () => {
    const extra = { ...FINDING, internal: 1, range: { ...FINDING.range, extra: true } } as unknown as Finding;
    assert.equal(findingJson(extra), findingJson(FINDING));
  });
});

describe('analyzeInThreads', () => {
  test('workers take jobs from the shared list and report what this thread would', async () => {
    const dir = tempDir();
    const files = Array.from({ length: 12 }, (_, i) => path.join(dir, `m${i}.rs`));
    files.forEach((file, i) => {
      const body = `pub fn f(v: Option<u8>) -> u8 {\n${'    v.unwrap();\n'.repeat(i)}    0\n}\n`;
      fs.writeFileSync(file, i === 5 ? 'fn f() {}\0' : body);
    });
    const here = new FileAnalyzer(await createRustParser(findGrammarDir()), {
      rules: undefined,
      includeTests: false,
      knownKeys: undefined,
    });
    const expected = files.map((absolute, index) => {
      const display = path.basename(absolute);
      return here.analyze({ index, absolute, display, enginePath: `src/${display}` });
    });
    assert.equal(expected[3]?.findingsJson?.length, 3);
    assert.deepEqual(expected[5]?.warnings, ['m5.rs: contains NUL bytes (binary?); skipped']);

    const helper = path.join(__dirname, 'support', 'workersOnly.ts');
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile(
        process.execPath,
        ['--require', TSX_CJS, helper, ...files],
        { encoding: 'utf8', timeout: 60_000 },
        (error, out) => (error ? reject(error) : resolve(out)),
      ),
    );
    assert.deepEqual(JSON.parse(stdout), JSON.parse(JSON.stringify(expected)));
  });
});

describe('everyCoreBusy', () => {
  test('V8 optimises fewer functions only when the analysing threads leave no core spare', () => {
    assert.equal(everyCoreBusy(1, 1), false, 'one thread: V8 compiles on the main thread or a spare core');
    assert.equal(everyCoreBusy(1, 2), false);
    assert.equal(everyCoreBusy(2, 2), true);
    assert.equal(everyCoreBusy(3, 2), true);
    assert.equal(everyCoreBusy(2, 4), false, 'two spare cores take the background compiles');
    assert.equal(everyCoreBusy(8, 8), true);
  });
});
