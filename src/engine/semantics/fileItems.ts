import type { Node } from 'web-tree-sitter';
import type { FileContext } from '../context';
import { importsIn, importsOf, type Imports, type ScopedUse } from '../imports';
import { childModule, fileModule } from './modulePath';
import { boundTexts } from './traitBounds';
import type { NameUses } from './nameUses';

/**
 * The items of one file that typed fixes look up, as plain data: fn signatures, declared types,
 * impls and imports. A crate index is these of every file; a file's own come from its live text.
 */
export interface FileItems {
  path: string;
  /** Local name → full paths, and glob-imported paths (see imports.ts). */
  imports: { names: Array<[string, string[]]>; globs: string[] };
  /** The same imports with the module (and block) each is written in: what resolution reads. */
  uses: ScopedUse[];
  fns: FnItem[];
  types: TypeItem[];
  impls: ImplItem[];
  /** The names of the modules it declares (`mod parse;`, `mod util { .. }`). */
  modules: string[];
  /** The same modules by their paths in the crate (`net::tcp`). */
  modulePaths: string[];
  /**
   * Modules declared under a `#[cfg(..)]` (`#[cfg(feature = "json")] mod json;`, `#[cfg(test)] mod
   * tests;`), or inside such a module: they may not be compiled, so neither may their files.
   */
  gatedModules?: string[];
  /** The file starts with `#![cfg(..)]`: none of it may be compiled. */
  gated?: boolean;
  /** How it uses names (a fn as a value, a discarded call): indexed files only, from their text. */
  nameUses?: NameUses;
  /**
   * Names of fns the file declares where its items are not read (in a fn body or `const _` block,
   * under `#[cfg(..)]`, in a macro's body): an impl there may answer a call of that name. Indexed
   * files only, from their text.
   */
  hiddenFns?: string[];
}

/** Where an item is declared: its module in the crate (`''` for the root, `a::b`). */
interface InModule {
  module: string;
}

export interface FnItem extends InModule {
  name: string;
  /** The impl's self type (`Point`) or the trait's name; null for a free fn. */
  owner: string | null;
  /** Declared in a trait (with or without a body). */
  inTrait: boolean;
  /** Declared in an impl of a trait for the owner; absent for an inherent impl's fns. */
  inTraitImpl?: boolean;
  /** The return type's text; null for `()`. */
  returns: string | null;
  async: boolean;
  /** Generic parameters of the fn and its impl or trait: their names are not types to look up. */
  generics: string[];
  /** The fn's own type parameters, in order (what a turbofish binds). */
  typeParams?: string[];
  /** The trait bounds of the fn's own type parameters, as written (`<T: FromStr>`, `where`). */
  bounds?: Record<string, string[]>;
  /** The enclosing impl's associated types (`Err` → `ParseIntError`), for `Self::Err`. */
  assoc: Record<string, string>;
}

export interface TypeItem extends InModule {
  name: string;
  kind: 'struct' | 'enum' | 'alias' | 'trait' | 'union';
  generics: string[];
  /** It has lifetime parameters (`ParseError<'a>`): it borrows, so it is not `'static`. */
  lifetimes?: boolean;
  /** An alias's target type text. */
  target?: string;
  /** An alias's generic parameters' defaults (`E = Box<dyn Error>`), by name. */
  defaults?: Record<string, string>;
  /** A struct's named fields and their type texts. */
  fields?: Record<string, string>;
  /** Every field's type text, of a struct (named, tuple or unit) or of all an enum's variants. */
  fieldTypes?: string[];
  /** An enum's variant names (`use Health::*` brings them into scope). */
  variants?: string[];
  /** An enum's variants holding one unnamed field (`Parse(ParseIntError)`): each is a fn of it. */
  newtypeVariants?: string[];
  /** An enum's variants without fields (`Missing`): each is a value of the enum. */
  unitVariants?: string[];
  /** A unit struct (`struct EmptyVec;`): its name is also its one value. */
  unit?: boolean;
}

export interface ImplItem extends InModule {
  selfType: string;
  /** `From<io::Error>`, `FromStr`, `std::error::Error`; null for an inherent impl. */
  trait: string | null;
  assoc: Record<string, string>;
  generics: string[];
  /** A generic impl's bounds on its parameters, as written (`impl<E: Error> From<E> for AppError`). */
  bounds?: Record<string, string[]>;
}

