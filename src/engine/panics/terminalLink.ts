// One line of terminal output as a link (the server answers the client's terminal link provider
// with it): a panic's header links to its place, std's message of a panic with a lesson to the
// lesson. The same parsing as `rust-safety-coach explain`.
import type { PanicLinkResult } from '../../shared/protocol';
import { kindAtSource } from './sourceAt';
import { kindOfMessage, panicKind } from './panicKinds';
import { isLibraryPath, parsePanicHeader } from './parsePanics';

/** Longer lines are not std's panic lines; they are not searched. */
const MAX_LINE = 4096;

export function panicLinkInLine(line: string): PanicLinkResult {
  if (line.length > MAX_LINE) return null;
  const header = parsePanicHeader(line);
  if (header) {
    const startIndex = Math.max(line.indexOf('thread '), 0);
    const { file, line: row, column } = header.location;
    const lesson = header.message === undefined ? undefined : lessonOfMessage(header.message);
    return {
      startIndex,
      length: line.trimEnd().length - startIndex,
      tooltip: `Open ${file}:${row}:${column} and its Rust Safety Coach lesson`,
      target: {
        kind: 'location',
        location: { ...header.location, inLibrary: isLibraryPath(file) },
        ...(lesson ? { lesson } : {}),
      },
    };
  }
  const message = line.trim();
  const lesson = message === '' ? undefined : lessonOfMessage(message);
  if (lesson === undefined) return null;
  return {
    startIndex: line.indexOf(message),
    length: message.length,
    tooltip: 'Open the Rust Safety Coach lesson on this panic',
    target: { kind: 'lesson', lesson },
  };
}

/** The lesson for the code at a panic's location (1-based line, column in characters), or null. */
export function lessonAtSource(text: string, line: number, column: number): string | null {
  const id = kindAtSource(text, line, column);
  return (id === undefined ? undefined : panicKind(id)?.lesson) ?? null;
}

function lessonOfMessage(message: string): string | undefined {
  return kindOfMessage(message)?.lesson ?? undefined;
}
