import type { FileItems, FnItem, ImplItem, TypeItem } from './fileItems';

/**
 * The items of every file of a crate, by name. The CLI builds it from a crate's source files and
 * the server keeps it per workspace crate; analysis always adds the analysed file's own items from
 * its live text, so an edit re-indexes only its own file.
 */
export class CrateIndex {
  private readonly files = new Map<string, FileItems>();

  constructor(files: Iterable<FileItems> = []) {
    for (const f of files) this.files.set(f.path, f);
  }

  /** Replaces one file's items (an edit or a change on disk). */
  update(items: FileItems): void {
    this.files.set(items.path, items);
  }

  remove(path: string): void {
    this.files.delete(path);
  }

  get size(): number {
    return this.files.size;
  }

  /** The crate as seen from one file: that file's live items instead of its indexed ones. */
  viewFrom(own: FileItems): CrateView {
    const others = [...this.files.values()].filter((f) => f.path !== own.path);
    return new CrateView(own, others);
  }
}

export interface Located<T> {
  item: T;
  file: FileItems;
}

/** Lookups over one file's items and the rest of its crate's. */
export class CrateView {
  private readonly all: FileItems[];
  private readonly typesByName = new Map<string, Located<TypeItem>[]>();
  private readonly fnsByName = new Map<string, Located<FnItem>[]>();

  constructor(
    readonly own: FileItems,
    others: readonly FileItems[] = [],
  ) {
    this.all = [own, ...others];
    for (const file of this.all) {
      for (const item of file.types) push(this.typesByName, item.name, { item, file });
      for (const item of file.fns) push(this.fnsByName, item.name, { item, file });
    }
  }

  /** Types the crate declares under a name (several when modules reuse it). */
  types(name: string): Located<TypeItem>[] {
    return this.typesByName.get(name) ?? [];
  }

  /** The file's own declaration of a type name, if any: it shadows imports and the prelude. */
  ownType(name: string): TypeItem | undefined {
    return this.own.types.find((t) => t.name === name);
  }

  fns(name: string): Located<FnItem>[] {
    return this.fnsByName.get(name) ?? [];
  }

  *impls(): Generator<Located<ImplItem>> {
    for (const file of this.all) for (const item of file.impls) yield { item, file };
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