/** The items whose bodies hold more items: a fn's body is skipped, its items are local to it. */
const ITEM_LISTS = new Set(['mod_item', 'impl_item', 'trait_item', 'foreign_mod_item']);

/** The memo key of a file's items (see `prefetchChunkItems`, which fills it for a long file). */
export const FILE_ITEMS_MEMO = 'semantics:fileItems';

/** The file's items, computed once per analysis and shared by its chunks. */
export function fileItemsOf(ctx: FileContext): FileItems {
  return ctx.carriedMemo(
    FILE_ITEMS_MEMO,
    () => {
      const items = emptyItems(ctx.file.path, importsOf(ctx));
      const base = fileModule(ctx.file.path);
      ctx.readEachRoot((root, owns) => collectList(root, null, base, items, owns));
      return items;
    },
    (items) => items.uses.some((u) => u.block !== undefined),
  );
}

/**
 * The items of the context's own chunk of a long file, from its tree alone: indexing such a file
 * a chunk at a time lets a host do other work in between. The chunks' items, merged, are the file's.
 */
export function chunkItemsOf(ctx: FileContext): FileItems {
  let items = emptyItems(ctx.file.path, { names: new Map(), globs: [], scoped: [] });
  ctx.readOwnRoot((root, owns) => {
    items = emptyItems(ctx.file.path, importsIn(ctx, owns));
    collectList(root, null, fileModule(ctx.file.path), items, owns);
  });
  return items;
}

/** Items of the same file, merged in order (a name imported in two chunks keeps both paths). */
export function mergeItems(path: string, parts: readonly FileItems[]): FileItems {
  const names = new Map<string, string[]>();
  for (const part of parts)
    for (const [name, paths] of part.imports.names) names.set(name, [...(names.get(name) ?? []), ...paths]);
  return {
    path,
    imports: { names: [...names], globs: parts.flatMap((p) => p.imports.globs) },
    uses: parts.flatMap((p) => p.uses),
    fns: parts.flatMap((p) => p.fns),
    types: parts.flatMap((p) => p.types),
    impls: parts.flatMap((p) => p.impls),
    modules: parts.flatMap((p) => p.modules),
    modulePaths: parts.flatMap((p) => p.modulePaths),
    gatedModules: parts.flatMap((p) => p.gatedModules ?? []),
    gated: parts.some((p) => p.gated),
  };
}

function emptyItems(path: string, imports: Imports): FileItems {
  return {
    path,
    imports: { names: [...imports.names], globs: [...imports.globs] },
    uses: [...imports.scoped],
    fns: [],
    types: [],
    impls: [],
    modules: [],
    modulePaths: [],
    gatedModules: [],
    gated: false,
  };
}

/**
 * The items of a file, module, impl, trait or extern block, and of the ones nested in them. Only
 * item lists are visited, never fn bodies or expressions: a walk of the whole tree cost an edit of
 * a 4k-line file half its analysis. An item after a `#[cfg(..)]` attribute may not be compiled, so
 * it and everything inside it are left out.
 */
