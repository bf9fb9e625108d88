// Reads panics out of a Rust program's output (`cargo run 2>&1`), as std prints them:
//
//   thread 'main' (22172) panicked at src/main.rs:12:15:      Rust 1.88 and later (thread id)
//   thread 'main' panicked at src/main.rs:12:15:              Rust 1.73 to 1.87
//   called `Option::unwrap()` on a `None` value               the message, one or more lines
//   stack backtrace:                                          with RUST_BACKTRACE=1 (or full)
//      5: main::main
//                at ./src/main.rs:12:15
//
// Older compilers put the message first: `thread 'main' panicked at 'msg', src/main.rs:12:15`.

export interface SourceLocation {
  /** As printed: relative to where cargo ran, or absolute; Windows prints `src\main.rs`. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based, in characters. */
  column: number;
}

export interface BacktraceFrame {
  /** The function, e.g. `core::option::Option<T>::unwrap` or `main::main`. */
  name: string;
  location?: SourceLocation;
}

export interface PanicReport {
  thread: string;
  /** The panic message, lines joined with `\n`. */
  message: string;
  /** Where std says the panic happened (the caller for `#[track_caller]` functions such as `unwrap`). */
  location: SourceLocation;
  /** Empty without RUST_BACKTRACE. */
  frames: BacktraceFrame[];
}

/** The header line and where its location text is, for the terminal's links. */
export interface PanicHeader {
  thread: string;
  location: SourceLocation;
  /** The message, when the header carries it (older compilers). */
  message?: string;
}

const HEADER = /^thread '(.*?)'(?: \(\d+\))? panicked at (.+):(\d+):(\d+):\s*$/;
const OLD_HEADER = /^thread '(.*?)' panicked at '(.*)', (.+):(\d+):(\d+)\s*$/;
const FRAME = /^\s*\d+:\s+(?:0x[0-9a-f]+ - )?(.+?)\s*$/;
const FRAME_AT = /^\s+at (.+):(\d+):(\d+)\s*$/;
/** Colours, in case the output went through a tool that forces them. */
const ANSI = /\x1b\[[0-9;]*[A-Za-z]/g;

/** The panic header in one line of output, if it is one. */
export function parsePanicHeader(line: string): PanicHeader | undefined {
  const text = line.replace(ANSI, '').replace(/\r$/, '');
  const match = HEADER.exec(text);
  if (match) {
    return { thread: match[1] ?? '', location: location(match[2], match[3], match[4]) };
  }
  const old = OLD_HEADER.exec(text);
  if (old) {
    return { thread: old[1] ?? '', message: old[2] ?? '', location: location(old[3], old[4], old[5]) };
  }
  return undefined;
}

/** Every panic in the output, in order. */
export function parsePanics(output: string): PanicReport[] {
  const lines = output.replace(ANSI, '').split(/\r?\n/);
  const panics: PanicReport[] = [];
  let i = 0;
  while (i < lines.length) {
    const header = parsePanicHeader(lines[i] ?? '');
    i++;
    if (!header) continue;
    const messageLines: string[] = header.message !== undefined ? [header.message] : [];
    if (header.message === undefined) {
      while (i < lines.length && !endsMessage(lines[i] ?? '')) messageLines.push(lines[i++] ?? '');
    }
    while (i < lines.length && (lines[i] ?? '').startsWith('note: run with `RUST_BACKTRACE')) i++;
    const frames: BacktraceFrame[] = [];
    if ((lines[i] ?? '').trim() === 'stack backtrace:') {
      i++;
      for (; i < lines.length; i++) {
        const line = lines[i] ?? '';
        const at = FRAME_AT.exec(line);
        const last = frames[frames.length - 1];
        if (at) {
          // A second `at` line belongs to the same frame; the first one is where it is.
          if (last && !last.location) last.location = location(at[1], at[2], at[3]);
          continue;
        }
        const frame = FRAME.exec(line);
        if (!frame) break;
        frames.push({ name: frame[1] ?? '' });
      }
    }
    panics.push({
      thread: header.thread,
      message: messageLines.join('\n'),
      location: header.location,
      frames,
    });
  }
  return panics;
}

function endsMessage(line: string): boolean {
  return (
    line.trim() === '' ||
    line.trim() === 'stack backtrace:' ||
    line.startsWith('note: run with `RUST_BACKTRACE') ||
    parsePanicHeader(line) !== undefined
  );
}

function location(file = '', line = '0', column = '0'): SourceLocation {
  return { file, line: Number(line), column: Number(column) };
}

/** A path inside the standard library's sources (or a registry crate's), not the learner's code. */
export function isLibraryPath(file: string): boolean {
  return (
    /^\/rustc\/[0-9a-f]+[\\/]/.test(file) ||
    /[\\/]rustlib[\\/]src[\\/]rust[\\/]library[\\/]/.test(file) ||
    /[\\/]\.cargo[\\/](?:registry|git)[\\/]/.test(file)
  );
}

/**
 * The learner's frame: the first backtrace frame in their own files. It is the panic's own
 * location unless that is inside std (a `swap_remove`, `drain` or `with_capacity` that is not
 * `#[track_caller]`).
 */
export function userLocation(panic: PanicReport): SourceLocation {
  if (!isLibraryPath(panic.location.file)) return panic.location;
  const frame = userFrameIndex(panic);
  const found = frame === undefined ? undefined : panic.frames[frame]?.location;
  return found ? { ...found, file: found.file.replace(/^\.[\\/]/, '') } : panic.location;
}

/** The index of the first frame with a location in the learner's files. */
export function userFrameIndex(panic: PanicReport): number | undefined {
  const index = panic.frames.findIndex((f) => f.location !== undefined && !isLibraryPath(f.location.file));
  return index < 0 ? undefined : index;
}
