// The panic table and matcher on real panics: test/fixtures/panics is compiled with rustc, each
// case is run, and its actual output goes to the engine.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { loadLessons } from '../src/shared/lessons/catalog';
import {
  PANIC_KINDS,
  explainPanics,
  kindAtSource,
  parsePanicHeader,
  parsePanics,
  type PanicExplanation,
} from '../src/engine/panics';
import { PANICS_DIR, compilePanics, markerLine, runPanicCase, type Backtrace } from './support/panicProgram';

const readFixture = (file: string): string | undefined => {
  const full = path.resolve(PANICS_DIR, file);
  return fs.existsSync(full) ? fs.readFileSync(full, 'utf8') : undefined;
};

interface Case {
  kind: string;
  /** Panics inside std: without a backtrace, the location is std's. */
  inStd?: boolean;
  /** Named only by the source at the location (a macro or an `expect` message), not the backtrace. */
  sourceOnly?: boolean;
  /** Named by the source or the backtrace's std frame, not the message. */
  notByMessage?: boolean;
}

const CASES: Record<string, Case> = {
  'option-unwrap': { kind: 'option-unwrap' },
  'result-unwrap': { kind: 'result-unwrap' },
  'option-expect': { kind: 'expect-failed', notByMessage: true },
  'result-expect': { kind: 'expect-failed', notByMessage: true },
  'nested-expect': { kind: 'expect-failed', notByMessage: true },
  'unwrap-err': { kind: 'result-unwrap' },
  index: { kind: 'index-out-of-bounds' },
  'slice-end': { kind: 'range-out-of-bounds' },
  'slice-start': { kind: 'range-out-of-bounds' },
  'slice-order': { kind: 'range-out-of-bounds' },
  'str-boundary': { kind: 'str-index' },
  'str-range': { kind: 'str-index' },
  'map-key': { kind: 'missing-map-key' },
  remove: { kind: 'range-out-of-bounds' },
  insert: { kind: 'range-out-of-bounds' },
  'swap-remove': { kind: 'range-out-of-bounds', inStd: true },
  'split-at': { kind: 'range-out-of-bounds' },
  drain: { kind: 'range-out-of-bounds', inStd: true },
  'add-overflow': { kind: 'integer-overflow' },
  'sub-overflow': { kind: 'integer-overflow' },
  'mul-overflow': { kind: 'integer-overflow' },
  'neg-overflow': { kind: 'integer-overflow' },
  'shl-overflow': { kind: 'integer-overflow' },
  'div-overflow': { kind: 'division-overflow' },
  duration: { kind: 'integer-overflow', inStd: true },
  'div-zero': { kind: 'division-by-zero' },
  'rem-zero': { kind: 'division-by-zero' },
  'refcell-borrow-mut': { kind: 'refcell-borrow' },
  'refcell-borrow': { kind: 'refcell-borrow' },
  capacity: { kind: 'capacity-overflow', inStd: true },
  assert: { kind: 'assertion-failed' },
  'assert-eq': { kind: 'assertion-failed' },
  'assert-msg': { kind: 'assertion-failed', sourceOnly: true },
  unreachable: { kind: 'unreachable' },
  todo: { kind: 'not-implemented' },
  unimplemented: { kind: 'not-implemented' },
  explicit: { kind: 'explicit-panic' },
  custom: { kind: 'explicit-panic', sourceOnly: true },
};

const lessons = loadLessons(path.resolve(__dirname, '..', 'lessons'));

let binary = '';
const outputs = new Map<string, string>();
async function output(kase: string, backtrace: Backtrace): Promise<string> {
  const key = `${kase} ${backtrace}`;
  const cached = outputs.get(key);
  if (cached !== undefined) return cached;
  const text = await runPanicCase(binary, kase, backtrace);
  outputs.set(key, text);
  return text;
}

function only(explained: PanicExplanation[]): PanicExplanation {
  assert.equal(explained.length, 1, `expected one panic, got ${explained.length}`);
  return explained[0] as PanicExplanation;
}

