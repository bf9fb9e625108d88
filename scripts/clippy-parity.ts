// Agreement with clippy, by line, on the seven mirrored rules, measured on clippy's own UI tests.
// Usage: node --import tsx scripts/clippy-parity.ts [--verbose] [--default-lints] <dir>
//
// --default-lints: the mirrored lints clippy runs by default (question_mark, partialeq_to_none,
// missing_safety_doc, unnecessary_unwrap) count in every test, including tests without a .stderr
// (clippy is silent there): a check of precision over all of clippy's tests.
//
// <dir> holds `name.rs` with `name.stderr` (clippy's expected output), or with revisions
// `name.<rev>.stderr`. Settings come from `name.<rev>.clippy.toml`, `<rev>/clippy.toml`,
// `name.clippy.toml` or a `clippy.toml` beside them, as in clippy's tests/ui-toml. Clippy's tests are not part of this repository: copy them from
// rust-clippy's tests/ui and tests/ui-toml (see docs/clippy-parity.md).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { analyzeText, createRustParser, defaultGrammarDir } from '../src/engine';
import { parseClippyToml } from '../src/engine/clippyConfig';
import {
  addScores,
  type Diagnostic,
  MIRRORED_RULES,
  parseStderr,
  requestedRules,
  type Score,
  score,
  STRICT_RULE,
  strictRuleAt,
} from './clippyStderr';

function rustFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return rustFiles(full);
    return e.name.endsWith('.rs') ? [full] : [];
  });
}

/** `[stderr path, clippy.toml text]` per revision of a test. */
function revisions(file: string, silentToo: boolean): Array<[string, string]> {
  const base = file.slice(0, -'.rs'.length);
  const dir = path.dirname(file);
  const name = path.basename(base);
  const toml = (...candidates: string[]) => {
    const found = candidates.find((c) => existsSync(c));
    return found ? readFileSync(found, 'utf8') : '';
  };
  const out: Array<[string, string]> = [];
  if (existsSync(`${base}.stderr`)) {
    out.push([`${base}.stderr`, toml(`${base}.clippy.toml`, path.join(dir, 'clippy.toml'))]);
  }
  for (const f of readdirSync(dir)) {
    const m = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.([^.]+)\\.stderr$`).exec(f);
    const rev = m?.[1];
    if (rev) {
      const tomls = [
        `${base}.${rev}.clippy.toml`,
        path.join(dir, rev, 'clippy.toml'),
        path.join(dir, 'clippy.toml'),
      ];
      out.push([path.join(dir, f), toml(...tomls)]);
    }
  }
  // A test without expected output: clippy reports nothing in it.
  if (out.length === 0 && silentToo)
    out.push(['', toml(`${base}.clippy.toml`, path.join(dir, 'clippy.toml'))]);
  return out;
}

/** The mirrored lints in clippy's default set (style, complexity): on in every test unless allowed. */
const DEFAULT_ON = ['question-mark', 'partialeq-to-none', 'missing-safety-doc', 'unnecessary-unwrap'];

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const verbose = args.includes('--verbose');
  const defaults = args.includes('--default-lints');
  const dir = args.find((a) => !a.startsWith('--'));
  if (!dir) throw new Error('usage: clippy-parity.ts [--verbose] <dir of clippy UI tests>');
  const parser = await createRustParser(defaultGrammarDir(__dirname));
  const total = new Map<string, Score>();
  const used: string[] = [];
  for (const file of rustFiles(dir).sort()) {
    const source = readFileSync(file, 'utf8');
    for (const [stderrPath, toml] of revisions(file, defaults)) {
      const expected = stderrPath ? parseStderr(readFileSync(stderrPath, 'utf8'), file) : [];
      // A rule counts in a file when the test asks clippy for its lint or clippy reports it there.
      const asked = [...requestedRules(source), ...(defaults ? DEFAULT_ON : [])];
      const rules = [...new Set([...asked, ...expected.map((d) => d.rule)])];
      if (rules.length === 0) continue;
      const where = path.relative(dir, stderrPath || file).replace(/\.(stderr|rs)$/, '');
      used.push(`${where} (${rules.join(', ')})`);
      // Clippy compiles each test as a crate of its own: a path under tests/ would read as test code.
      const asCrate = path.join('src', path.basename(file));
      // A test asking for unwrap_used / expect_used asks for clippy's strictness: idiomatic-unwrap on.
      const strict = rules.includes('unwrap-used') || rules.includes('expect-used');
      const lines = source.split('\n');
      const found: Diagnostic[] = analyzeText(parser, source, asCrate, {
        only: strict ? [...rules, STRICT_RULE] : rules,
        clippy: parseClippyToml(toml),
        onRuleError: (rule, error) => console.error(`${file}: ${rule} threw: ${String(error)}`),
      })
        .map((f) => ({
          rule:
            f.rule === STRICT_RULE
              ? strictRuleAt(lines[f.range.start.line] ?? '', f.range.start.character)
              : f.rule,
          line: f.range.start.line + 1,
        }))
        .filter((d) => rules.includes(d.rule));
      addScores(total, score(expected, found, where));
    }
  }
  if (verbose || !defaults) console.log(`Files:\n  ${used.join('\n  ')}\n`);
  else console.log(`${used.length} tests\n`);
  console.log('rule                        clippy  ours  matched  recall  precision');
  let [e, f, m] = [0, 0, 0];
  const pct = (a: number, b: number) => (b === 0 ? '   -  ' : `${((100 * a) / b).toFixed(1).padStart(5)}%`);
  for (const rule of MIRRORED_RULES) {
    const s = total.get(rule);
    if (!s) continue;
    [e, f, m] = [e + s.expected, f + s.found, m + s.matched];
    console.log(
      `${rule.padEnd(27)} ${String(s.expected).padStart(6)} ${String(s.found).padStart(5)} ${String(s.matched).padStart(8)}  ${pct(s.matched, s.expected)}  ${pct(s.matched, s.found)}`,
    );
    if (verbose) {
      for (const x of s.missed) console.log(`    missed ${x}`);
      for (const x of s.extra) console.log(`    extra  ${x}`);
    }
  }
  console.log(
    `${'all'.padEnd(27)} ${String(e).padStart(6)} ${String(f).padStart(5)} ${String(m).padStart(8)}  ${pct(m, e)}  ${pct(m, f)}`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
