// The mirrored rules' fixtures, judged by clippy itself: clippy-driver runs on each positive and
// negative fixture, and the lines it reports for the rule's lint must be exactly the lines marked
// `//~ rule` (test/rules.test.ts checks that our findings are those same lines).
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import {
  LINT_OF,
  MIRRORED_RULES,
  parseStderr,
  requestedRules,
  score,
  STRICT_RULE,
  strictRuleAt,
} from '../scripts/clippyStderr';
import { parseClippyToml } from '../src/engine/clippyConfig';
import { crateConfigResolver } from '../src/shared/clippyConfigFiles';
import { findingsIn } from './support/engine';
import { FIXTURES } from './support/fixtures';

const VERSION = /clippy 0\.1\.(\d+)/.exec(
  spawnSync('clippy-driver', ['--version'], { encoding: 'utf8' }).stdout ?? '',
);
const CLIPPY_MINOR = VERSION ? Number(VERSION[1]) : null;

/**
 * A fixture line right after `// clippy >= 1.N: …` shows behaviour clippy gained in 1.N (the
 * rule follows clippy's current source); an older clippy-driver is not asked about it.
 */
function newerThanInstalled(lines: string[], index: number): boolean {
  const m = /\/\/ clippy >= 1\.(\d+)\b/.exec(lines[index - 1] ?? '');
  return !!m && CLIPPY_MINOR !== null && CLIPPY_MINOR < Number(m[1]);
}

function marks(text: string, rule: string): number[] {
  const lines = text.split('\n');
  return lines.flatMap((line, i) => {
    const m = /\/\/~\s*(.+)$/.exec(line);
    const rules = m?.[1]?.trim().split(/\s+/) ?? [];
    // One entry per marker: a line may hold two findings of the rule.
    return newerThanInstalled(lines, i) ? [] : rules.filter((r) => r === rule).map(() => i + 1);
  });
}

/** Runs clippy-driver with `lints` on, as a lib or bin, with the given clippy.toml (clippy's defaults when empty). */
function clippyOn(
  file: string,
  lints: string[],
  toml = '',
  tests = false,
): Promise<{ stderr: string; errors: string[] }> {
  const text = readFileSync(file, 'utf8');
  const out = mkdtempSync(path.join(os.tmpdir(), 'rsc-clippy-'));
  writeFileSync(path.join(out, 'clippy.toml'), toml);
  const crateType = /^\s*fn\s+main\s*\(/m.test(text) ? 'bin' : 'lib';
  const args = [
    '--edition',
    '2021',
    '--crate-type',
    crateType,
    '--emit=metadata',
    '-o',
    path.join(out, 'out'),
  ];
  // Test code only exists for the compiler in a test build.
  if (tests) args.push('--test');
  // Deny-by-default lints must not fail the build: only compile errors count as errors.
  args.push('--cap-lints', 'warn', ...lints.flatMap((lint) => ['-W', `clippy::${lint}`]), file);
  // Only this clippy.toml, none from the repository or the home directory.
  const env = { ...process.env, CLIPPY_CONF_DIR: out, RUSTC_BOOTSTRAP: '1' };
  return new Promise((resolve) => {
    execFile('clippy-driver', args, { env, timeout: 120_000 }, (_error, _stdout, stderr) => {
      rmSync(out, { recursive: true, force: true });
      const errors = stderr.split('\n').filter((l) => /^error(\[E\d+\])?: /.test(l) && !/aborting/.test(l));
      resolve({ stderr, errors });
    });
  });
}

/** The mirrored rules whose fixtures this suite owns (unwrap-used/expect-used: see test/fixtures/clippy-parity). */
const FIXTURE_RULES = MIRRORED_RULES.filter((r) => r !== 'unwrap-used' && r !== 'expect-used');

describe('clippy reports the mirrored rules exactly on the marked fixture lines', () => {
  for (const rule of FIXTURE_RULES) {
    for (const name of ['positive.rs', 'negative.rs']) {
      it(`${rule}: ${name}`, async (t) => {
        if (CLIPPY_MINOR === null) return t.skip('clippy-driver is not installed');
        const file = path.join(FIXTURES, 'rules', rule, name);
        const text = readFileSync(file, 'utf8');
        const lint = LINT_OF[rule] ?? '';
        const { stderr, errors } = await clippyOn(file, [lint]);
        assert.deepEqual(errors, [], `the fixture must compile:\n${stderr}`);
        const lines = text.split('\n');
        const reported = parseStderr(stderr, file)
          .filter((d) => d.rule === rule && !newerThanInstalled(lines, d.line - 1))
          .map((d) => d.line);
        assert.deepEqual(
          reported.sort((a, b) => a - b),
          marks(text, rule),
        );
      });
    }
  }
});

/**
 * test/fixtures/clippy-parity: a file names its rules (`// rules: a b`) and may have a
 * `<name>.clippy.toml`; both clippy and the engine, given that file's settings, must report exactly
 * the marked lines.
 */
describe('clippy and the engine agree on the clippy-parity fixtures, clippy.toml included', () => {
  const dir = path.join(FIXTURES, 'clippy-parity');
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.rs'))) {
    const file = path.join(dir, name);
    const text = readFileSync(file, 'utf8');
    const rules = /^\/\/ rules: (.+)$/m.exec(text)?.[1]?.trim().split(/\s+/) ?? [];
    const tomlFile = file.replace(/\.rs$/, '.clippy.toml');
    const toml = existsSync(tomlFile) ? readFileSync(tomlFile, 'utf8') : '';
    const expected = rules.flatMap((rule) => marks(text, rule).map((line) => `${line}:${rule}`)).sort();
    // `// test-code: included`: test code is analysed (and clippy builds the tests).
    const tests = /^\/\/ test-code: included$/m.test(text);

    // `// clippy-strict`: the user asked for clippy's behaviour (idiomatic-unwrap on), and its
    // findings count as the rule of their method, as clippy's lint is named after the method.
    const strict = /^\/\/ clippy-strict$/m.test(text);

    it(`${name}: the engine`, async () => {
      assert.ok(rules.length > 0, 'the fixture names its rules');
      const settings = { rules: {}, includeTests: tests };
      const only = strict ? [...rules, STRICT_RULE] : rules;
      const found = await findingsIn(text, { only, clippy: parseClippyToml(toml), settings });
      const lines = text.split('\n');
      const ruleOf = (f: (typeof found)[number]) =>
        f.rule === STRICT_RULE
          ? strictRuleAt(lines[f.range.start.line] ?? '', f.range.start.character)
          : f.rule;
      assert.deepEqual(found.map((f) => `${f.range.start.line + 1}:${ruleOf(f)}`).sort(), expected);
    });

    it(`${name}: clippy`, async (t) => {
      if (CLIPPY_MINOR === null) return t.skip('clippy-driver is not installed');
      const { stderr, errors } = await clippyOn(
        file,
        rules.map((r) => LINT_OF[r] ?? r),
        toml,
        tests,
      );
      assert.deepEqual(errors, [], `the fixture must compile:\n${stderr}`);
      const reported = parseStderr(stderr, file).filter((d) => rules.includes(d.rule));
      assert.deepEqual(reported.map((d) => `${d.line}:${d.rule}`).sort(), expected);
    });
  }
});

