import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Parser } from 'web-tree-sitter';
import {
  type CrateIndex,
  analyzeSteps,
  analyzeTextSteps,
  type AnalysisSteps,
  type AnalyzeOptions,
  hoverAt,
  hoverInText,
  ParsedFile,
  parsesInChunks,
} from '../engine';
import type { Finding, HoverInfo, Position, Settings } from '../shared/types';
import { enginePathOf } from './enginePath';
import type { TreeBudget, TreeHolder } from './treeBudget';
import { runInSlices } from './slicedRun';

/** The findings of one analysis, and what they were computed from. */
export interface Analysis {
  version: number;
  settings: Settings;
  findings: Finding[];
  /** Set when the crate index changed since: the fixes may resolve further now. */
  stale?: boolean;
  /** It looked up items in the crate's other files: a new crate index may change it. */
  usesCrate: boolean;
  /** The crate index it was made with (none: the file's own items only). */
  crate: CrateIndex | undefined;
}

export type Log = (message: string) => void;

/**
 * An open document: the client's text, its last analysis, and a syntax tree while the budget
 * allows. A long document never holds one: the engine parses it a chunk at a time for each request.
 */
export class RustDocument implements TreeHolder {
  /** The last analysis; reused while the version and settings are unchanged. */
  analysis?: Analysis;
  /** Absent while evicted: `model` has the text, and `parsed()` parses it again. */
  private file?: ParsedFile;
  /** Relative to the crate root, for the rules that tell test files and crate roots apart. */
  private readonly path: string;
  /** Bumped when the tree is edited or evicted, and by each analysis: an older one must stop. */
  private treeEpoch = 0;
  /** Analyses between slices; the tree budget leaves this tree alone meanwhile. */
  private running = 0;

  constructor(
    readonly uri: string,
    /** The text and version as the client sees them: the source of truth. */
    readonly model: TextDocument,
    /** Longer than MAX_DOCUMENT_LENGTH: the tree is kept empty, so nothing is parsed or reported. */
    public tooLarge: boolean,
    private readonly parser: Parser,
    private readonly budget: TreeBudget,
  ) {
    this.path = pathOf(uri);
  }

  /** Whether the document is long enough to be parsed in chunks, never whole. */
  get chunked(): boolean {
    return !this.tooLarge && parsesInChunks(this.model.getText().length);
  }

  /**
   * The findings of the current text, analysed in slices of a few milliseconds with other work
   * in between, so that one long document never holds up requests on another. Undefined when
   * the tree changed or was evicted meanwhile: the analysis is dropped, never resumed on it.
   */
  async analyze(
    options: AnalyzeOptions,
    /**
     * For work nobody waits on: what runs before each step (a turn of its own per step, so that
     * an edit never waits for more than one), and whether it is still wanted once its turn comes.
     * Without it, steps run in slices of SLICE_MS.
     */
    background?: { between: () => Promise<void>; wanted: () => boolean },
  ): Promise<Finding[] | undefined> {
    if (background) {
      // Before the first step too (a long file's first step reads all of it); meanwhile the
      // document may have changed or closed, and a closed one must not be parsed again.
      await background.between();
      if (!background.wanted()) return undefined;
    }
    if (this.chunked) this.evictTree();
    const steps: AnalysisSteps = this.chunked
      ? analyzeTextSteps(this.parser, this.model.getText(), this.path, options)
      : analyzeSteps(this.parsed(), options);
    const epoch = ++this.treeEpoch;
    this.running++;
    try {
      // Edits and evictions bump the epoch: this tree may be gone.
      const valid = () => this.treeEpoch === epoch;
      return await (background
        ? runInSlices(steps, valid, background.between, 0)
        : runInSlices(steps, valid));
    } finally {
      this.running--;
    }
  }

  get analysing(): boolean {
    return this.running > 0;
  }

  hover(position: Position): HoverInfo | null {
    if (!this.chunked) return hoverAt(this.parsed(), position);
    this.evictTree();
    return hoverInText(this.parser, this.model.getText(), position);
  }

  /** The syntax tree of the current text, parsed from scratch if it was evicted. */
  parsed(): ParsedFile {
    this.budget.use(this, this.sourceLength());
    try {
      this.file ??= new ParsedFile(this.parser, this.tooLarge ? '' : this.model.getText(), this.path);
    } catch (error) {
      this.budget.release(this);
      throw error;
    }
    return this.file;
  }

  /** False while evicted. */
  get hasTree(): boolean {
    return this.file !== undefined;
  }

  get treeSize(): number {
    return this.file?.text.length ?? 0;
  }

  /** Brings the tree in step with `model`, which already has `changes` applied. */
  applyChanges(changes: TextDocumentContentChangeEvent[], log: Log): void {
    // An evicted tree stays evicted until someone needs it: a burst of edits costs one parse.
    if (!this.file) return;
    if (this.chunked) return this.evictTree();
    this.treeEpoch++;
    this.budget.use(this, this.sourceLength());
    try {
      // The model's text is passed so the tree's text is the same string, not a second copy.
      this.file.applyChanges(changes, this.model.getText());
      if (this.file.text === this.model.getText()) return;
      log(`Incremental parse of ${this.uri} drifted from the editor's text; re-parsing it whole.`);
    } catch (error) {
      log(`Incremental parse of ${this.uri} failed (${String(error)}); re-parsing it whole.`);
    }
    // The tree no longer matches the text: rebuild it rather than report wrong ranges.
    this.evictTree();
    this.parsed();
  }

  /** Forgets the tree; the next `parsed()` starts again from the text. */
  evictTree(): void {
    this.treeEpoch++;
    this.budget.release(this);
    this.file?.dispose();
    this.file = undefined;
  }

  private sourceLength(): number {
    return this.tooLarge ? 0 : this.model.getText().length;
  }
}

/** Rules use the path to tell `tests/` files and crate roots apart (see enginePath.ts). */
function pathOf(uri: string): string {
  try {
    return enginePathOf(uri);
  } catch {
    return '';
  }
}
