// What a line of terminal output links to, and which finding a panic's location falls on. Plain
// functions over the engine's panic parsing (no `vscode` import), so the tests run them directly.
import { kindAtSource, kindOfMessage, panicKind, parsePanicHeader } from '../../engine/panics';
import type { SourceLocation } from '../../engine/panics';
import type { Finding } from '../../shared/types';

export type LinkTarget =
  /** A panic header: open the file at the location, and the lesson of the code there. */
  | { kind: 'location'; location: SourceLocation; lesson?: string }
  /** A panic message std prints (the line after the header): open its lesson. */
  | { kind: 'lesson'; lesson: string };

export interface LineLink {
  startIndex: number;
  length: number;
  tooltip: string;
  target: LinkTarget;
}

/** The link in one terminal line, if it is a panic header or a std panic message with a lesson. */
export function linkInLine(line: string): LineLink | undefined {
  const header = parsePanicHeader(line);
  if (header) {
    const startIndex = line.indexOf('thread ');
    const length = line.trimEnd().length - Math.max(startIndex, 0);
    const { file, line: row, column } = header.location;
    const lesson = header.message === undefined ? undefined : lessonOfMessage(header.message);
    return {
      startIndex: Math.max(startIndex, 0),
      length,
      tooltip: `Open ${file}:${row}:${column} and its Rust Safety Coach lesson`,
      target: { kind: 'location', location: header.location, ...(lesson ? { lesson } : {}) },
    };
  }
  const message = line.trim();
  const lesson = message === '' ? undefined : lessonOfMessage(message);
  if (lesson === undefined) return undefined;
  return {
    startIndex: line.indexOf(message),
    length: message.length,
    tooltip: 'Open the Rust Safety Coach lesson on this panic',
    target: { kind: 'lesson', lesson },
  };
}

function lessonOfMessage(message: string): string | undefined {
  return kindOfMessage(message)?.lesson ?? undefined;
}

/** The lesson for the code at a panic's location (1-based line, column in characters). */
export function lessonAtSource(text: string, line: number, column: number): string | undefined {
  const id = kindAtSource(text, line, column);
  return (id === undefined ? undefined : panicKind(id)?.lesson) ?? undefined;
}

/** The UTF-16 offset of rustc's 1-based character column in `lineText`, as editors count. */
export function utf16Character(lineText: string, column: number): number {
  return Array.from(lineText)
    .slice(0, Math.max(column - 1, 0))
    .join('').length;
}

/**
 * The finding at the panic: its range holds the position, and it teaches the panic's lesson when
 * that is known. The narrowest wins (an unwrap inside a longer finding's range).
 */
export function findingAt(
  findings: readonly Finding[],
  line: number,
  character: number,
  lesson: string | undefined,
): Finding | undefined {
  const holding = findings.filter((f) => {
    const { start, end } = f.range;
    const afterStart = line > start.line || (line === start.line && character >= start.character);
    const beforeEnd = line < end.line || (line === end.line && character <= end.character);
    return afterStart && beforeEnd && (lesson === undefined || f.lesson === lesson);
  });
  const size = (f: Finding) =>
    (f.range.end.line - f.range.start.line) * 1e6 + f.range.end.character - f.range.start.character;
  return holding.sort((a, b) => size(a) - size(b))[0];
}
