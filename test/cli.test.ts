// The CLI, run as a real process from source (tsx), against copies of a tiny crate in temp dirs.
import assert from 'node:assert/strict';
import { execFile, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { version } from '../package.json';
import { ChangedOnDiskError, writeFileAtomically } from '../src/cli/atomicWrite';
import { ruleInfos } from '../src/engine';
import type { ScanReport } from '../src/shared/types';
import { tempDirs } from './support/tempDirs';

const REPO_ROOT = path.resolve(__dirname, '..');
const CLI = path.join(REPO_ROOT, 'src', 'cli', 'main.ts');
const FIXTURE_CRATE = path.join(REPO_ROOT, 'test', 'fixtures', 'cli', 'crate');
// Absolute loader paths: the CLI runs with a temp dir as cwd, where `tsx` would not resolve.
// The CJS hook starts faster than `--import tsx` (no loader thread), and the bundle is CJS too.
const TSX_CJS = require.resolve('tsx/cjs');
// The lazy `import()` of the language server needs tsx's ESM hook.
const TSX_ESM = pathToFileURL(require.resolve('tsx')).href;
const HAS_RUSTC = spawnSync('rustc', ['--version']).status === 0;

const UNWRAP_MESSAGE = 'used `unwrap()` on an `Option` value';
const UNWRAP_ADVICE =
  'it panics when the value is `None`; pass the `None` on to the caller with `?` or handle both cases (`match`, `if let`, `unwrap_or`)';
/** Where no `?` fix exists the advice does not suggest `?`. */
const NO_PROPAGATE_ADVICE =
  'it panics when the value is `None`; handle both cases (`match`, `if let`, `unwrap_or`), or say why it cannot fail with `expect("…")`';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(cwd: string, ...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--require', TSX_CJS, CLI, ...args],
      { cwd, encoding: 'utf8' },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const tempDir = tempDirs('rsc-cli-');

function write(file: string, content: string | Buffer): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

/**
 * A copy of the fixture crate plus the folders the walker must skip. They are made here rather
 * than stored: `.gitignore` ignores `target/` folders under test/fixtures.
 */
function crateCopy(): string {
  const dir = tempDir();
  fs.cpSync(FIXTURE_CRATE, dir, { recursive: true });
  const skipped = 'fn skipped() {\n    let _ = Some(1).unwrap();\n}\n';
  write(path.join(dir, 'target', 'debug', 'build', 'out.rs'), skipped);
  write(path.join(dir, '.hidden', 'skipped.rs'), skipped);
  write(path.join(dir, '.git', 'hooks', 'skipped.rs'), skipped);
  write(path.join(dir, 'src', 'notes.txt'), 'not rust: x.unwrap()\n');
  return dir;
}

function parseJson(r: Run): ScanReport {
  assert.equal(r.stderr, '');
  return JSON.parse(r.stdout) as ScanReport;
}

/** A Rust file with nothing to report. */
const CLEAN = 'fn main() {\n    println!("hello");\n}\n';

describe('rust-safety-coach CLI', { concurrency: 4 }, () => {
  test('scan prints 1-based text diagnostics and a summary, skipping target/ and hidden folders', async () => {
    const r = await run(crateCopy(), 'scan', '--fail-on-findings');
    assert.equal(r.code, 1, 'findings and --fail-on-findings');
    assert.equal(r.stderr, '');
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines[0], `src/main.rs:5:47: warning[unwrap-used] ${UNWRAP_MESSAGE}`);
    assert.equal(lines[1], `  = help: ${UNWRAP_ADVICE}`);
    // The emoji before it is two UTF-16 units: column 50, not 49 (code points) or 53 (bytes).
    const noPropagate = lines.indexOf(`src/main.rs:31:50: warning[unwrap-used] ${UNWRAP_MESSAGE}`);
    assert.ok(noPropagate >= 0, r.stdout);
    assert.equal(lines[noPropagate + 1], `  = help: ${NO_PROPAGATE_ADVICE}`);
    // Every finding is a located line followed by its help line.
    assert.equal(lines.filter((l) => l.startsWith('  = help: ')).length, 9);
    assert.ok(lines.some((l) => l.startsWith('src/main.rs:20:16: information[question-mark] ')));
    assert.ok(lines.some((l) => l.startsWith('src/main.rs:28:8: information[partialeq-to-none] ')));
    assert.ok(lines.some((l) => l.startsWith('src/main.rs:43:16: warning[undocumented-unsafe-block] ')));
    assert.equal(lines.at(-1), '9 findings in 2 files');
    assert.doesNotMatch(r.stdout, /target|hidden|\.git|notes|tests\/it\.rs/);
  });

  test('scan --format json keeps 0-based UTF-16 positions and every fix', async () => {
    const report = parseJson(await run(crateCopy(), 'scan', '--format', 'json'));
    assert.equal(report.version, 1);
    assert.equal(report.files, 2);
    assert.equal(report.findings.length, 9);
    const first = report.findings[0];
    assert.deepEqual(first, {
      file: 'src/main.rs',
      rule: 'unwrap-used',
      lesson: 'unwrap-used',
      severity: 'warning',
      message: UNWRAP_MESSAGE,
      advice: UNWRAP_ADVICE,
      range: { start: { line: 4, character: 46 }, end: { line: 4, character: 54 } },
      fixes: [
        {
          title: 'Propagate `None` with `?`',
          // A report builds no crate index, and this crate has another file: only --fix reads it.
          applicability: 'suggestion',
          edits: [
            { range: { start: { line: 4, character: 45 }, end: { line: 4, character: 54 } }, newText: '?' },
          ],
        },
        // No `expect` alternative: the fn returns `Option`, so the failure belongs to its caller.
      ],
    });
    const emojiLine = report.findings.find((f) => f.range.start.line === 30);
    assert.equal(emojiLine?.range.start.character, 49);
    assert.deepEqual(new Set(report.findings.map((f) => f.file)), new Set(['src/main.rs']));
    assert.deepEqual([...new Set(report.findings.map((f) => f.rule))].sort(), [
      'expect-used',
      'partialeq-to-none',
      'question-mark',
      'undocumented-unsafe-block',
      'unwrap-used',
    ]);
  });

  test('scan --format sarif is a SARIF 2.1.0 log with 1-based regions and fixes', async () => {
    const r = await run(crateCopy(), 'scan', '--format', 'sarif');
    assert.equal(r.code, 0);
    const log = JSON.parse(r.stdout);
    assert.equal(log.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
    assert.equal(log.version, '2.1.0');
    assert.equal(log.runs.length, 1);
    const [runLog] = log.runs;
    assert.equal(runLog.columnKind, 'utf16CodeUnits');
    const driver = runLog.tool.driver;
    assert.equal(driver.name, 'rust-safety-coach');
    assert.equal(driver.version, version);
    assert.equal(driver.informationUri, undefined, 'no invented homepage');
    assert.deepEqual(
      driver.rules.map((rule: { id: string }) => rule.id),
      ruleInfos().map((rule) => rule.id),
    );
    for (const rule of driver.rules) {
      assert.equal(typeof rule.shortDescription.text, 'string');
      assert.ok(['error', 'warning', 'note'].includes(rule.defaultConfiguration.level));
      assert.match(rule.help.text, new RegExp(`^Lesson: ${rule.properties.lesson}\\. `));
    }
    assert.equal(runLog.results.length, 9);
    for (const result of runLog.results) {
      assert.equal(driver.rules[result.ruleIndex].id, result.ruleId);
      assert.ok(['error', 'warning', 'note'].includes(result.level));
      assert.equal(typeof result.message.text, 'string');
      assert.deepEqual(result.locations[0].physicalLocation.artifactLocation, {
        uri: 'src/main.rs',
        uriBaseId: '%SRCROOT%',
      });
    }
    const [first] = runLog.results;
    assert.equal(first.ruleId, 'unwrap-used');
    assert.equal(first.level, 'warning');
    assert.deepEqual(first.locations[0].physicalLocation.region, {
      startLine: 5,
      startColumn: 47,
      endLine: 5,
      endColumn: 55,
    });
    assert.deepEqual(
      first.fixes.map((x: { properties: { applicability: string } }) => x.properties.applicability),
      // No `expect` alternative there: the fn returns `Option`, so the failure belongs to its caller.
      // A suggestion: the crate has another file, which a report does not index.
      ['suggestion'],
      'every fix, each with its applicability',
    );
    assert.deepEqual(first.fixes[0].artifactChanges[0].replacements, [
      {
        deletedRegion: { startLine: 5, startColumn: 46, endLine: 5, endColumn: 55 },
        insertedContent: { text: '?' },
      },
    ]);
    const note = runLog.results.find((x: { ruleId: string }) => x.ruleId === 'partialeq-to-none');
    assert.equal(note.level, 'note');
    const unsafeBlock = runLog.results.find(
      (x: { ruleId: string }) => x.ruleId === 'undocumented-unsafe-block',
    );
    assert.deepEqual(
      unsafeBlock.fixes.map((x: { properties: { applicability: string } }) => x.properties.applicability),
      ['suggestion'],
      'a template is only a suggestion',
    );
  });

  test('--rule keeps only the named rules, repeated or comma-separated', async () => {
    const dir = crateCopy();
    const one = parseJson(await run(dir, 'scan', '--rule', 'partialeq-to-none', '--format=json'));
    assert.deepEqual(
      one.findings.map((f) => [f.rule, f.range.start.line]),
      [['partialeq-to-none', 27]],
    );
    const two = parseJson(
      await run(dir, 'scan', '--rule', 'expect-used', '--rule', 'question-mark', '--format=json'),
    );
    assert.deepEqual(two.findings.map((f) => f.rule).sort(), ['expect-used', 'question-mark']);
    const comma = parseJson(await run(dir, 'scan', '--rule', 'expect-used,question-mark', '--format=json'));
    assert.deepEqual(comma.findings, two.findings);
  });

  test('--include-tests reports test code under tests/ (skipped by default, see the first test)', async () => {
    const dir = crateCopy();
    const withTests = await run(dir, 'scan', '--include-tests', 'tests');
    assert.equal(
      withTests.stdout,
      `tests/it.rs:3:22: warning[unwrap-used] ${UNWRAP_MESSAGE}\n  = help: ${NO_PROPAGATE_ADVICE}\n1 finding in 1 file\n`,
    );
    // From inside tests/, the file is still known as test code: paths go to the engine crate-relative.
    const inside = await run(path.join(dir, 'tests'), 'scan');
    assert.equal(inside.stdout, '0 findings in 1 file\n');
  });

  test('exit code 0 with --fail-on-findings when nothing is found', async () => {
    const clean = tempDir();
    write(path.join(clean, 'main.rs'), CLEAN);
    const passing = await run(clean, 'scan', '--fail-on-findings', 'main.rs');
    assert.deepEqual(passing, { code: 0, stdout: '0 findings in 1 file\n', stderr: '' });
  });

  test('exit code 2 with a one-line error for usage mistakes and missing paths', async () => {
    const dir = crateCopy();
    const cases: Array<[string[], RegExp]> = [
      [['scan', '--bogus'], /^rust-safety-coach: error: unknown option '--bogus'/],
      [
        ['scan', '--rule', 'no-such-rule'],
        /^rust-safety-coach: error: unknown rule 'no-such-rule' \(known: unwrap-used, /,
      ],
      [['scan', 'missing.rs'], /^rust-safety-coach: error: missing\.rs: no such file or directory$/],
      [['scan', '--format', 'xml'], /^rust-safety-coach: error: --format must be one of text, json, sarif/],
      [['lsp'], /^rust-safety-coach: error: lsp needs --stdio/],
    ];
    const results = await Promise.all(cases.map(([args]) => run(dir, ...args)));
    results.forEach((r, i) => {
      const [args, pattern] = cases[i] ?? [[], /$^/];
      assert.equal(r.code, 2, args.join(' '));
      assert.equal(r.stdout, '', args.join(' '));
      assert.equal(r.stderr.split('\n').length, 2, `one line for ${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr.trimEnd(), pattern);
    });
  });

  test('--fix rewrites a copy with ? atomically, keeps its mode, and the result compiles', async (t) => {
    const dir = crateCopy();
    const main = path.join(dir, 'src', 'main.rs');
    fs.chmodSync(main, 0o640);
    const before = fs.readFileSync(main, 'utf8');
    const r = await run(dir, 'scan', '--fix', 'src');
    assert.equal(r.code, 0, r.stderr);
    // `name == None` becomes `name.is_none()`: the `expect` after that early return cannot fail, and is fine.
    assert.match(r.stdout, /\n2 findings in 1 file\nApplied 6 fixes in 1 file\.\n$/);
    const after = fs.readFileSync(main, 'utf8');
    assert.notEqual(after, before);
    assert.match(after, /let word = text\.split_whitespace\(\)\.next\(\)\?;/);
    assert.match(after, /let text = fs::read_to_string\(path\)\?;/);
    assert.match(after, /let port = config\?;/);
    assert.match(after, /fn main\(\) -> Result<\(\), Box<dyn std::error::Error>> \{/);
    assert.match(after, /\n {4}Ok\(\(\)\)\n\}\n$/);
    assert.equal(fs.statSync(main).mode & 0o777, 0o640);
    assert.deepEqual(
      fs.readdirSync(path.join(dir, 'src')).sort(),
      ['main.rs', 'notes.txt'],
      'no temp file left behind',
    );

    const rescan = parseJson(await run(dir, 'scan', '--format', 'json', 'src'));
    assert.equal(rescan.findings.length, 2);
    assert.ok(rescan.findings.every((f) => f.fixes.every((x) => x.applicability !== 'safe')));

    if (!HAS_RUSTC) return t.skip('rustc is not installed');
    const compiled = spawnSync(
      'rustc',
      ['--edition', '2021', '--emit=metadata', '--crate-type', 'bin', '-o', path.join(dir, 'out'), main],
      { encoding: 'utf8' },
    );
    assert.equal(compiled.status, 0, compiled.stderr);
  });

  test('--fix with --format json keeps stdout JSON and tallies on stderr', async () => {
    const dir = tempDir();
    write(
      path.join(dir, 'lib.rs'),
      'fn f(v: Vec<u8>) -> Option<u8> {\n    let x = v.first().unwrap();\n    Some(*x)\n}\n',
    );
    const r = await run(dir, 'scan', '--fix', '--format', 'json');
    assert.equal(r.code, 0);
    assert.equal(r.stderr, 'Applied 1 fix in 1 file.\n');
    assert.deepEqual(JSON.parse(r.stdout), { version: 1, files: 1, findings: [] });
    assert.match(fs.readFileSync(path.join(dir, 'lib.rs'), 'utf8'), /let x = v\.first\(\)\?;/);
  });

  test('the walker skips target/ and hidden folders, follows symlinks once, and sorts', async (t) => {
    const dir = tempDir();
    write(path.join(dir, 'b', 'z.rs'), CLEAN);
    write(path.join(dir, 'a.rs'), CLEAN);
    write(path.join(dir, 'B.rs'), CLEAN);
    write(path.join(dir, 'target', 'gen.rs'), CLEAN);
    write(path.join(dir, '.cache', 'gen.rs'), CLEAN);
    write(path.join(dir, 'b', 'target', 'deep.rs'), CLEAN);
    try {
      fs.symlinkSync(dir, path.join(dir, 'b', 'loop'), 'dir');
      fs.symlinkSync(path.join(dir, 'a.rs'), path.join(dir, 'same.rs'));
    } catch {
      return t.skip('symlinks are not available');
    }
    const report = parseJson(
      await run(dir, 'scan', '--rule', 'unwrap-used', '--format', 'json', '--include-tests'),
    );
    assert.equal(report.files, 3, 'a.rs, B.rs and b/z.rs; same.rs is a.rs again; the loop adds nothing');
    // A hidden folder named on the command line is scanned: the user asked for it.
    const explicit = await run(dir, 'scan', '.cache', 'b/target/deep.rs', './a.rs');
    assert.equal(explicit.stdout, '0 findings in 3 files\n');

    // Sorted by path, whatever the order on disk or on the command line.
    const messy = tempDir();
    for (const name of ['c.rs', 'a/b.rs', 'a.rs', 'b.rs'])
      write(path.join(messy, name), 'fn f() { Some(1).unwrap(); }\n');
    const sorted = await run(messy, 'scan', 'c.rs', '.');
    assert.deepEqual(
      sorted.stdout
        .split('\n')
        .filter((l) => !l.startsWith('  = help: '))
        .map((l) => l.split(':')[0]),
      ['a.rs', 'a/b.rs', 'b.rs', 'c.rs', '4 findings in 4 files', ''],
    );
  });

  test('unreadable, non-UTF-8, NUL-containing and huge files are warned about; empty files are fine', async () => {
    const dir = tempDir();
    write(path.join(dir, 'good.rs'), 'fn f() { Some(1).unwrap(); }\n');
    write(path.join(dir, 'empty.rs'), '');
    write(path.join(dir, 'latin1.rs'), Buffer.from([0x2f, 0x2f, 0x20, 0xe9, 0x0a]));
    write(path.join(dir, 'nul.rs'), Buffer.from('fn f() {}\n\0\n'));
    write(path.join(dir, 'huge.rs'), Buffer.alloc(5 * 1024 * 1024 + 1, 0x20));
    write(path.join(dir, 'bom.rs'), '\uFEFFfn f() { Some(1).unwrap(); }\n');
    const r = await run(dir, 'scan', '--format', 'json');
    assert.equal(r.code, 0, 'warnings do not change the exit code');
    assert.deepEqual(r.stderr.trimEnd().split('\n').sort(), [
      'rust-safety-coach: warning: huge.rs: larger than 5 MB; skipped',
      'rust-safety-coach: warning: latin1.rs: not valid UTF-8; skipped',
      'rust-safety-coach: warning: nul.rs: contains NUL bytes (binary?); skipped',
    ]);
    const report = JSON.parse(r.stdout) as ScanReport;
    assert.equal(report.files, 3, 'bom.rs, empty.rs and good.rs');
    // The BOM is not a column: editors hide it.
    assert.deepEqual(
      report.findings.map((f) => [f.file, f.range.start]),
      [
        ['bom.rs', { line: 0, character: 17 }],
        ['good.rs', { line: 0, character: 17 }],
      ],
    );

    const bad = tempDir();
    write(path.join(bad, 'nul.rs'), Buffer.from([0]));
    const allBad = await run(bad, 'scan');
    assert.equal(allBad.code, 2, 'nothing could be scanned');
    assert.match(
      allBad.stderr,
      /nul\.rs: contains NUL bytes.*\n.*error: nothing could be scanned \(1 file skipped\)\n$/,
    );
  });

  test('--fix refuses to overwrite a file that changed since it was read', () => {
    const dir = tempDir();
    const file = path.join(dir, 'x.rs');
    write(file, 'edited meanwhile\n');
    assert.throws(
      () => writeFileAtomically(file, 'fixed\n', Buffer.from('original\n'), 0o644),
      ChangedOnDiskError,
    );
    assert.equal(fs.readFileSync(file, 'utf8'), 'edited meanwhile\n');
    assert.deepEqual(fs.readdirSync(dir), ['x.rs']);
  });

  test('rules lists every rule as JSON and as text', async () => {
    const dir = tempDir();
    const [json, text] = await Promise.all([run(dir, 'rules', '--format', 'json'), run(dir, 'rules')]);
    assert.equal(json.code, 0);
    const doc = JSON.parse(json.stdout) as { version: number; rules: ReturnType<typeof ruleInfos> };
    assert.equal(doc.version, 1);
    assert.deepEqual(doc.rules, ruleInfos());
    const unwrap = doc.rules.find((r) => r.id === 'unwrap-used');
    assert.equal(unwrap?.defaultSeverity, 'warning');
    assert.equal(unwrap?.enabledByDefault, true);
    assert.equal(unwrap?.lesson, 'unwrap-used');
    assert.match(text.stdout, /^unwrap-used +warning +on +lesson: unwrap-used\n {4}`\.unwrap\(\)`/);
    for (const rule of ruleInfos()) assert.ok(text.stdout.includes(rule.id));
  });

  test('--help documents exit codes; --version prints the package version', async () => {
    const dir = tempDir();
    const [scanHelp, ver] = await Promise.all([run(dir, 'scan', '--help'), run(dir, '--version')]);
    assert.equal(scanHelp.code, 0);
    assert.match(scanHelp.stdout, /^Usage: rust-safety-coach scan /);
    assert.match(scanHelp.stdout, /Exit codes:/);
    assert.match(scanHelp.stdout, /does not change the exit code\s+unless no file at all could be scanned/);
    assert.equal(ver.stdout, `${version}\n`);
  });

  test('lsp --stdio answers initialize and publishes diagnostics', async () => {
    const child = spawn(process.execPath, ['--import', TSX_ESM, CLI, 'lsp', '--stdio'], { cwd: tempDir() });
    let buffer = Buffer.alloc(0);
    const messages: Array<{ id?: number; method?: string; params?: unknown; result?: unknown }> = [];
    let notify = () => {};
    child.stdout.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const headerEnd = buffer.indexOf('\r\n\r\n');
        if (headerEnd < 0) break;
        const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, headerEnd).toString())?.[1]);
        if (buffer.length < headerEnd + 4 + length) break;
        messages.push(JSON.parse(buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8')));
        buffer = buffer.subarray(headerEnd + 4 + length);
      }
      notify();
    });
    const send = (message: object) => {
      const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }), 'utf8');
      child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
      child.stdin.write(body);
    };
    const waitFor = <T>(find: () => T | undefined): Promise<T> =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no such message in ${JSON.stringify(messages)}`)),
          15_000,
        );
        const check = () => {
          const found = find();
          if (found === undefined) return;
          clearTimeout(timer);
          resolve(found);
        };
        notify = check;
        check();
      });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      send({ id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
      const init = await waitFor(() => messages.find((m) => m.id === 1));
      assert.ok((init.result as { capabilities?: unknown }).capabilities);
      send({ method: 'initialized', params: {} });
      const uri = 'file:///tmp/lsp.rs';
      send({
        method: 'textDocument/didOpen',
        params: {
          textDocument: { uri, languageId: 'rust', version: 1, text: 'fn f() { Some(1).unwrap(); }\n' },
        },
      });
      const published = await waitFor(() =>
        messages.find(
          (m) =>
            m.method === 'textDocument/publishDiagnostics' &&
            (m.params as { uri: string; diagnostics: unknown[] }).diagnostics.length > 0,
        ),
      );
      const diagnostics = (published.params as { diagnostics: Array<{ code: string; range: unknown }> })
        .diagnostics;
      assert.equal(diagnostics[0]?.code, 'unwrap-used');
      assert.deepEqual(diagnostics[0]?.range, {
        start: { line: 0, character: 17 },
        end: { line: 0, character: 25 },
      });
      send({ id: 2, method: 'shutdown' });
      await waitFor(() => messages.find((m) => m.id === 2));
      send({ method: 'exit' });
      assert.equal(await exited, 0);
    } finally {
      child.kill();
    }
  });
  test('caches findings between runs, and an edited file is scanned again', async () => {
    const dir = tempDir();
    const cacheDir = tempDir();
    const file = path.join(dir, 'a.rs');
    write(file, 'pub fn f(x: Option<u8>) -> u8 {\n    x.unwrap();\n    x.unwrap()\n}\n');
    const scan = (...args: string[]) =>
      new Promise<Run>((resolve) => {
        execFile(
          process.execPath,
          ['--require', TSX_CJS, CLI, 'scan', '--format', 'json', ...args, 'a.rs'],
          { cwd: dir, encoding: 'utf8', env: { ...process.env, RUST_SAFETY_COACH_CACHE_DIR: cacheDir } },
          (error, stdout, stderr) => resolve({ code: error ? -1 : 0, stdout, stderr }),
        );
      });
    const lines = (r: Run) => (JSON.parse(r.stdout) as ScanReport).findings.map((f) => f.range.start.line);
    const cold = await scan();
    assert.deepEqual(lines(cold), [1, 2]);
    assert.ok(
      fs.readdirSync(cacheDir).some((f) => f.startsWith('scan-')),
      'the cache was written',
    );
    const warm = await scan();
    assert.equal(warm.stdout, cold.stdout);
    // Same size, new content: the cache must not answer for the old text.
    write(file, 'pub fn f(x: Option<u8>) -> u8 {\n//  x.unwrap();\n    x.unwrap()\n}\n');
    assert.deepEqual(lines(await scan()), [2]);
    assert.deepEqual(lines(await scan('--no-cache')), [2]);
  });

  test('a warm run prints exactly what the cold run printed, in every format', async () => {
    const dir = crateCopy();
    const env = { ...process.env, RUST_SAFETY_COACH_CACHE_DIR: tempDir() };
    const scan = (format: string) =>
      new Promise<Run>((resolve) => {
        execFile(
          process.execPath,
          ['--require', TSX_CJS, CLI, 'scan', '--format', format, '--include-tests'],
          { cwd: dir, encoding: 'utf8', env },
          (error, stdout, stderr) => resolve({ code: error ? -1 : 0, stdout, stderr }),
        );
      });
    for (const format of ['json', 'text', 'sarif']) {
      const cold = await scan(format);
      assert.equal(cold.code, 0, cold.stderr);
      assert.match(cold.stdout, /unwrap-used/);
      assert.deepEqual(await scan(format), cold, format);
    }
  });

  test('stdout redirected to a file gets the same bytes as a pipe, in every format', async () => {
    const dir = crateCopy();
    // A non-ASCII name: text carries it as UTF-8, JSON as a \u escape, SARIF percent-encoded.
    fs.copyFileSync(path.join(dir, 'src', 'main.rs'), path.join(dir, 'src', 'früh.rs'));
    for (const format of ['json', 'text', 'sarif']) {
      const args = ['--require', TSX_CJS, CLI, 'scan', '--format', format, '--no-cache'];
      const piped = await run(dir, ...args.slice(3));
      assert.match(piped.stdout, /fr(ü|\\u00fc|%C3%BC)h\.rs/, format);
      const file = path.join(tempDir(), 'report');
      const out = fs.openSync(file, 'w');
      try {
        spawnSync(process.execPath, args, { cwd: dir, stdio: ['ignore', out, 'pipe'] });
      } finally {
        fs.closeSync(out);
      }
      assert.equal(fs.readFileSync(file, 'utf8'), piped.stdout, format);
    }
  });

  test('a warm JSON report written to a file is the cold one, byte for byte, past the write buffer', async () => {
    const dir = tempDir();
    // 48 files of 12 findings: some 290 KB of report, over four times the writer's buffer.
    for (let i = 0; i < 48; i++)
      write(path.join(dir, `m${i}.rs`), `pub fn f(v: Option<u8>) {\n${'    v.unwrap();\n'.repeat(12)}}\n`);
    const env = { ...process.env, RUST_SAFETY_COACH_CACHE_DIR: tempDir() };
    const reportToFile = () => {
      const file = path.join(tempDir(), 'report.json');
      const out = fs.openSync(file, 'w');
      try {
        const args = ['--require', TSX_CJS, CLI, 'scan', '--format', 'json', '--jobs', '1', '.'];
        spawnSync(process.execPath, args, { cwd: dir, env, stdio: ['ignore', out, 'pipe'] });
      } finally {
        fs.closeSync(out);
      }
      return fs.readFileSync(file, 'latin1');
    };
    const cold = reportToFile();
    assert.equal((JSON.parse(cold) as ScanReport).findings.length, 576);
    assert.ok(cold.length > 4 * 64 * 1024, `${cold.length} bytes`);
    assert.equal(reportToFile(), cold);
  });

  test('--jobs N: more threads, the same report and warnings in the same order', async () => {
    const dir = tempDir();
    // FILES_PER_THREAD is 16: 50 files give three threads their share.
    for (let i = 0; i < 50; i++) {
      const body = `pub fn f${i}(v: Option<u8>) -> u8 {\n${'    v.unwrap();\n'.repeat(i % 7)}    0\n}\n`;
      write(path.join(dir, 'src', `m${String(i).padStart(2, '0')}.rs`), body);
    }
    write(path.join(dir, 'src', 'nul.rs'), Buffer.from('fn f() {}\n\0\n'));
    write(
      path.join(dir, 'src', 'deep.rs'),
      `fn f() -> i32 { Some(${'('.repeat(2000)}1${')'.repeat(2000)}).unwrap() }\n`,
    );
    const runs = await Promise.all(
      ['1', '2', '3'].flatMap((jobs) => [
        run(dir, 'scan', '--no-cache', '--format', 'json', '--jobs', jobs),
        run(dir, 'scan', '--no-cache', '--jobs', jobs),
      ]),
    );
    const [json1, text1] = runs;
    assert.equal(json1?.code, 0, json1?.stderr);
    const report = JSON.parse(json1?.stdout ?? '') as ScanReport;
    assert.equal(report.files, 51, 'all but nul.rs');
    assert.equal(report.findings.length, 147);
    assert.deepEqual(json1?.stderr.trimEnd().split('\n'), [
      'rust-safety-coach: warning: src/deep.rs: not analysed: brackets nest more than 1000 deep',
      'rust-safety-coach: warning: src/nul.rs: contains NUL bytes (binary?); skipped',
    ]);
    for (const [i, r] of runs.entries()) assert.deepEqual(r, i % 2 === 0 ? json1 : text1, `run ${i}`);
  });
});
