import { escapeControls } from './escapeControls';

/** A bad command line: exit code 2, and the message points at `--help`. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A failure that stops the whole command, such as a missing path: exit code 2. */
export class FatalError extends Error {
  override readonly name = 'FatalError';
}

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

const PROGRAM = 'rust-safety-coach';

export function describeError(error: unknown): string {
  if (error instanceof Error) {
    // Node's fs errors read "ENOENT: no such file or directory, open 'x'"; callers print the path themselves.
    const code = (error as NodeJS.ErrnoException).code;
    if (code && error.message.startsWith(`${code}: `)) {
      return error.message.slice(code.length + 2).replace(/, \w+ '.*'$/, '');
    }
    return error.message;
  }
  return String(error);
}

/** One line on stderr: a tool's diagnostics must not mix with the report on stdout. */
export function printError(message: string): void {
  process.stderr.write(`${PROGRAM}: error: ${oneLine(message)}\n`);
}

export function printWarning(message: string): void {
  process.stderr.write(`${PROGRAM}: warning: ${oneLine(message)}\n`);
}

/**
 * Every control character, a line break included, is escaped (`\n`, `\u{1b}`): a message stays one
 * line, and a file name in it can neither add a line nor overwrite one.
 */
function oneLine(message: string): string {
  return escapeControls(message);
}
