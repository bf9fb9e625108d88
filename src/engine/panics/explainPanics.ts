// A panic in a program's output, explained: where it happened in the learner's code, which kind
// of panic it is and the lesson that teaches it. The message names most kinds; the source at the
// location and the backtrace name the rest (an `expect` prints only the caller's words).
import { kindOfMessage, panicKind, type PanicKind } from './panicKinds';
import {
  isLibraryPath,
  parsePanics,
  userFrameIndex,
  userLocation,
  type PanicReport,
  type SourceLocation,
} from './parsePanics';
import { kindAtSource } from './sourceAt';

export interface PanicExplanation {
  panic: PanicReport;
  /** The learner's line: the panic's location, or the first frame in their code if that is in std. */
  location: SourceLocation;
  /** Still inside std or a dependency: no backtrace frame in the learner's code was found. */
  inLibrary: boolean;
  kind?: PanicKind;
  lesson: string | null;
  summary: string;
}

/** Reads a file named in the output (as printed), or returns undefined if there is none. */
export type ReadSource = (file: string) => string | undefined;

const UNKNOWN_SUMMARY =
  'The coach does not know this message: it comes from a `panic!`-like call in your code or in a library. The location is where it was raised; with RUST_BACKTRACE=1 the backtrace shows how the program got there.';

export function explainPanics(output: string, readSource?: ReadSource): PanicExplanation[] {
  return parsePanics(output).map((panic) => explainPanic(panic, readSource));
}

export function explainPanic(panic: PanicReport, readSource?: ReadSource): PanicExplanation {
  const location = userLocation(panic);
  const inLibrary = isLibraryPath(location.file);
  const kind =
    kindOfMessage(panic.message) ?? kindFromSource(location, readSource) ?? kindFromBacktrace(panic);
  return {
    panic,
    location,
    inLibrary,
    ...(kind ? { kind } : {}),
    lesson: kind?.lesson ?? null,
    summary: kind?.summary ?? UNKNOWN_SUMMARY,
  };
}

function kindFromSource(location: SourceLocation, readSource: ReadSource | undefined): PanicKind | undefined {
  const text = readSource?.(location.file);
  if (text === undefined) return undefined;
  const id = kindAtSource(text, location.line, location.column);
  return id === undefined ? undefined : panicKind(id);
}

/** The std function the learner's frame called, e.g. `core::option::Option<T>::expect`. */
function kindFromBacktrace(panic: PanicReport): PanicKind | undefined {
  const user = userFrameIndex(panic);
  const called = user === undefined ? undefined : panic.frames[user - 1]?.name;
  if (called === undefined) return undefined;
  if (/::expect(?:_err)?$/.test(called)) return panicKind('expect-failed');
  if (/::unwrap(?:_err)?$/.test(called)) return panicKind('unwrap-failed');
  if (/RefCell<T>::(?:try_)?borrow(?:_mut)?$/.test(called)) return panicKind('refcell-borrow');
  return undefined;
}
