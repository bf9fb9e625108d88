// Whether a prelude name still means std's item in a file: `Ok`, `Result`, `Box` and `std` are
// what a fix writes when it makes `main` return `Result<(), Box<dyn std::error::Error>>` and end
// with `Ok(())`, and each can be shadowed (`use Health::*` with a variant `Ok` makes that `Ok(())`
// the enum's).
import type { FileContext } from '../context';
import { importsIn, type Imports } from '../imports';
import { baseName } from './fileItems';

export type PreludeName = 'Ok' | 'Result' | 'Box' | 'std';

const PRELUDE_NAMES: readonly PreludeName[] = ['Ok', 'Result', 'Box', 'std'];

/** What a `use` of the name may bind and still be std's own item. */
const STD_ITEMS: Record<PreludeName, readonly string[]> = {
  Ok: ['std::result::Result::Ok'],
  Result: ['std::result::Result'],
  Box: ['std::boxed::Box'],
  std: ['std'],
};

/**
 * The prelude names that may mean something else at the file's top level (and in its fns):
 *
 * - an item of that name anywhere in the file (`fn Ok`, `struct Box`, `type Result<T>`,
 *   `mod std`, `extern crate y as std`), read from the text: comments and strings only make the
 *   answer more careful;
 * - a `use` that binds the name to anything but std's item of that name;
 * - a glob import that may bring it: a crate enum's variants are known (`use Health::*` brings
 *   `Ok` when `Health` has such a variant); std's modules bring their own `Result`
 *   (`use std::io::*`) but never another `Ok`, `Box` or `std`; anything else (a module's items,
 *   another crate's, an enum the crate declares twice) may bring any name.
 *
 * Only the `use`s that main sees count: the file's top level and main's own body (a test module's
 * `use super::*` does not reach it). Declarations count anywhere in the file, more carefully.
 */
export function shadowedPreludeNames(ctx: FileContext): ReadonlySet<PreludeName> {
  return ctx.fileMemo('semantics:shadowed-prelude', () => computeShadowed(ctx));
}

function computeShadowed(ctx: FileContext): Set<PreludeName> {
  const shadowed = new Set<PreludeName>();
  const crate = ctx.semantics.crate;
  const own = crate.own;
  const declared = new RegExp(
    String.raw`\b(?:fn|struct|enum|union|type|trait|mod|const|static|extern\s+crate\s+\w+\s+as)\s+(Ok|Result|Box|std)\b`,
    'g',
  );
  for (const m of ctx.text.matchAll(declared)) shadowed.add(m[1] as PreludeName);
  for (const t of own.types) if (isPreludeName(t.name)) shadowed.add(t.name);
  const imports = mainScopeImports(ctx);
  for (const [name, paths] of imports.names)
    if (isPreludeName(name) && paths.some((p) => !STD_ITEMS[name].includes(p))) shadowed.add(name);
  for (const glob of imports.globs) {
    if (glob === 'std' || glob.startsWith('std::')) {
      shadowed.add('Result');
      continue;
    }
    const variants = enumVariants(glob, ctx);
    if (!variants) for (const name of PRELUDE_NAMES) shadowed.add(name);
    else for (const v of variants) if (isPreludeName(v)) shadowed.add(v);
  }
  return shadowed;
}

/** The `use`s at the file's top level and directly in its top-level `fn main`'s body. */
function mainScopeImports(ctx: FileContext): Imports {
  const spans: Array<[number, number]> = [];
  ctx.readEachRoot((root, owns) => {
    for (const item of root.namedChildren) {
      if (!item || !owns(item.startIndex)) continue;
      if (item.type === 'use_declaration') spans.push([item.startIndex, item.endIndex]);
      if (item.type !== 'function_item' || item.childForFieldName('name')?.text !== 'main') continue;
      for (const statement of item.childForFieldName('body')?.namedChildren ?? [])
        if (statement?.type === 'use_declaration') spans.push([statement.startIndex, statement.endIndex]);
    }
  });
  return importsIn(ctx, (offset) => spans.some(([start, end]) => start <= offset && offset < end));
}

function isPreludeName(name: string): name is PreludeName {
  return (PRELUDE_NAMES as readonly string[]).includes(name);
}

/**
 * The variants of the crate enum a glob path names (`Health`, `self::Health`, `crate::m::Health`),
 * or null when it is not one enum the crate declares once (a module, another crate's path).
 */
function enumVariants(glob: string, ctx: FileContext): readonly string[] | null {
  const last = baseName(glob);
  if (!/^[A-Z]/.test(last)) return null;
  const found = ctx.semantics.crate.types(last);
  const only = found.length === 1 ? found[0]?.item : undefined;
  return only?.kind === 'enum' && only.variants ? only.variants : null;
}
