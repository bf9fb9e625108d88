// `rust-safety-coach explain`, run as a real process from source (tsx), on the real output of the
// panicking fixture program (test/fixtures/panics) and on output written the way Windows prints it.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import type { ExplainJson } from '../src/cli/explainCommand';
import { PANICS_DIR, compilePanics, markerLine, runPanicCase } from './support/panicProgram';
import { tempDirs } from './support/tempDirs';

const CLI = path.resolve(__dirname, '..', 'src', 'cli', 'main.ts');
const TSX_CJS = require.resolve('tsx/cjs');
const tempDir = tempDirs('rsc-explain-');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in `cwd` with `input` on stdin. */
function explain(cwd: string, input: string, ...args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--require', TSX_CJS, CLI, 'explain', ...args], { cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

function json(run: Run): ExplainJson {
  assert.equal(run.code, 0, run.stderr);
  return JSON.parse(run.stdout) as ExplainJson;
}

let binary = '';

describe('explain', () => {
  before(async () => {
    binary = await compilePanics();
  });

  it('prints the location, lesson and summary of a panic (text)', async () => {
    const output = await runPanicCase(binary, 'option-unwrap');
    const run = await explain(PANICS_DIR, `Hello\n${output}`);
    assert.equal(run.code, 0, run.stderr);
    const [head, lesson, summary] = run.stdout.split('\n');
    assert.equal(
      head,
      `src/main.rs:${markerLine('option-unwrap')}:15: panic in thread 'main': called \`Option::unwrap()\` on a \`None\` value`,
    );
    assert.equal(lesson, '  lesson: unwrap-used (unwrap() on None or Err panics)');
    assert.match(summary ?? '', /^ {2}`unwrap\(\)` was called on an `Option` that was `None`/);
  });

  it('prints JSON: message, location and lesson', async () => {
    const output = await runPanicCase(binary, 'option-expect');
    assert.deepEqual(json(await explain(PANICS_DIR, output, '--format', 'json')), {
      version: 1,
      panics: [
        {
          message: 'config has a port',
          location: { file: 'src/main.rs', line: markerLine('option-expect'), column: 27 },
          lesson: 'expect-used',
        },
      ],
    });
  });

  it('reports no panic in output without one', async () => {
    const text = await explain(PANICS_DIR, '   Compiling demo v0.1.0\n    Finished\nhello\n');
    assert.equal(text.code, 0);
    assert.equal(text.stdout, 'No panic found in the input.\n');
    assert.deepEqual(json(await explain(PANICS_DIR, '', '--format=json')), { version: 1, panics: [] });
  });

  it('explains several panics in order', async () => {
    const output = await runPanicCase(binary, 'poison');
    const { panics } = json(await explain(PANICS_DIR, output, '--format', 'json'));
    assert.deepEqual(
      panics.map((p) => [p.message, p.location.line, p.lesson]),
      [
        ['worker failed', markerLine('poison-first'), null],
        [
          'called `Result::unwrap()` on an `Err` value: PoisonError { .. }',
          markerLine('poison'),
          'unwrap-used',
        ],
      ],
    );
    const text = await explain(PANICS_DIR, output);
    assert.equal(text.stdout.split('\n\n').length, 2, text.stdout);
  });

  it("follows the backtrace from std's location to the learner's line", async () => {
    const output = await runPanicCase(binary, 'swap-remove', '1');
    const { panics } = json(await explain(PANICS_DIR, output, '--format', 'json'));
    assert.deepEqual(panics[0]?.location, {
      file: 'src/main.rs',
      line: markerLine('swap-remove'),
      column: 15,
    });
    assert.equal(panics[0]?.lesson, 'indexing-may-panic');
    const text = await explain(PANICS_DIR, output);
    assert.match(
      text.stdout,
      /\n {2}std panicked at \/rustc\/[0-9a-f]+\/library\/alloc\/src\/vec\/mod\.rs:\d+; /,
    );
    // Without the backtrace the location stays in std, and the text says how to find the line.
    const bare = await explain(PANICS_DIR, await runPanicCase(binary, 'swap-remove', '0'));
    assert.match(bare.stdout, /^\/rustc\/[0-9a-f]+\/library\/alloc\/src\/vec\/mod\.rs:\d+:\d+: /);
    assert.match(bare.stdout, /run with RUST_BACKTRACE=1 to find the line in your code/);
  });

  it('without the source file, names an expect by the backtrace, or gives no lesson', async () => {
    const elsewhere = tempDir();
    const withFrames = await runPanicCase(binary, 'result-expect', '1');
    assert.equal(
      json(await explain(elsewhere, withFrames, '--format', 'json')).panics[0]?.lesson,
      'expect-used',
    );
    const bare = await runPanicCase(binary, 'result-expect', '0');
    const { panics } = json(await explain(elsewhere, bare, '--format', 'json'));
    assert.equal(panics[0]?.message, 'a number: ParseIntError { kind: InvalidDigit }');
    assert.equal(panics[0]?.lesson, null);
    assert.match((await explain(elsewhere, bare)).stdout, /\n {2}lesson: none yet\n/);
  });

  it('reads a Windows path (src\\main.rs) and CRLF output against the current folder', async () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'src'));
    fs.writeFileSync(
      path.join(dir, 'src', 'main.rs'),
      'fn main() {\n    let port = std::env::var("PORT").expect("PORT is set");\n}\n',
    );
    const output =
      "thread 'main' (4120) panicked at src\\main.rs:2:38:\r\nPORT is set: NotPresent\r\nnote: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\r\nerror: process didn't exit successfully: `target\\debug\\demo.exe` (exit code: 101)\r\n";
    assert.deepEqual(json(await explain(dir, output, '--format', 'json')).panics, [
      {
        message: 'PORT is set: NotPresent',
        location: { file: 'src\\main.rs', line: 2, column: 38 },
        lesson: 'expect-used',
      },
    ]);
  });

  it('reads a FILE argument, and refuses one that cannot be read', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'run.log'), await runPanicCase(binary, 'div-zero'));
    const { panics } = json(await explain(PANICS_DIR, '', '--format', 'json', path.join(dir, 'run.log')));
    assert.equal(panics[0]?.lesson, 'division-by-zero');
    const missing = await explain(dir, '', 'no-such.log');
    assert.equal(missing.code, 2);
    assert.equal(missing.stdout, '');
    assert.match(
      missing.stderr,
      /^rust-safety-coach: error: cannot read no-such\.log: no such file or directory\n$/,
    );
  });

  it('rejects a bad format and a second FILE', async () => {
    const format = await explain(PANICS_DIR, '', '--format', 'sarif');
    assert.equal(format.code, 2);
    assert.match(format.stderr, /--format must be one of text, json, not 'sarif'/);
    const two = await explain(PANICS_DIR, '', 'a.log', 'b.log');
    assert.equal(two.code, 2);
    assert.match(two.stderr, /explain reads one output/);
  });

  it('has help, also from `help explain`', async () => {
    const run = await explain(PANICS_DIR, '', '--help');
    assert.match(run.stdout, /^Usage: cargo run 2>&1 \| rust-safety-coach explain/);
    assert.match(run.stdout, /"lesson"/);
  });
});
