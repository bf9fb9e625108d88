import type { FileItems, FnItem, ImplItem, TypeItem } from './fileItems';

/**
 * The items of every file of a crate, by name. The CLI builds it from a crate's source files and
 * the server keeps it per workspace crate; analysis always adds the analysed file's own items from
 * its live text, so an edit re-indexes only its own file.
 */
export class CrateIndex {
  private readonly files = new Map<string, FileItems>();
  /** Every file's items by name, built on first use after a change: not once per analysis. */
  private lookup?: ItemLookup;

  constructor(files: Iterable<FileItems> = []) {
    for (const f of files) this.files.set(f.path, f);
  }

  /** Replaces one file's items (an edit or a change on disk). */
  update(items: FileItems): void {
    this.files.set(items.path, items);
    this.lookup = undefined;
  }

  remove(path: string): void {
    this.files.delete(path);
    this.lookup = undefined;
  }

  /** Drops the files under a folder (crate-relative, as the files' paths are). */
  removeUnder(folder: string): void {
    const prefix = folder.endsWith('/') ? folder : `${folder}/`;
    for (const path of [...this.files.keys()]) if (path.startsWith(prefix)) this.files.delete(path);
    this.lookup = undefined;
  }

  get size(): number {
    return this.files.size;
  }

  /** Every file's items, as plain data (to send to another thread). */
  items(): FileItems[] {
    return [...this.files.values()];
  }

  /** Whether any indexed file declares a fn or method of this name. */
  declaresFn(name: string): boolean {
    this.lookup ??= new ItemLookup([...this.files.values()]);
    return this.lookup.fns.has(name);
  }

  /** The crate as seen from one file: that file's live items instead of its indexed ones. */
  viewFrom(own: FileItems, onLookup?: () => void): CrateView {
    this.lookup ??= new ItemLookup([...this.files.values()]);
    return new CrateView(own, this.lookup, onLookup);
  }
}

export interface Located<T> {
  item: T;
  file: FileItems;
}

/** Types and fns of some files by name. */
class ItemLookup {
  readonly types = new Map<string, Located<TypeItem>[]>();
  readonly fns = new Map<string, Located<FnItem>[]>();
  /** Module names: declared with `mod`, or files named `name.rs` / `name/mod.rs`. */
  readonly modules = new Set<string>();

  constructor(readonly files: readonly FileItems[]) {
    for (const file of files) {
      for (const name of file.modules) this.modules.add(name);
      const stem = /(?:^|\/)(\w+)(?:\.rs|\/mod\.rs)$/.exec(file.path)?.[1];
      if (stem && stem !== 'mod' && stem !== 'lib' && stem !== 'main') this.modules.add(stem);
      for (const item of file.types) push(this.types, item.name, { item, file });
      for (const item of file.fns) push(this.fns, item.name, { item, file });
    }
  }
}

/**
 * Lookups over one file's items and the rest of its crate's: the file's own live items first,
 * then the crate's indexed ones without that file's indexed (possibly older) copy.
 */
export class CrateView {
  private readonly mine: ItemLookup;

  constructor(
    readonly own: FileItems,
    private readonly others: ItemLookup = new ItemLookup([]),
    /** Told of every lookup that reads the crate's other files (or would, once indexed). */
    private readonly onLookup: () => void = () => undefined,
  ) {
    this.mine = new ItemLookup([own]);
  }

  /** Types the crate declares under a name (several when modules reuse it). */
  types(name: string): Located<TypeItem>[] {
    this.onLookup();
    return this.merged(this.mine.types.get(name), this.others.types.get(name));
  }

  /** The file's own declaration of a type name, if any: it shadows imports and the prelude. */
  ownType(name: string): TypeItem | undefined {
    return this.own.types.find((t) => t.name === name);
  }

  fns(name: string): Located<FnItem>[] {
    this.onLookup();
    return this.merged(this.mine.fns.get(name), this.others.fns.get(name));
  }

  /** Whether a module of this name is declared in the crate, or is one of its files (`src/name.rs`). */
  modules(name: string): boolean {
    this.onLookup();
    return this.mine.modules.has(name) || this.others.modules.has(name);
  }

  /**
   * How the crate's other files use a name (see nameUses.ts): as a value, in a discarded call, in
   * a `while let Some(..)` loop. Files indexed without their uses add nothing.
   */
  usesElsewhere(name: string): { value: boolean; discarded: boolean; loops: boolean } {
    this.onLookup();
    const found = { value: false, discarded: false, loops: false };
    for (const file of this.others.files) {
      if (file.path === this.own.path || !file.uses) continue;
      found.value ||= file.uses.values.includes(name);
      found.discarded ||= file.uses.discarded.includes(name);
      found.loops ||= file.uses.loops.includes(name);
    }
    return found;
  }

  *impls(): Generator<Located<ImplItem>> {
    this.onLookup();
    for (const item of this.own.impls) yield { item, file: this.own };
    for (const file of this.others.files) {
      if (file.path === this.own.path) continue;
      for (const item of file.impls) yield { item, file };
    }
  }

  private merged<T>(mine: Located<T>[] = [], others: Located<T>[] = []): Located<T>[] {
    const rest = others.filter((l) => l.file.path !== this.own.path);
    return mine.length === 0 ? rest : rest.length === 0 ? mine : [...mine, ...rest];
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