function collectList(
  list: Node,
  container: Container | null,
  module: string,
  items: FileItems,
  owns: (index: number) => boolean,
): void {
  let gated = false;
  for (const node of list.namedChildren) {
    if (!node) continue;
    if (node.type === 'attribute_item') {
      if (/^#\[\s*cfg\s*\(/.test(node.text)) gated = true;
      continue;
    }
    if (node.type === 'inner_attribute_item') {
      if (container === null && list.type === 'source_file' && /^#!\[\s*cfg\s*\(/.test(node.text))
        items.gated = true;
      continue;
    }
    if (node.type.endsWith('comment')) continue;
    const skip = gated;
    gated = false;
    if (skip) {
      // Its file (`json.rs`) and the files of modules inside it are gated too.
      if (node.type === 'mod_item' && owns(node.startIndex)) gatedModulesIn(node, items);
      continue;
    }
    // A chunk of a long file holds its module's opening too: the module is another chunk's, its
    // items in this chunk are this one's.
    if (owns(node.startIndex)) collectItem(node, container, module, items);
    if (!ITEM_LISTS.has(node.type)) continue;
    const body = node.childForFieldName('body');
    const inner =
      node.type === 'mod_item' ? childModule(module, node.childForFieldName('name')?.text ?? '') : module;
    if (body) collectList(body, containerOfOwner(node), inner, items, owns);
  }
}

/** A gated module's name and the names of the modules it declares inline, at any depth. */
function gatedModulesIn(mod: Node, items: FileItems): void {
  const name = mod.childForFieldName('name')?.text;
  if (name) (items.gatedModules ??= []).push(name);
  for (const child of mod.childForFieldName('body')?.namedChildren ?? [])
    if (child?.type === 'mod_item') gatedModulesIn(child, items);
}

function collectItem(node: Node, container: Container | null, module: string, items: FileItems): void {
  const name = node.childForFieldName('name')?.text ?? '';
  switch (node.type) {
    case 'function_item':
    case 'function_signature_item': {
      const modifiers = node.namedChildren.find((c) => c?.type === 'function_modifiers')?.text ?? '';
      const typeParams = genericNames(node);
      items.fns.push({
        module,
        name,
        owner: container ? container.owner : null,
        inTrait: container?.kind === 'trait',
        ...(container?.ofTrait ? { inTraitImpl: true } : {}),
        returns: node.childForFieldName('return_type')?.text ?? null,
        async: /\basync\b/.test(modifiers),
        generics: [...typeParams, ...(container?.generics ?? [])],
        assoc: container?.assoc ?? {},
        // Only for generic fns: a crate index holds thousands of fns, most of them not generic.
        ...(typeParams.length > 0
          ? { typeParams, bounds: Object.fromEntries(typeParams.map((p) => [p, boundTexts(p, [node])])) }
          : {}),
      });
      return;
    }
    case 'struct_item':
    case 'union_item': {
      const fields: Record<string, string> = {};
      const body = node.childForFieldName('body');
      let gated = false;
      for (const f of body?.namedChildren ?? []) {
        // `#[cfg(unix)] w: f64, #[cfg(not(unix))] w: u32`: which one is compiled is not known.
        if (f?.type === 'attribute_item') gated ||= /^#\[\s*cfg\s*\(/.test(f.text);
        if (f?.type !== 'field_declaration') continue;
        const fieldName = f.childForFieldName('name')?.text;
        const type = f.childForFieldName('type')?.text;
        if (fieldName && type) fields[fieldName] = gated || Object.hasOwn(fields, fieldName) ? '_' : type;
        gated = false;
      }
      items.types.push({
        module,
        name,
        kind: node.type === 'struct_item' ? 'struct' : 'union',
        generics: genericNames(node),
        lifetimes: hasLifetimes(node),
        fields,
        fieldTypes: fieldTypesOf(body),
        ...(!body && node.type === 'struct_item' ? { unit: true } : {}),
      });
      return;
    }
    case 'enum_item': {
      const variants = node.childForFieldName('body')?.namedChildren ?? [];
      items.types.push({
        module,
        name,
        kind: 'enum',
        generics: genericNames(node),
        lifetimes: hasLifetimes(node),
        fieldTypes: variants.flatMap((v) =>
          v?.type === 'enum_variant' ? fieldTypesOf(v.childForFieldName('body')) : [],
        ),
        variants: variants
          .filter((v): v is Node => v?.type === 'enum_variant')
          .map((v) => v.childForFieldName('name')?.text ?? ''),
        newtypeVariants: variantsHolding(node, 1),
        unitVariants: variantsHolding(node, 0),
      });
      return;
    }
    case 'mod_item':
      items.modules.push(name);
      items.modulePaths.push(childModule(module, name));
      return;
    case 'trait_item':
      items.types.push({ module, name, kind: 'trait', generics: genericNames(node) });
      return;
    case 'type_item': {
      // An associated type inside an impl or trait is the impl's, not an alias.
      // One in a module is an alias of that module.
      if (node.parent?.type === 'declaration_list' && node.parent.parent?.type !== 'mod_item') return;
      const target = node.childForFieldName('type')?.text;
      if (target)
        items.types.push({
          module,
          name,
          kind: 'alias',
          generics: genericNames(node),
          target,
          defaults: genericDefaults(node),
        });
      return;
    }
    case 'impl_item': {
      const selfType = node.childForFieldName('type')?.text;
      if (!selfType) return;
      const generics = genericNames(node);
      items.impls.push({
        module,
        selfType,
        trait: node.childForFieldName('trait')?.text ?? null,
        assoc: associatedTypes(node),
        generics,
        ...(generics.length > 0
          ? { bounds: Object.fromEntries(generics.map((g) => [g, boundTexts(g, [node])])) }
          : {}),
      });
      return;
    }
  }
}

/** The field types of a `{ a: A, .. }` or `(A, ..)` list; none for a unit struct or variant. */
function fieldTypesOf(body: Node | null): string[] {
  if (!body) return [];
  if (body.type === 'field_declaration_list')
    return body.namedChildren.flatMap((f) =>
      f?.type === 'field_declaration' ? [f.childForFieldName('type')?.text ?? '_'] : [],
    );
  if (body.type === 'ordered_field_declaration_list')
    return body.childrenForFieldName('type').map((t) => t?.text ?? '_');
  return ['_'];
}

interface Container {
  kind: 'impl' | 'trait';
  /** An impl of a trait (`impl TryFrom<&str> for Port`), not an inherent one. */
  ofTrait?: boolean;
  owner: string;
  generics: string[];
  assoc: Record<string, string>;
}

function containerOfOwner(owner: Node | null): Container | null {
  if (owner?.type === 'impl_item') {
    const type = owner.childForFieldName('type')?.text;
    if (!type) return null;
    return {
      kind: 'impl',
      ofTrait: !!owner.childForFieldName('trait'),
      owner: baseName(type),
      generics: genericNames(owner),
      assoc: associatedTypes(owner),
    };
  }
  if (owner?.type === 'trait_item') {
    const name = owner.childForFieldName('name')?.text ?? '';
    return { kind: 'trait', owner: name, generics: genericNames(owner), assoc: {} };
  }
  return null;
}

/** A type written in an impl header or alias, without reference or lifetime: `&'a mut Vec<T>` → `Vec`. */
export function ownedBaseName(typeText: string): string {
  return baseName(typeText.replace(/^&\s*('\w+\s+)?(mut\s+)?/, ''));
}

/** `Point<T>` → `Point`, `crate::a::Point` → `Point`. */
export function baseName(typeText: string): string {
  const bare = typeText.replace(/<.*$/s, '').trim();
  const at = bare.lastIndexOf('::');
  return at < 0 ? bare : bare.slice(at + 2);
}

/** `type` at a line's start or after `{`, `;`, `}` or an attribute, with or without `pub`. */
const ASSOC_TYPE_LINE = /(?:^|[{;}\]])[ \t]*(?:pub(?:\([^)\n]*\))?[ \t]+)?type\b/m;

/** `type Err = ParseIntError;` inside an impl. */
export function associatedTypes(impl: Node): Record<string, string> {
  const assoc: Record<string, string> = {};
  const body = impl.childForFieldName('body');
  // Most impls have none, and reading a large impl's items (hundreds of nodes out of wasm) costs
  // a millisecond per analysis: only a line that starts with `type` can be one.
  if (!body || !ASSOC_TYPE_LINE.test(body.text)) return assoc;
  for (const item of body.namedChildren) {
    if (item?.type !== 'type_item') continue;
    const name = item.childForFieldName('name')?.text;
    const type = item.childForFieldName('type')?.text;
    if (name && type) assoc[name] = type;
  }
  return assoc;
}

/** Whether an item declares lifetime parameters. */
function hasLifetimes(node: Node): boolean {
  const params = node.childForFieldName('type_parameters');
  return !!params?.namedChildren.some(
    (p) =>
      p?.type === 'lifetime' ||
      p?.type === 'lifetime_parameter' ||
      p?.type === 'constrained_lifetime_parameter',
  );
}

/** The defaults of an item's generic type parameters (`E = io::Error`), by name. */
function genericDefaults(node: Node): Record<string, string> {
  const defaults: Record<string, string> = {};
  for (const p of node.childForFieldName('type_parameters')?.namedChildren ?? []) {
    const name = p?.childForFieldName('name')?.text;
    const type = p?.childForFieldName('default_type')?.text;
    if (name && type) defaults[name] = type;
  }
  return defaults;
}

/** The names of an item's generic type parameters (not lifetimes or consts). */
export function genericNames(node: Node): string[] {
  const params = node.childForFieldName('type_parameters');
  const names: string[] = [];
  for (const p of params?.namedChildren ?? []) {
    if (!p) continue;
    if (p.type === 'type_identifier') names.push(p.text);
    else if (
      p.type === 'constrained_type_parameter' ||
      p.type === 'optional_type_parameter' ||
      p.type === 'type_parameter'
    ) {
      const left = p.childForFieldName('left') ?? p.childForFieldName('name') ?? p.namedChildren[0];
      if (left?.type === 'type_identifier') names.push(left.text);
    }
  }
  return names;
}

/** The variants of an enum holding `count` unnamed fields (0: a unit variant, no body at all). */
function variantsHolding(node: Node, count: number): string[] {
  const names: string[] = [];
  for (const v of node.childForFieldName('body')?.namedChildren ?? []) {
    if (v?.type !== 'enum_variant') continue;
    const name = v.childForFieldName('name')?.text;
    const body = v.childForFieldName('body');
    if (!name) continue;
    if (!body) {
      if (count === 0) names.push(name);
      continue;
    }
    if (body.type !== 'ordered_field_declaration_list' || count === 0) continue;
    const fields = body.namedChildren.filter(
      (c) =>
        c && !c.type.endsWith('comment') && c.type !== 'attribute_item' && c.type !== 'visibility_modifier',
    );
    if (fields.length === count) names.push(name);
  }
  return names;
}

/** Where each name written after `fn` is (its offsets), in one pass over the text. */
export function fnNameOffsets(text: string): Map<string, number[]> {
  const written = new Map<string, number[]>();
  if (!/\bfn\b/.test(text)) return written;
  // `fn $name` in a macro could be any name: not counted, or every method call of a crate with
  // such a macro would be unknown.
  for (const m of text.matchAll(/\bfn\s+([A-Za-z_]\w*)/g)) {
    const name = m[1] ?? '';
    const at = m.index + m[0].length - name.length;
    const list = written.get(name);
    if (list) list.push(at);
    else written.set(name, [at]);
  }
  return written;
}

/**
 * Whether a file writes more methods of this name (in impls or traits, or in a macro's tokens)
 * than its indexed items hold (`indexedMethods`): one the index does not hold (see
 * `FileItems.hiddenFns`). A free fn local to a body (`fn parse(..)` inside `main`) is no method:
 * it answers no method call. Only this name's places are read.
 */
export function hidesMethod(
  ctx: FileContext,
  name: string,
  offsets: readonly number[],
  indexedMethods: number,
): boolean {
  if (offsets.length <= indexedMethods) return false;
  let methods = 0;
  for (const at of offsets)
    if (ctx.readNodeAt(at, at + name.length, (node) => namesMethod(node, name))) methods++;
  return methods > indexedMethods;
}

/** Whether the name after a `fn` is a method's (of an impl or trait) or in a macro's tokens. */
function namesMethod(node: Node | null, name: string): boolean {
  if (node?.text !== name) return false;
  const item = node.parent;
  if (item?.type === 'token_tree') return true;
  if (item?.type !== 'function_item' && item?.type !== 'function_signature_item') return false;
  const owner = item.parent?.type === 'declaration_list' ? item.parent.parent?.type : undefined;
  return owner === 'impl_item' || owner === 'trait_item';
}

/**
 * How often each name is written as a method (of an impl or trait) or in a macro's tokens at the
 * offsets `owns` accepts, read from the context's own tree: a long file's chunks are counted one at
 * a time, as they are parsed, and nothing is parsed again.
 */
export function methodNameCounts(ctx: FileContext, owns: (offset: number) => boolean): Map<string, number> {
  const counts = new Map<string, number>();
  const offsets = ctx.fileMemo('semantics:fn-names', () => fnNameOffsets(ctx.text));
  ctx.readOwnRoot((root) => {
    for (const [name, list] of offsets)
      for (const at of list)
        if (owns(at) && namesMethod(root.descendantForIndex(at, at + name.length), name))
          counts.set(name, (counts.get(name) ?? 0) + 1);
  });
  return counts;
}

/** The names written as methods more often than the indexed items hold methods of that name. */
export function hiddenMethods(counts: ReadonlyMap<string, number>, fns: readonly FnItem[]): string[] {
  const indexed = new Map<string, number>();
  for (const f of fns) if (f.owner !== null) indexed.set(f.name, (indexed.get(f.name) ?? 0) + 1);
  return [...counts].filter(([name, n]) => n > (indexed.get(name) ?? 0)).map(([name]) => name);
}
