// Issue 20, items 13 and 14: file names that are not UTF-8 are scanned and named exactly where the
// format allows, and no file name can add or overwrite a line of the text report.
// Runs the built CLI: `npm run build` first.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { FIXABLE, FIXED, runCli, tempDir, write } from './builtCli';

/** `lat\xe9.rs` (Latin-1 é) and `lat\xe8.rs`: not UTF-8, and the same text once decoded lossily. */
const LATIN1_E_ACUTE = Buffer.from('lat\xe9.rs', 'latin1');
const LATIN1_E_GRAVE = Buffer.from('lat\xe8.rs', 'latin1');
/** A folder whose name is not UTF-8 either. */
const LATIN1_DIR = Buffer.from('d\xe9j\xe0', 'latin1');

const LINE = /^(.+):(\d+):(\d+): (error|warning|note)\[([a-z-]+)\] (.*)$/;
const SUMMARY = /^\d+ findings? in \d+ files?$/;

/**
 * The text report's lines without the `  = help: ` line under each finding, after checking that
 * each help line follows a finding line: a file name cannot fake either.
 */
function withoutHelp(stdout: string): string[] {
  const lines = stdout.split('\n');
  lines.forEach((l, i) => {
    if (l.startsWith('  = help: ')) assert.match(lines[i - 1] ?? '', /: warning\[unwrap-used\] /);
  });
  const help = lines.filter((l) => l.startsWith('  = help: '));
  const rest = lines.filter((l) => !l.startsWith('  = help: '));
  assert.equal(
    help.length,
    rest.filter((l) => / warning\[unwrap-used\] /.test(l)).length,
    'one help line per finding',
  );
  return rest;
}

function bytePath(dir: string, ...names: Buffer[]): Buffer {
  return Buffer.concat([Buffer.from(dir), ...names.flatMap((n) => [Buffer.from('/'), n])]);
}

interface JsonFinding {
  file: string;
  fileUri?: string;
  rule: string;
}

describe('file names that are not UTF-8 (item 13)', { concurrency: true }, () => {
  test('are scanned: lossy in text, exact in JSON and SARIF (percent-encoded bytes)', async () => {
    const dir = tempDir();
    write(bytePath(dir, LATIN1_E_ACUTE));
    write(bytePath(dir, LATIN1_E_GRAVE));
    fs.mkdirSync(bytePath(dir, LATIN1_DIR));
    write(bytePath(dir, LATIN1_DIR, Buffer.from('inner.rs')));

    const scan = (format: string) => runCli(dir, ['scan', '--format', format, '.']);
    const [text, json, sarif] = await Promise.all([scan('text'), scan('json'), scan('sarif')]);

    for (const r of [text, json, sarif]) {
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stderr, '', 'no "no such file" for names that are not UTF-8');
    }
    assert.deepEqual(
      withoutHelp(text.stdout).map((l) => LINE.exec(l)?.[1]),
      ['d\uFFFDj\uFFFD/inner.rs', 'lat\uFFFD.rs', 'lat\uFFFD.rs', undefined, undefined],
    );
    assert.match(text.stdout, /\n3 findings in 3 files\n$/);

    const report = JSON.parse(json.stdout) as { files: number; findings: JsonFinding[] };
    assert.equal(report.files, 3);
    const base = pathToFileURL(dir).href;
    assert.deepEqual(report.findings.map((f) => [f.file, f.fileUri]).sort(), [
      ['d\uFFFDj\uFFFD/inner.rs', `${base}/d%E9j%E0/inner.rs`],
      ['lat\uFFFD.rs', `${base}/lat%E8.rs`],
      ['lat\uFFFD.rs', `${base}/lat%E9.rs`],
    ]);

    const log = JSON.parse(sarif.stdout) as {
      runs: Array<{
        results: Array<{ locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }>;
      }>;
    };
    const uris = log.runs[0]?.results.map((r) => r.locations[0]?.physicalLocation.artifactLocation.uri);
    assert.deepEqual(uris?.sort(), ['d%E9j%E0/inner.rs', 'lat%E8.rs', 'lat%E9.rs']);
  });

  test('are fixed in place of the right file, and can be named on the command line', async () => {
    const dir = tempDir();
    const acute = bytePath(dir, LATIN1_E_ACUTE);
    const grave = bytePath(dir, LATIN1_E_GRAVE);
    write(acute);
    write(grave);

    // bash passes the raw byte 0xE9, which Node's argv can only show as U+FFFD.
    const r = await runCli(dir, ['scan', '--fix'], { shellArgs: `"$(printf 'lat\\351.rs')"` });

    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    assert.match(r.stdout, /^Applied 1 fix in 1 file\.$/m);
    assert.equal(fs.readFileSync(acute, 'utf8'), FIXED);
    assert.equal(fs.readFileSync(grave, 'utf8'), FIXABLE, 'the other name with the same lossy text');
    assert.deepEqual(
      fs
        .readdirSync(dir, { encoding: 'buffer' })
        .map((n) => n.toString('latin1'))
        .sort(),
      ['lat\xe8.rs', 'lat\xe9.rs'],
    );
  });
});

