import { baseName, type FileItems, type FnItem, type ImplItem, type TypeItem } from './fileItems';
import { fileModule } from './modulePath';
import { lastSegment } from './rustType';

/**
 * The items of every file of a crate, by name. The CLI builds it from a crate's source files and
 * the server keeps it per workspace crate; analysis always adds the analysed file's own items from
 * its live text, so an edit re-indexes only its own file.
 */
export class CrateIndex {
  private readonly files = new Map<string, FileItems>();
  /** Every file's items by name, built on first use after a change: not once per analysis. */
  private lookup?: ItemLookup;

  /**
   * The package's name as a path segment (`my-app` → `my_app`): `src/main.rs` reaches the
   * package's own library by it (`use my_app::store::load;`).
   */
  packageName?: string;

  constructor(files: Iterable<FileItems> = [], packageName?: string) {
    for (const f of files) this.files.set(f.path, f);
    if (packageName) this.packageName = packageName.replace(/-/g, '_');
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
    return new CrateView(own, this.lookup, onLookup, this.packageName);
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
  /** Trait impls by the trait's name as written, without path or arguments (`From<io::Error>` → `From`). */
  readonly traitImpls = new Map<string, Located<ImplItem>[]>();
  /** Names imported under another (`use std::error::Error as StdError`): `Error` → `StdError`. */
  readonly renames = new Map<string, string[]>();
  /** Every enum variant's name. */
  readonly variants = new Set<string>();
  /** The files hiding a method of each name (see `FileItems.hiddenFns`). */
  readonly hidden = new Map<string, string[]>();
  /** Module names: declared with `mod`, or files named `name.rs` / `name/mod.rs`. */
  readonly modules = new Set<string>();

  readonly files: readonly FileItems[];

  /** `own`: the analysed file's items, used whatever gates it. */
  constructor(all: readonly FileItems[], own = false) {
    this.files = own ? all : compiledFiles(all);
    for (const file of this.files) {
      for (const name of file.modules) this.modules.add(name);
      const stem = /(?:^|\/)(\w+)(?:\.rs|\/mod\.rs)$/.exec(file.path)?.[1];
      if (stem && stem !== 'mod' && stem !== 'lib' && stem !== 'main') this.modules.add(stem);
      for (const name of file.hiddenFns ?? []) push(this.hidden, name, file.path);
      for (const item of file.types) {
        push(this.types, item.name, { item, file });
        for (const v of item.variants ?? []) this.variants.add(v);
      }
      for (const item of file.fns) push(this.fns, item.name, { item, file });
      for (const item of file.impls)
        if (item.trait) push(this.traitImpls, baseName(item.trait), { item, file });
      for (const use of file.uses) {
        const original = lastSegment(use.path);
        if (use.name && original && use.name !== original) push(this.renames, original, use.name);
      }
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
    /** The package's name as a path segment, which names the crate's library. */
    readonly packageName?: string,
  ) {
    this.mine = new ItemLookup([own], true);
  }

  /** Types the crate declares under a name (several when modules reuse it). */
  types(name: string): Located<TypeItem>[] {
    this.onLookup();
    return this.merged(this.mine.types.get(name), this.others.types.get(name));
  }

  /**
   * The types a canonical path names, without its `crate::`: `Point`, or `config::Error` where two
   * modules declare an `Error` (resolveType.ts names those with their module).
   */
  typesAt(path: string): Located<TypeItem>[] {
    const at = path.lastIndexOf('::');
    if (at < 0) return this.types(path);
    const module = path.slice(0, at);
    return this.types(path.slice(at + 2)).filter((t) => t.item.module === module);
  }

  /** Whether another file of the crate declares a fn of this name where its items are not read. */
  hiddenElsewhere(name: string): boolean {
    this.onLookup();
    return (this.others.hidden.get(name) ?? []).some((path) => path !== this.own.path);
  }

  /** Whether any enum of the crate has a variant of this name. */
  hasVariant(name: string): boolean {
    this.onLookup();
    return this.mine.variants.has(name) || this.others.variants.has(name);
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

  /** The files that may hold a module's items: the file that is that module, or an ancestor of it. */
  filesOfModule(module: string): FileItems[] {
    this.onLookup();
    const holds = (f: FileItems) => {
      const base = fileModule(f.path);
      return base === '' || module === base || module.startsWith(`${base}::`);
    };
    const others = this.others.files.filter((f) => f.path !== this.own.path && holds(f));
    return holds(this.own) ? [this.own, ...others] : others;
  }

  /** Whether the module's items are indexed: the file that is that module, or one holding its items. */
  knowsModule(module: string): boolean {
    const inIt = (item: { module: string }) => item.module === module;
    return this.filesOfModule(module).some(
      (f) => fileModule(f.path) === module || f.types.some(inIt) || f.fns.some(inIt) || f.uses.some(inIt),
    );
  }

  /**
   * How the crate's other files use a name (see nameUses.ts): as a value, in a discarded call, in
   * a `while let Some(..)` loop. Files indexed without their uses add nothing.
   */
  usesElsewhere(name: string): { value: boolean; discarded: boolean; loops: boolean } {
    this.onLookup();
    const found = { value: false, discarded: false, loops: false };
    for (const file of this.others.files) {
      if (file.path === this.own.path || !file.nameUses) continue;
      found.value ||= file.nameUses.values.includes(name);
      found.discarded ||= file.nameUses.discarded.includes(name);
      found.loops ||= file.nameUses.loops.includes(name);
    }
    return found;
  }

  /**
   * The impls of a trait named so where it is implemented (`From`, `FromStr`): a crate's thousands
   * of impls are not read for each lookup. Impls under a name the trait is imported as come too.
   */
  traitImpls(name: string): Located<ImplItem>[] {
    this.onLookup();
    const names = new Set([
      name,
      ...(this.mine.renames.get(name) ?? []),
      ...(this.others.renames.get(name) ?? []),
    ]);
    return [...names].flatMap((n) => this.merged(this.mine.traitImpls.get(n), this.others.traitImpls.get(n)));
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

/**
 * The files that are compiled whatever the build: a file is left out when it starts with
 * `#![cfg(..)]`, or when its module, or a module it lies under (`src/json.rs`, `src/json/x.rs`,
 * `src/a/json.rs`), is declared under a `#[cfg(..)]` anywhere in the crate. Items that may not
 * exist are not facts (a `From` impl behind a feature). Matching by name may leave out a
 * namesake too: that only costs fixes.
 */
function compiledFiles(all: readonly FileItems[]): FileItems[] {
  const gated = new Set(all.flatMap((f) => f.gatedModules ?? []));
  if (gated.size === 0 && !all.some((f) => f.gated)) return [...all];
  return all.filter((f) => {
    if (f.gated) return false;
    const parts = f.path.replace(/\.rs$/, '').split('/');
    // `src/` and the like are not module names; `mod.rs` is its folder's module.
    return !parts.some((p, i) => i > 0 && gated.has(p));
  });
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
