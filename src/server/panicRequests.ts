// The terminal's panic links ask the server, which has the engine: is this line a panic, and
// which lesson is the code at a panic's place about. Bad params get InvalidParams, not a guess.
import { ErrorCodes, ResponseError, type Connection } from 'vscode-languageserver';
import { lessonAtSource, panicLinkInLine } from '../engine';
import {
  PANIC_LESSON_REQUEST,
  PANIC_LINK_REQUEST,
  type PanicLessonResult,
  type PanicLinkResult,
} from '../shared/protocol';

/** The text of an open document, or undefined if it is not open. */
export type OpenText = (uri: string) => Promise<string | undefined>;

export function registerPanicRequests(connection: Connection, openText: OpenText, guard: () => void): void {
  connection.onRequest(PANIC_LINK_REQUEST, (params: unknown): PanicLinkResult => {
    guard();
    const line = field(params, 'line');
    if (typeof line !== 'string') throw invalid('panicLink needs { line: string }');
    return panicLinkInLine(line);
  });

  connection.onRequest(PANIC_LESSON_REQUEST, async (params: unknown): Promise<PanicLessonResult> => {
    guard();
    const [uri, line, column] = [field(params, 'uri'), field(params, 'line'), field(params, 'column')];
    if (typeof uri !== 'string' || !isPositive(line) || !isPositive(column)) {
      throw invalid('panicLesson needs { uri: string, line: number, column: number } (1-based)');
    }
    const text = await openText(uri);
    return { lesson: text === undefined ? null : lessonAtSource(text, line, column) };
  });
}

function field(params: unknown, name: string): unknown {
  return typeof params === 'object' && params !== null
    ? (params as Record<string, unknown>)[name]
    : undefined;
}

function isPositive(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1;
}

function invalid(message: string): ResponseError<void> {
  return new ResponseError(ErrorCodes.InvalidParams, message);
}
