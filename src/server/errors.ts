/** A readable one-liner (or stack) for anything thrown, for `connection.console.error`. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}

/** Just the message, for the user to read (the log gets describeError's stack). */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
