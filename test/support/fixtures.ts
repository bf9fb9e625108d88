import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './engine';

export const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures');

/** The rule ids a fix fixture exercises, from its first line: `// rule: a b`. */
export function fixtureRules(text: string): string[] {
  const m = /^\/\/ rule: (.+)$/m.exec(text);
  if (!m?.[1]) throw new Error('fixture lacks a "// rule:" line');
  return m[1].trim().split(/\s+/);
}

export function rustFiles(dir: string): Array<{ name: string; file: string; text: string }> {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.rs') && !f.endsWith('.fixed.rs'))
    .sort()
    .map((f) => ({ name: f, file: path.join(dir, f), text: readFileSync(path.join(dir, f), 'utf8') }));
}
