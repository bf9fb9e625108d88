// `explain`: a program's output on stdin (or in a file), each panic in it explained: where it
// happened in the learner's code, its lesson and a one-paragraph summary. The parsing and the
// panic table are the engine's (src/engine/panics); this reads files and formats.
import fs from 'node:fs';
import path from 'node:path';
import { explainPanics, type PanicExplanation } from '../engine/panics';
import { loadLessons } from '../shared/lessons/catalog';
import { describeError, FatalError } from './errors';
import { escapeControls } from './escapeControls';
import { MAX_FILE_BYTES } from './readSource';

export type ExplainFormat = 'text' | 'json';

export interface ExplainJson {
  version: 1;
  panics: Array<{
    message: string;
    location: { file: string; line: number; column: number };
    lesson: string | null;
  }>;
}

/** The whole input: a file, or stdin when `file` is undefined or `-`. */
export async function readExplainInput(file: string | Buffer | undefined): Promise<string> {
  if (file !== undefined && file !== '-') {
    try {
      return decode(fs.readFileSync(file));
    } catch (error) {
      throw new FatalError(`cannot read ${String(file)}: ${describeError(error)}`);
    }
  }
  if (process.stdin.isTTY) {
    process.stderr.write(
      "Reading a program's output from stdin; pipe it in (cargo run 2>&1 | rust-safety-coach explain) or end with Ctrl-D.\n",
    );
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return decode(Buffer.concat(chunks));
}

function decode(bytes: Buffer): string {
  // Not `fatal`: a program may print any bytes, and its panic lines are still readable around them.
  return new TextDecoder('utf-8').decode(bytes);
}

/**
 * The source of a file the output names, relative to `cwd` as cargo prints it; a Windows path
 * (`src\main.rs`) is also tried with `/`. Undefined when there is no such readable text file.
 */
export function sourceReader(cwd: string): (file: string) => string | undefined {
  // A panic in a loop is printed many times over; its file is read once.
  const read = new Map<string, string | undefined>();
  return (file) => {
    if (!read.has(file)) read.set(file, readOnce(cwd, file));
    return read.get(file);
  };
}

function readOnce(cwd: string, file: string): string | undefined {
  const candidates = [file, ...(file.includes('\\') ? [file.replace(/\\/g, '/')] : [])];
  for (const candidate of candidates) {
    const full = path.resolve(cwd, candidate);
    try {
      const stat = fs.statSync(full);
      if (!stat.isFile() || stat.size > MAX_FILE_BYTES) continue;
      return fs.readFileSync(full, 'utf8');
    } catch {
      // Not there (a program run elsewhere, or std's own path): the message must do.
    }
  }
  return undefined;
}

export function explainOutput(output: string, cwd: string): PanicExplanation[] {
  return explainPanics(output, sourceReader(cwd));
}

export function formatExplainJson(explained: PanicExplanation[]): string {
  const json: ExplainJson = {
    version: 1,
    panics: explained.map((e) => ({
      message: e.panic.message,
      location: { file: e.location.file, line: e.location.line, column: e.location.column },
      lesson: e.lesson,
    })),
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

export function formatExplainText(
  explained: PanicExplanation[],
  titles: ReadonlyMap<string, string>,
): string {
  if (explained.length === 0) return 'No panic found in the input.\n';
  const blocks = explained.map((e) => {
    const { file, line, column } = e.location;
    const [first = '', ...more] = e.panic.message.split('\n');
    const lines = [
      `${safe(file)}:${line}:${column}: panic in thread '${safe(e.panic.thread)}': ${safe(first)}`,
    ];
    for (const extra of more) lines.push(`    ${safe(extra)}`);
    if (e.location !== e.panic.location) {
      lines.push(
        `  std panicked at ${safe(e.panic.location.file)}:${e.panic.location.line}; this is your call`,
      );
    } else if (e.inLibrary) {
      lines.push('  inside a library: run with RUST_BACKTRACE=1 to find the line in your code');
    }
    const title = e.lesson === null ? undefined : titles.get(e.lesson);
    lines.push(
      e.lesson === null
        ? '  lesson: none yet'
        : `  lesson: ${e.lesson}${title !== undefined ? ` (${title})` : ''}`,
    );
    lines.push(...wrap(e.summary, 98).map((l) => `  ${l}`));
    return lines.join('\n');
  });
  return `${blocks.join('\n\n')}\n`;
}

/** Lesson titles, from the `lessons/` folder next to the bundle (or the repository root from source). */
export function lessonTitles(): Map<string, string> {
  const titles = new Map<string, string>();
  const dir = [path.resolve(__dirname, '..', 'lessons'), path.resolve(__dirname, '..', '..', 'lessons')].find(
    (candidate) => fs.existsSync(path.join(candidate, 'unwrap-used.md')),
  );
  if (dir === undefined) return titles;
  try {
    for (const lesson of loadLessons(dir).values()) titles.set(lesson.id, lesson.title);
  } catch {
    // A broken lesson file costs the titles, not the explanation: the ids are still printed.
  }
  return titles;
}

function safe(text: string): string {
  return escapeControls(text);
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/)) {
    if (current !== '' && current.length + 1 + word.length > width) {
      lines.push(current);
      current = word;
    } else {
      current = current === '' ? word : `${current} ${word}`;
    }
  }
  if (current !== '') lines.push(current);
  return lines;
}
