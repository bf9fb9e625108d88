// The engine's public surface: no vscode or LSP imports, so the server, the CLI and tests share it.
export {
  analyze,
  analyzeSteps,
  analyzeText,
  analyzeTextSteps,
  type AnalysisSteps,
  type AnalyzeOptions,
} from './analyze';
export { allowActions, type AllowAction, type AllowSource } from './allowHere';
export { fixAllEdits } from './fixAll';
export {
  createRustParser,
  defaultGrammarDir,
  loadRustLanguage,
  type GrammarSource,
  type GrammarWasm,
} from './grammar';
export { createHighlighter, loadHighlighter, MAX_HIGHLIGHT_LENGTH, type Highlighter } from './highlight';
export { DEFAULT_CHUNK_LIMITS, parsesInChunks } from './chunks';
export { hoverAt, hoverInText } from './hover';
export { ParsedFile, type ContentChange } from './parsedFile';
export { RULES } from './rules';
export { applyEdits, LineIndex } from './text';
export { ruleInfos } from './ruleInfo';
export { CrateIndex } from './semantics/crateIndex';
export type { FileItems } from './semantics/fileItems';
export { indexText, indexTextSteps } from './semantics/indexText';
export {
  explainPanics,
  kindAtSource,
  kindOfMessage,
  lessonAtSource,
  panicKind,
  panicLinkInLine,
  parsePanicHeader,
  PANIC_KINDS,
  type PanicExplanation,
  type PanicHeader,
  type PanicKind,
  type SourceLocation,
} from './panics';
