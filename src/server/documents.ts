import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Parser } from 'web-tree-sitter';
import { RustDocument, type Log } from './rustDocument';
import { TreeBudget } from './treeBudget';

/** As the CLI's 5 MB limit: parsing and analysing more would stall every other request. */
export const MAX_DOCUMENT_LENGTH = 5 * 1024 * 1024;

/**
 * Source characters whose trees are kept at once: dozens of ordinary files, or two just short of
 * the length the engine parses in chunks (and keeps no tree for). Beyond it the least recently
 * used trees are dropped (see TreeBudget).
 */
export const TREE_BUDGET_CHARS = 1024 * 1024;

/** Open Rust documents; their trees are parsed incrementally and kept within a TreeBudget. */
export class RustDocuments {
  private readonly docs = new Map<string, RustDocument>();
  private readonly budget: TreeBudget;

  constructor(
    readonly parser: Parser,
    private readonly log: Log,
    budgetChars = TREE_BUDGET_CHARS,
  ) {
    this.budget = new TreeBudget(budgetChars);
  }

  get(uri: string): RustDocument | undefined {
    return this.docs.get(uri);
  }

  all(): RustDocument[] {
    return [...this.docs.values()];
  }

  /** How many documents hold a tree right now. */
  get treeCount(): number {
    return this.budget.size;
  }

  open(uri: string, languageId: string, version: number, text: string): RustDocument {
    this.close(uri);
    const model = TextDocument.create(uri, languageId, version, text);
    const doc = new RustDocument(uri, model, this.isTooLarge(uri, text), this.parser, this.budget);
    this.docs.set(uri, doc);
    if (!doc.chunked) doc.parsed();
    return doc;
  }

  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): RustDocument | undefined {
    const doc = this.docs.get(uri);
    if (!doc) return undefined;
    TextDocument.update(doc.model, changes, version);
    const tooLarge = this.isTooLarge(uri, doc.model.getText(), doc.tooLarge);
    if (tooLarge || doc.tooLarge) {
      doc.tooLarge = tooLarge;
      doc.evictTree();
      return doc;
    }
    doc.applyChanges(changes, this.log);
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
    doc.evictTree();
    return doc;
  }

  disposeAll(): void {
    for (const uri of [...this.docs.keys()]) this.close(uri);
  }
}
