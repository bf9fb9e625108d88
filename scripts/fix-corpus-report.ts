// Writes docs/fixes.md's corpus table: per pattern, how many programs get a safe `?`, only a
// suggestion, or nothing, and whether every fixed program compiles. `npm run report:fixes`.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { applySafeFixes, compileAll, corpusPrograms } from '../test/support/corpus';

const DOC = path.join(__dirname, '..', 'docs', 'fixes.md');
const START = '<!-- corpus:start -->';
const END = '<!-- corpus:end -->';

async function main(): Promise<void> {
  const rows = new Map<
    string,
    { expect: string; programs: number; safe: number; suggestion: number; nothing: number }
  >();
  const fixed: Array<{ name: string; text: string }> = [];
  for (const p of corpusPrograms()) {
    const outcome = await applySafeFixes(p.text);
    const key = `${p.expect}:${p.pattern}`;
    const row = rows.get(key) ?? { expect: p.expect, programs: 0, safe: 0, suggestion: 0, nothing: 0 };
    row.programs++;
    if (outcome.editedLines.size > 0) row.safe++;
    else if (outcome.suggestions > 0) row.suggestion++;
    else row.nothing++;
    rows.set(key, row);
    if (outcome.applied > 0) fixed.push({ name: p.name, text: outcome.text });
  }
  const broken = await compileAll(fixed);
  const lines = [
    START,
    '| expected | pattern | programs | safe `?` | suggestion only | nothing |',
    '|---|---|---|---|---|---|',
    ...[...rows].map(
      ([key, r]) =>
        `| ${r.expect} | ${key.split(':')[1]} | ${r.programs} | ${r.safe} | ${r.suggestion} | ${r.nothing} |`,
    ),
    '',
    `Programs whose safe fixes were applied: ${fixed.length}; of them failing to compile afterwards: ${broken.size}.`,
    END,
  ];
  const doc = readFileSync(DOC, 'utf8');
  const at = doc.indexOf(START);
  const end = doc.indexOf(END);
  if (at < 0 || end < 0) throw new Error(`${DOC} lacks the ${START} … ${END} markers`);
  writeFileSync(DOC, doc.slice(0, at) + lines.join('\n') + doc.slice(end + END.length));
  console.log(lines.join('\n'));
}

void main();
