import { createEnginePathResolver } from '../shared/cratePath';
import { fileURLToPath } from 'node:url';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Parser } from 'web-tree-sitter';
import { ParsedFile } from '../engine';
import type { Finding, Settings } from '../shared/types';

/** The findings of one analysis, and what they were computed from. */
export interface Analysis {
  version: number;
  settings: Settings;
  findings: Finding[];
}

export interface RustDocument {
  readonly uri: string;
  /** The text and version as the client sees them: the source of truth. */
  readonly model: TextDocument;
  /** The syntax tree, kept in step with `model` by incremental re-parsing. */
  file: ParsedFile;
  /** The last analysis; reused while the version and settings are unchanged. */
  analysis?: Analysis;
  /** Longer than MAX_DOCUMENT_LENGTH: `file` is kept empty, so nothing is parsed or reported. */
  tooLarge?: boolean;
}

/** As the CLI's 5 MB limit: parsing and analysing more would stall every other request. */
export const MAX_DOCUMENT_LENGTH = 5 * 1024 * 1024;

/** Open Rust documents, each with its incrementally parsed tree. */
export class RustDocuments {
  private readonly docs = new Map<string, RustDocument>();

  constructor(
    private readonly parser: Parser,
    private readonly log: (message: string) => void,
  ) {}

  get(uri: string): RustDocument | undefined {
    return this.docs.get(uri);
  }

  all(): RustDocument[] {
    return [...this.docs.values()];
  }

  open(uri: string, languageId: string, version: number, text: string): RustDocument {
    this.close(uri);
    const model = TextDocument.create(uri, languageId, version, text);
    const tooLarge = this.isTooLarge(uri, text);
    const doc: RustDocument = {
      uri,
      model,
      file: new ParsedFile(this.parser, tooLarge ? '' : text, pathOf(uri)),
      tooLarge,
    };
    this.docs.set(uri, doc);
    return doc;
  }

  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): RustDocument | undefined {
    const doc = this.docs.get(uri);
    if (!doc) return undefined;
    TextDocument.update(doc.model, changes, version);
    const tooLarge = this.isTooLarge(uri, doc.model.getText(), doc.tooLarge);
    if (tooLarge || doc.tooLarge) {
      doc.tooLarge = tooLarge;
      doc.file.dispose();
      doc.file = new ParsedFile(this.parser, tooLarge ? '' : doc.model.getText(), pathOf(uri));
      return doc;
    }
    try {
      doc.file.applyChanges(changes);
      if (doc.file.text === doc.model.getText()) return doc;
      this.log(`Incremental parse of ${uri} drifted from the editor's text; re-parsing it whole.`);
    } catch (error) {
      this.log(`Incremental parse of ${uri} failed (${String(error)}); re-parsing it whole.`);
    }
    // The tree no longer matches the text: rebuild it rather than report wrong ranges.
    doc.file.dispose();
    doc.file = new ParsedFile(this.parser, doc.model.getText(), pathOf(uri));
    return doc;
  }

  private isTooLarge(uri: string, text: string, wasTooLarge = false): boolean {
    const tooLarge = text.length > MAX_DOCUMENT_LENGTH;
    if (tooLarge && !wasTooLarge) {
      this.log(`${uri} is longer than ${MAX_DOCUMENT_LENGTH} characters; it is not analysed.`);
    }
    return tooLarge;
  }

  close(uri: string): RustDocument | undefined {
    const doc = this.docs.get(uri);
    if (!doc) return undefined;
    this.docs.delete(uri);
    doc.file.dispose();
    return doc;
  }

  disposeAll(): void {
    for (const uri of [...this.docs.keys()]) this.close(uri);
  }
}

const crateRelative = createEnginePathResolver();

/**
 * Rules use the path to tell `tests/` files and crate roots apart, so it is relative to the
 * crate root; non-file URIs keep their path part.
 */
function pathOf(uri: string): string {
  try {
    if (!uri.startsWith('file:')) return new URL(uri).pathname;
    const absolute = fileURLToPath(uri);
    return crateRelative(absolute, absolute);
  } catch {
    return '';
  }
}
