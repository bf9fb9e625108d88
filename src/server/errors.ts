/** A readable one-liner (or stack) for anything thrown, for `connection.console.error`. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}