describe('the parity script reads clippy diagnostics', () => {
  const STDERR = [
    'error: this `match` expression can be replaced with `?`',
    '  --> tests/ui/question_mark.rs:158:16',
    '',
    'error: this could be rewritten as `let...else`',
    '  --> tests/ui/question_mark.rs:37:5',
    '',
    'error: used `unwrap()` on `None` value',
    '  --> tests/ui/question_mark.rs:40:5',
    '',
    'warning: used `unwrap()` on an `Option` value',
    ' --> src/lib.rs:3:5',
  ].join('\n');

  it('maps messages to the mirrored rules and leaves other lints out', () => {
    assert.deepEqual(parseStderr(STDERR), [
      { rule: 'question-mark', line: 158 },
      { rule: 'unwrap-used', line: 3 },
    ]);
    assert.deepEqual(parseStderr(STDERR, 'question_mark.rs'), [{ rule: 'question-mark', line: 158 }]);
  });

  it('finds the lints a test asks for', () => {
    const source =
      '#![warn(clippy::panicking_unwrap, clippy::unnecessary_unwrap)]\n//@compile-flags: -W clippy::expect_used';
    assert.deepEqual(requestedRules(source), ['expect-used', 'unnecessary-unwrap']);
  });

  it('scores recall and precision by line', () => {
    const s = score(
      [
        { rule: 'question-mark', line: 1 },
        { rule: 'question-mark', line: 5 },
      ],
      [
        { rule: 'question-mark', line: 5 },
        { rule: 'question-mark', line: 9 },
      ],
      'f',
    ).get('question-mark');
    assert.deepEqual(s, { expected: 2, found: 2, matched: 1, missed: ['f:1'], extra: ['f:9'] });
  });
});

describe('clippy.toml and Cargo.toml reach the engine as settings', () => {
  it("reads the crate's clippy.toml, and `rust-version` as the msrv when it names none", () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'rsc-clippy-toml-'));
    try {
      const crate = path.join(root, 'crate');
      mkdirSync(path.join(crate, 'src'), { recursive: true });
      writeFileSync(path.join(crate, 'Cargo.toml'), '[package]\nname = "c"\nrust-version = "1.12"\n');
      // Above the crate, as in a workspace: clippy searches up from the manifest's folder.
      writeFileSync(
        path.join(root, 'clippy.toml'),
        'allow-unwrap-in-tests = true\ncheck-private-items = true\n',
      );
      const config = crateConfigResolver()(path.join(crate, 'src', 'lib.rs')).clippy;
      assert.deepEqual(
        [
          config.allowUnwrapInTests,
          config.checkPrivateItems,
          config.acceptCommentAboveStatement,
          config.msrv,
        ],
        [true, true, true, [1, 12, 0]],
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('parses the settings clippy documents, with comments and defaults', () => {
    const config = parseClippyToml(
      'msrv = "1.58.1"\naccept-comment-above-attributes = false # strict\nallow-expect-in-consts = false\n',
    );
    assert.deepEqual(
      [
        config.msrv,
        config.acceptCommentAboveAttributes,
        config.allowExpectInConsts,
        config.allowUnwrapInConsts,
      ],
      [[1, 58, 1], false, false, true],
    );
  });
});
