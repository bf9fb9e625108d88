/**
 * Characters a file name or a quoted piece of code may hold that would change how a terminal
 * shows the report: C0 and C1 controls (a newline could start a fake finding line, ESC starts
 * terminal sequences, CR overwrites the line), DEL, line and paragraph separators, and the bidi
 * controls that reorder what is shown ("Trojan Source").
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\0': '\\0' };

/** `s` with each such character written as Rust writes it in `{:?}`: `\n`, `\r`, `\t`, `\0`, `\u{1b}`. */
export function escapeControls(s: string): string {
  return s.replace(UNSAFE, (c) => NAMED[c] ?? `\\u{${c.charCodeAt(0).toString(16)}}`);
}
