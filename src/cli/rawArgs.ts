import { isUtf8 } from 'node:buffer';
import fs from 'node:fs';

/**
 * Node decodes the command line as UTF-8, so an argument that is not (a path such as `lat\xe9.rs`)
 * arrives with U+FFFD and names no file. On Linux, /proc/self/cmdline still has the bytes.
 * Returns `positionals` (as parsed out of `args`, the end of the command line) with each one that
 * lost bytes replaced by its exact bytes; as they were where the bytes cannot be had.
 */
export function exactPositionals(
  args: readonly string[],
  positionals: readonly string[],
): (string | Buffer)[] {
  if (!positionals.some((p) => p.includes('\uFFFD'))) return [...positionals];
  const raw = commandLineTail(args);
  if (!raw) return [...positionals];
  let from = 0;
  return positionals.map((p) => {
    if (!p.includes('\uFFFD')) return p;
    const at = args.indexOf(p, from);
    if (at < 0) return p;
    from = at + 1;
    const bytes = raw[at];
    return bytes && !isUtf8(bytes) ? bytes : p;
  });
}

/** The last `args.length` arguments of this process's command line, as bytes, if they are `args`. */
function commandLineTail(args: readonly string[]): Buffer[] | undefined {
  let cmdline: Buffer;
  try {
    cmdline = fs.readFileSync('/proc/self/cmdline');
  } catch {
    return undefined; // Not Linux.
  }
  const all: Buffer[] = [];
  for (let start = 0; start < cmdline.length;) {
    const end = cmdline.indexOf(0, start);
    const stop = end < 0 ? cmdline.length : end;
    all.push(cmdline.subarray(start, stop));
    start = stop + 1;
  }
  // Node's own options come before the script; the script's arguments end the line.
  const tail = all.slice(all.length - args.length);
  const same = tail.length === args.length && tail.every((b, i) => b.toString('utf8') === args[i]);
  return same ? tail : undefined;
}
