// From a panic at run time to its lesson: parsing std's panic output and naming each panic.
export { explainPanic, explainPanics, type PanicExplanation, type ReadSource } from './explainPanics';
export { PANIC_KINDS, kindOfMessage, panicKind, type PanicKind } from './panicKinds';
export {
  isLibraryPath,
  parsePanicHeader,
  parsePanics,
  userLocation,
  type BacktraceFrame,
  type PanicHeader,
  type PanicReport,
  type SourceLocation,
} from './parsePanics';
export { kindAtSource } from './sourceAt';
export { lessonAtSource, panicLinkInLine } from './terminalLink';
