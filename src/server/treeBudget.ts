/** A document whose syntax tree can be dropped and parsed again from its text later. */
export interface TreeHolder {
  /** Characters of source the held tree covers: its memory grows roughly in proportion. */
  readonly treeSize: number;
  /** An analysis is walking the tree, between slices: it stays until that ends. */
  readonly analysing: boolean;
  evictTree(): void;
}

/**
 * web-tree-sitter keeps trees in wasm memory, which grows to its peak and never shrinks, at some
 * 25–60 bytes per source character: a tree for every open document would hold hundreds of MB once
 * a few generated files are open. So only the most recently used trees are kept, up to `maxChars`
 * of source between them; the others are parsed again from their text when next needed.
 */
export class TreeBudget {
  /** In order of use, least recent first. */
  private readonly holders = new Set<TreeHolder>();

  constructor(readonly maxChars: number) {}

  /**
   * Call before `holder` parses or edits its tree of `size` characters: it becomes the most recent,
   * and older trees are evicted until everything fits. They go first so that parsing a large
   * file never needs their memory and its own at once. `holder` itself always keeps its tree.
   */
  use(holder: TreeHolder, size: number): void {
    this.holders.delete(holder);
    let total = size;
    for (const other of this.holders) total += other.treeSize;
    for (const other of this.holders) {
      if (total <= this.maxChars) break;
      // Evicting it would cancel the analysis, which would parse again and evict another in turn.
      if (other.analysing) continue;
      total -= other.treeSize;
      this.holders.delete(other);
      other.evictTree();
    }
    this.holders.add(holder);
  }

  /** `holder` gave up its tree (closed, or evicted by its own choice). */
  release(holder: TreeHolder): void {
    this.holders.delete(holder);
  }

  /** How many trees are held. */
  get size(): number {
    return this.holders.size;
  }
}