describe('panic table', () => {
  it('names lessons that exist, and every kind once', () => {
    const ids = new Set<string>();
    for (const kind of PANIC_KINDS) {
      assert.ok(!ids.has(kind.id), `${kind.id} twice`);
      ids.add(kind.id);
      if (kind.lesson !== null) assert.ok(lessons.has(kind.lesson), `${kind.id}: no lesson ${kind.lesson}`);
      assert.ok(kind.summary.length > 40, `${kind.id}: summary`);
    }
  });

  it('covers every kind with a real panic of the fixture', () => {
    const covered = new Set([
      ...Object.values(CASES).map((c) => c.kind),
      'poisoned-lock',
      'joined-panicked-thread',
    ]);
    // `unwrap-failed` is the link's name for an unwrap whose message it cannot see.
    const missing = PANIC_KINDS.map((k) => k.id).filter((id) => !covered.has(id) && id !== 'unwrap-failed');
    assert.deepEqual(missing, []);
  });
});

describe('real panics, compiled with rustc and run', () => {
  before(async () => {
    binary = await compilePanics();
  });

  for (const [kase, expected] of Object.entries(CASES)) {
    it(`${kase}: without a backtrace, from the message and the source`, async () => {
      const text = await output(kase, '0');
      const explained = only(explainPanics(text, readFixture));
      assert.equal(explained.kind?.id, expected.kind, text);
      assert.equal(explained.lesson, explained.kind?.lesson ?? null);
      if (expected.inStd) {
        assert.match(explained.location.file, /^\/rustc\/[0-9a-f]+\/library\//);
        assert.equal(explained.inLibrary, true);
      } else {
        assert.deepEqual(
          { file: explained.location.file, line: explained.location.line },
          { file: 'src/main.rs', line: markerLine(kase) },
        );
        assert.equal(explained.inLibrary, false);
      }
    });

    it(`${kase}: with RUST_BACKTRACE=1 and no source, from the message and the backtrace`, async () => {
      const text = await output(kase, '1');
      const explained = only(explainPanics(text));
      assert.ok(explained.panic.frames.length > 0, 'no frames parsed');
      assert.equal(explained.kind?.id, expected.sourceOnly ? undefined : expected.kind, text);
      assert.deepEqual(
        { file: explained.location.file, line: explained.location.line },
        { file: 'src/main.rs', line: markerLine(kase) },
      );
      assert.equal(explained.inLibrary, false);
    });

    if (expected.notByMessage) {
      it(`${kase}: with neither source nor backtrace, no lesson rather than a guess`, async () => {
        const explained = only(explainPanics(await output(kase, '0')));
        assert.equal(explained.kind, undefined);
        assert.equal(explained.lesson, null);
      });
    }
  }

  it('poison: both panics, the worker first, then the poisoned lock', async () => {
    const explained = explainPanics(await output('poison', '0'), readFixture);
    assert.deepEqual(
      explained.map((e) => [e.panic.thread, e.kind?.id, e.lesson, e.location.line]),
      [
        ['<unnamed>', 'explicit-panic', null, markerLine('poison-first')],
        ['main', 'poisoned-lock', 'unwrap-used', markerLine('poison')],
      ],
    );
  });

  it("thread: the worker's unwrap, then main's join().unwrap()", async () => {
    const explained = explainPanics(await output('thread', '1'));
    assert.deepEqual(
      explained.map((e) => [e.panic.thread, e.kind?.id, e.lesson, e.location.line]),
      [
        ['worker', 'option-unwrap', 'unwrap-used', markerLine('thread-first')],
        ['main', 'joined-panicked-thread', 'unwrap-used', markerLine('thread')],
      ],
    );
  });

  it('RUST_BACKTRACE=full: frames with addresses, still the user frame', async () => {
    const explained = only(explainPanics(await output('swap-remove', 'full')));
    // Full backtraces name the user's frame by its absolute path.
    assert.equal(explained.location.file, path.join(PANICS_DIR, 'src', 'main.rs'));
    assert.equal(explained.location.line, markerLine('swap-remove'));
    assert.equal(explained.lesson, 'indexing-may-panic');
    assert.ok(explained.panic.frames.length > 20);
  });

  it('keeps assert_eq!’s left/right lines in the message', async () => {
    const explained = only(explainPanics(await output('assert-eq', '0')));
    assert.equal(explained.panic.message, 'assertion `left == right` failed\n  left: 3\n right: 4');
  });

  it('reads the thread id header of Rust 1.95', async () => {
    const first = (await output('option-unwrap', '0')).split('\n').find((l) => l.startsWith('thread'));
    assert.match(first ?? '', /^thread 'main' \(\d+\) panicked at src\/main\.rs:\d+:\d+:$/);
    assert.equal(parsePanicHeader(first ?? '')?.location.file, 'src/main.rs');
  });
});

describe('panic output from other compilers and systems', () => {
  it('reads the 1.73-1.87 header (no thread id) and the pre-1.73 one (message inline)', () => {
    const newer = parsePanics("thread 'main' panicked at src/main.rs:4:7:\nattempt to divide by zero\n");
    assert.deepEqual(newer, [
      {
        thread: 'main',
        message: 'attempt to divide by zero',
        location: { file: 'src/main.rs', line: 4, column: 7 },
        frames: [],
      },
    ]);
    const older = parsePanics(
      "thread 'main' panicked at 'called `Option::unwrap()` on a `None` value', src/main.rs:2:37\nnote: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n",
    );
    assert.equal(older[0]?.message, 'called `Option::unwrap()` on a `None` value');
    assert.deepEqual(older[0]?.location, { file: 'src/main.rs', line: 2, column: 37 });
  });

  it('reads Windows output: backslashes and CRLF', () => {
    const text =
      "   Compiling demo v0.1.0\r\nthread 'main' (812) panicked at src\\main.rs:12:5:\r\nRefCell already borrowed\r\nnote: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\r\nerror: process didn't exit successfully: `target\\debug\\demo.exe` (exit code: 101)\r\n";
    const explained = only(explainPanics(text));
    assert.deepEqual(explained.location, { file: 'src\\main.rs', line: 12, column: 5 });
    assert.equal(explained.lesson, 'refcell-borrow');
  });

  it('ignores colour codes and finds no panic in ordinary output', () => {
    assert.deepEqual(parsePanics('hello\n\x1b[1m\x1b[32m   Compiling\x1b[0m demo\nthread panicked\n'), []);
    assert.equal(parsePanicHeader("\x1b[0mthread 'main' (1) panicked at src/lib.rs:1:2:")?.location.line, 1);
  });
});

describe('kindAtSource', () => {
  const at = (line: string, marker: string) => kindAtSource(line, 1, line.indexOf(marker) + 1);
  it('names the call at the column', () => {
    assert.equal(at('    let x = y.expect("set");', 'expect'), 'expect-failed');
    assert.equal(at('    let x = y.unwrap();', 'unwrap'), 'unwrap-failed');
    assert.equal(at('    c.borrow_mut().push(1);', 'borrow_mut'), 'refcell-borrow');
    assert.equal(at('    println!("{}", v[i]);', 'v[i]'), 'index-out-of-bounds');
    assert.equal(at('    println!("{}", v[i]);', '[i]'), 'index-out-of-bounds');
    assert.equal(at('    assert_eq!(a, b);', 'assert_eq'), 'assertion-failed');
    assert.equal(at('    todo!()', 'todo'), 'not-implemented');
  });
  it('says nothing when the code there does not say', () => {
    assert.equal(at('    let q = a / b;', 'a / b'), undefined);
    assert.equal(at('    fn expect(x: u8) {}', 'expect'), undefined);
    assert.equal(kindAtSource('one line', 3, 1), undefined);
    assert.equal(kindAtSource('short', 1, 40), undefined);
  });
  it('counts columns in characters, as rustc does', () => {
    assert.equal(kindAtSource('let é = "ü".len(); x.unwrap();', 1, 22), 'unwrap-failed');
  });
});