describe('every byte above 0x7F, alone in a name, is not UTF-8 (item 13)', () => {
  test('each of the 128 names n<byte>.rs, 0x80 to 0xFF, is scanned and named exactly in JSON', async () => {
    const dir = tempDir();
    const bytes = Array.from({ length: 128 }, (_, i) => 0x80 + i);
    for (const b of bytes) write(bytePath(dir, Buffer.from([0x6e, b, 0x2e, 0x72, 0x73])));

    const r = await runCli(dir, ['scan', '--format', 'json', '.']);

    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    const report = JSON.parse(r.stdout) as { files: number; findings: JsonFinding[] };
    assert.equal(report.files, 128);
    const base = pathToFileURL(dir).href;
    const hex = (b: number) => b.toString(16).toUpperCase();
    assert.deepEqual(
      report.findings.map((f) => f.fileUri).sort(),
      bytes.map((b) => `${base}/n%${hex(b)}.rs`).sort(),
    );
  });
});

describe('control characters in file names (item 14)', { concurrency: true }, () => {
  test('are escaped in the text report and in warnings: a name cannot fake a finding line', async () => {
    const dir = tempDir();
    const fake = 'x.rs\na:1:2: error[fake] y';
    write(path.join(dir, `${fake}.rs`));
    write(path.join(dir, 'cr\r.rs'));
    write(path.join(dir, 'esc\x1b[2K.rs'));
    write(path.join(dir, 'bidi\u202e.rs'));
    write(path.join(dir, 'nul\x1b]0;title\x07.rs'), 'fn f() {}\n\0\n'); // skipped with a warning

    const r = await runCli(dir, ['scan', '.']);

    assert.equal(r.code, 0, r.stderr);
    const lines = withoutHelp(r.stdout);
    assert.equal(lines.pop(), '');
    assert.match(lines.pop() ?? '', SUMMARY);
    assert.deepEqual(
      lines.map((l) => LINE.exec(l)?.[1]),
      ['bidi\\u{202e}.rs', 'cr\\r.rs', 'esc\\u{1b}[2K.rs', 'x.rs\\na:1:2: error[fake] y.rs'],
    );
    for (const l of lines) assert.match(l, /:2:12: warning\[unwrap-used\] /);
    assert.doesNotMatch(r.stdout + r.stderr.replace(/\n$/, ''), /[\u0000-\u0009\u000b-\u001f\u007f\u202e]/);
    assert.deepEqual(r.stderr.split('\n'), [
      'rust-safety-coach: warning: nul\\u{1b}]0;title\\u{7}.rs: contains NUL bytes (binary?); skipped',
      '',
    ]);
  });

  test('each of the 66 control characters a name can hold gives exactly one finding line', async () => {
    const dir = tempDir();
    // C0 but NUL, which no name can hold, then DEL, C1 (as UTF-8), and the line separators.
    const controls = [
      ...Array.from({ length: 31 }, (_, i) => i + 1),
      0x7f,
      ...Array.from({ length: 32 }, (_, i) => 0x80 + i),
      0x2028,
      0x2029,
    ].map((c) => String.fromCharCode(c));
    for (const c of controls) write(path.join(dir, `c${c}.rs`));

    const r = await runCli(dir, ['scan', '.']);

    assert.equal(r.code, 0, r.stderr);
    const lines = withoutHelp(r.stdout);
    assert.equal(lines.length, controls.length + 2, 'one line per file, the summary and the final newline');
    for (const l of lines.slice(0, -2))
      assert.match(l, /^c\\(n|r|t|u\{[0-9a-f]+\})\.rs:2:12: warning\[unwrap-used\] /);
  });
});
