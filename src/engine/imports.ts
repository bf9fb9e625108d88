// What a file's `use` declarations bring into scope, so rules can tell `std::mem::transmute`
// from a function of the same name elsewhere.
import type { Node } from 'web-tree-sitter';
import type { FileContext } from './context';
import { childModule, fileModule } from './semantics/modulePath';

export interface Imports {
  /** Local name → the full paths `use` declarations bind it to (any scope in the file). */
  names: Map<string, string[]>;
  /** Paths glob-imported with `use path::*`. */
  globs: string[];
  /** Each import with the scope it is written in: what type resolution reads. */
  scoped: ScopedUse[];
}

/**
 * One name a `use` brings in, where it applies: its module (`a::b`, `''` for the crate root) and,
 * for a `use` inside a block (a fn body), the block's span: it is seen in that block only.
 */
export interface ScopedUse {
  /** The local name (after `as`); null for a glob. */
  name: string | null;
  /** The path as written (`errors::AppError`, `super`, `std::io`), without `::*` for a glob. */
  path: string;
  module: string;
  block?: [number, number];
}

/** Splits a use tree's text at its top-level commas. */
function splitTop(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(from, i));
      from = i + 1;
    }
  }
  parts.push(text.slice(from));
  return parts.filter((p) => p.length > 0);
}

type Where = Omit<ScopedUse, 'name' | 'path'>;

function flatten(tree: string, prefix: string, out: Imports, where: Where): void {
  for (const item of splitTop(tree)) {
    const brace = item.indexOf('{');
    if (brace >= 0) {
      flatten(item.slice(brace + 1, item.lastIndexOf('}')), prefix + item.slice(0, brace), out, where);
      continue;
    }
    if (item.endsWith('*')) {
      const path = normalize(prefix + item.slice(0, -3));
      out.globs.push(path);
      out.scoped.push({ name: null, path, ...where });
      continue;
    }
    const m = /^(.*?)(?: as (\w+))?$/.exec(item);
    const path = normalize((prefix + (m?.[1] ?? '')).replace(/::self$/, ''));
    const name = m?.[2] ?? path.split('::').at(-1) ?? '';
    if (name === '_' || name === '') continue;
    out.names.set(name, [...(out.names.get(name) ?? []), path]);
    out.scoped.push({ name, path, ...where });
  }
}

/** The module (inline `mod`s around it, under the file's own module) and block a `use` is in. */
function whereIs(use: Node, base: string): Where {
  const mods: string[] = [];
  let block: [number, number] | undefined;
  for (let n = use.parent; n; n = n.parent) {
    if (n.type === 'block' && !block && mods.length === 0) block = [n.startIndex, n.endIndex];
    if (n.type === 'mod_item') mods.unshift(n.childForFieldName('name')?.text ?? '');
  }
  const module = mods.reduce(childModule, base);
  return block ? { module, block } : { module };
}

/** `core::`/`alloc::`/`::std::` all name the same items as `std::` for our purposes. */
function normalize(path: string): string {
  return path.replace(/^::/, '').replace(/^(core|alloc)::/, 'std::');
}

/** What the file's `use` declarations bring into scope; scopes are merged, which is close enough here. */
export function importsOf(ctx: FileContext): Imports {
  return ctx.carriedMemo(
    IMPORTS_MEMO,
    () => importsIn(ctx, () => true),
    (imports) => imports.scoped.some((u) => u.block !== undefined),
  );
}

/** The memo key of a file's imports. */
export const IMPORTS_MEMO = 'imports';

/**
 * The imports declared at the offsets `owns` accepts: in a chunk of a long file, those of the
 * chunk's own span, read from its own tree alone.
 */
export function importsIn(ctx: FileContext, owns: (offset: number) => boolean): Imports {
  const found: Imports = { names: new Map(), globs: [], scoped: [] };
  const base = fileModule(ctx.file.path);
  // From each `use` keyword up to its declaration: walking the whole tree for them cost a large
  // file a fifth of its analysis. Keywords in comments, strings and macro tokens have no such parent.
  for (const m of ctx.text.matchAll(/\buse\b/g)) {
    if (!owns(m.index)) continue;
    const text = ctx.readNodeAt(m.index, m.index + 3, (keyword) => {
      if (keyword?.type !== 'use') return undefined;
      const use = keyword.parent;
      if (use?.type !== 'use_declaration') return undefined;
      const argument = use.childForFieldName('argument');
      // All white space goes but the one pair around `as` (a lookahead kept `HashMap asMap`).
      const text = argument?.text
        .replace(/\s+as\s+/g, '\0')
        .replace(/\s+/g, '')
        .replace(/\0/g, ' as ');
      return text === undefined ? undefined : { text, where: whereIs(use, base) };
    });
    if (text !== undefined) flatten(text.text, '', found, text.where);
  }
  return found;
}

/**
 * The full paths a written path may stand for: itself when it starts at `std`/`core`,
 * else with its first segment replaced through the file's imports. Unresolvable → [].
 */
export function resolvePath(ctx: FileContext, written: string): string[] {
  const path = normalize(written.replace(/\s+/g, '').replace(/::<.*$/s, ''));
  const [first, ...rest] = path.split('::');
  if (!first) return [];
  if (first === 'std') return [path];
  const { names, globs } = importsOf(ctx);
  const tail = rest.length ? `::${rest.join('::')}` : '';
  return [...(names.get(first) ?? []).map((p) => p + tail), ...globs.map((g) => `${g}::${path}`)];
}
