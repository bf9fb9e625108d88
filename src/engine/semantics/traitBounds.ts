import type { Node } from 'web-tree-sitter';
import type { RustType } from './rustType';

/**
 * std traits whose methods the std table lists for `dyn Trait` (see `readMethods`/`writeMethods`
 * in stdSignatures.ts): a receiver known only by such a bound (`R: BufRead`, `impl Write`,
 * `&mut dyn Read`) has the trait's methods, whatever the concrete type.
 */
export const TABLED_TRAITS = new Set([
  'std::io::Read',
  'std::io::BufRead',
  'std::io::Write',
  'std::fmt::Write',
]);

/** Items whose type parameters and `where` clauses can bound a generic in scope. */
const GENERIC_HOLDERS = new Set(['function_item', 'function_signature_item', 'impl_item', 'trait_item']);

/**
 * The texts of the trait bounds a type parameter carries where `at` is: in the `<..>` of the fns,
 * impls and traits around it, and in their `where` clauses (`where W: Write`). Lifetimes and
 * `?Sized` are left out.
 */
export function boundTexts(param: string, ancestors: Iterable<Node>): string[] {
  const texts: string[] = [];
  const add = (bounds: Node | null) => {
    for (const b of bounds?.namedChildren ?? []) {
      if (!b || b.type === 'lifetime' || b.type === 'removed_trait_bound') continue;
      texts.push(b.text);
    }
  };
  for (const a of ancestors) {
    if (!GENERIC_HOLDERS.has(a.type)) continue;
    let declares = false;
    for (const p of a.childForFieldName('type_parameters')?.namedChildren ?? []) {
      if (!p) continue;
      const name = p.childForFieldName('name') ?? p.childForFieldName('left');
      if (name?.text !== param) continue;
      declares = true;
      add(p.childForFieldName('bounds'));
    }
    for (const clause of a.namedChildren) {
      if (clause?.type !== 'where_clause') continue;
      for (const predicate of clause.namedChildren) {
        if (predicate?.type !== 'where_predicate') continue;
        if (predicate.childForFieldName('left')?.text === param) add(predicate.childForFieldName('bounds'));
      }
    }
    // The nearest item declaring the name owns it: an outer item's parameter of the same name
    // is another type (and not even visible from a nested fn).
    if (declares) break;
  }
  return texts;
}

/** `dyn Trait` for each tabled std trait among resolved bounds (`std::io::BufRead`). */
export function tabledTraitObjects(bounds: readonly RustType[]): RustType[] {
  const found: RustType[] = [];
  for (const b of bounds) {
    if (b.kind === 'path' && b.args.length === 0 && TABLED_TRAITS.has(b.path))
      found.push({ kind: 'dyn', traits: [b.path] });
  }
  return found;
}
