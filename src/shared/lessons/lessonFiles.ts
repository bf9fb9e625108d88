// The Node host's lesson files: read from a `lessons/` folder. Browser bundles get
// `lessonFiles.browser.ts` (scripts/browserAdapters.mjs), where they are bundled.
import * as fs from 'node:fs';
import * as path from 'node:path';

export function lessonFileNames(dir: string): string[] {
  return fs.readdirSync(dir);
}

export function readLessonFile(dir: string, name: string): { file: string; text: string } {
  const file = path.join(dir, name);
  return { file, text: fs.readFileSync(file, 'utf8') };
}
