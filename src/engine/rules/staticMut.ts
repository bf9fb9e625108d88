import type { Node } from 'web-tree-sitter';
import type { FileContext } from '../context';
import type { Report, Rule } from '../rule';
import { shortCodeSpan } from '../../shared/markdownCode';

const PATH_ROOTS = new Set(['crate', 'self', 'super']);

/** How an identifier that names the static is used, or null when it is not a use of a value. */
function useKind(id: Node, modules: Set<string>): UseKind | null {
  const parent = id.parent;
  if (!parent) return null;
  let expr = id;
  if (parent.type === 'scoped_identifier') {
    if (parent.childForFieldName('name')?.id !== id.id) return null;
    // `crate::m::NAME`: only paths through this file's modules, not another crate's item of the same name.
    const path = parent.childForFieldName('path')?.text.replace(/\s+/g, '') ?? '';
    if (!path.split('::').every((s) => PATH_ROOTS.has(s) || modules.has(s))) return null;
    expr = parent;
  } else if (
    parent.childForFieldName('name')?.id === id.id ||
    parent.childForFieldName('pattern')?.id === id.id
  ) {
    return null; // the name of some other item, or a binding
  }
  const holder = expr.parent;
  if (!holder) return 'read';
  if (
    (holder.type === 'assignment_expression' || holder.type === 'compound_assignment_expr') &&
    holder.childForFieldName('left')?.id === expr.id
  )
    return 'write';
  // `&X`, `&mut X`, and a method call `X.m()`, which borrows it implicitly.
  if (holder.type === 'reference_expression') return 'reference';
  if (holder.type === 'field_expression' && holder.parent?.type === 'call_expression') return 'reference';
  return 'read';
}

function insideUse(node: Node): boolean {
  for (let a = node.parent; a; a = a.parent) if (a.type === 'use_declaration') return true;
  return false;
}

type UseKind = 'write' | 'reference' | 'read';
const keyOf = (n: Node) => `${n.id}:${n.startIndex}`;

/** Whether `static mut`. */
const isMutableStatic = (n: Node) => n.children.some((c) => c?.type === 'mutable_specifier');

/**
 * Every use of every `static mut` in the file, by the static it names, from one pass over the
 * identifiers: a pass per static would be quadratic in a file of many. A bare name goes to the
 * innermost static of that name whose scope holds it; a path to the static in the module it names.
 */
function usesOfStatics(ctx: FileContext): Map<string, { id: Node; kind: UseKind }[]> {
  return ctx.memo('static-mut-uses', () => {
    const byName = new Map<string, Namesakes>();
    for (const item of ctx.root.descendantsOfType('static_item')) {
      const name = item?.childForFieldName('name')?.text;
      if (!item?.parent || !name || !isMutableStatic(item)) continue;
      const namesakes = byName.get(name) ?? { first: item, byScope: new Map(), byModule: new Map() };
      if (!namesakes.byScope.has(keyOf(item.parent))) namesakes.byScope.set(keyOf(item.parent), item);
      const module = enclosingModule(item);
      if (!namesakes.byModule.has(module)) namesakes.byModule.set(module, item);
      byName.set(name, namesakes);
    }
    const uses = new Map<string, { id: Node; kind: UseKind }[]>();
    if (byName.size === 0) return uses;
    const modules = new Set(
      ctx.root
        .descendantsOfType('mod_item')
        .map((m) => m?.childForFieldName('name')?.text)
        .filter((s): s is string => !!s),
    );
    for (const id of ctx.root.descendantsOfType('identifier')) {
      const statics = id ? byName.get(id.text) : undefined;
      if (!id || !statics || id.parent?.type === 'static_item' || insideUse(id)) continue;
      const owner = ownerOf(id, statics);
      const kind = owner && useKind(id, modules);
      if (!owner || !kind) continue;
      const list = uses.get(keyOf(owner)) ?? [];
      list.push({ id, kind });
      uses.set(keyOf(owner), list);
    }
    return uses;
  });
}

/** The `static mut`s of one name, by the scope and by the module that declares them (first wins). */
interface Namesakes {
  first: Node;
  byScope: Map<string, Node>;
  byModule: Map<string | undefined, Node>;
}

/**
 * The static a use refers to: for a bare name, the one in the nearest scope around the use that
 * declares one; for a path, the one in the module the path names.
 */
function ownerOf(id: Node, statics: Namesakes): Node | undefined {
  if (id.parent?.type === 'scoped_identifier') {
    const path = id.parent.childForFieldName('path')?.text.replace(/\s+/g, '').split('::') ?? [];
    return statics.byModule.get(path[path.length - 1]) ?? statics.first;
  }
  for (let a = id.parent; a; a = a.parent) {
    const found = statics.byScope.get(keyOf(a));
    if (found) return found;
  }
  return undefined;
}

/** The name of the `mod` a node is declared in, if any. */
function enclosingModule(node: Node): string | undefined {
  for (let a = node.parent; a; a = a.parent)
    if (a.type === 'mod_item') return a.childForFieldName('name')?.text ?? undefined;
  return undefined;
}

const USE_TEXT = { write: 'write to', reference: 'reference to', read: 'read of' } as const;

// Overlapping reads are fine: what is undefined is a write (or a `&mut`) overlapping another access.
const USE_ADVICE = {
  write:
    'nothing synchronizes it: a write while another thread reads or writes it is a data race (undefined behavior)',
  read: 'nothing synchronizes it: a read while another thread writes it is a data race (undefined behavior)',
  reference:
    "a shared reference to it is undefined behavior if a write or a `&mut` overlaps its lifetime, a `&mut` if any other access does (rustc's `static_mut_refs`)",
} as const;

export const staticMut: Rule = {
  id: 'static-mut',
  lesson: 'static-mut',
  defaultSeverity: 'warning',
  enabledByDefault: true,
  // No clippy lint covers `static mut`. rustc's `static_mut_refs` is narrower (only references to one),
  // so neither its `allow` nor any clippy one switches this rule off; where it warns, it reports the
  // same reference as this rule's use finding.
  clippyAllows: [],
  clippyGroups: [],
  rustcLints: ['static_mut_refs'],
  docs: 'https://doc.rust-lang.org/rustc/lints/listing/warn-by-default.html#static-mut-refs',
  inspiredBy: null,
  summary:
    'A `static mut` item and each use of it in the file: unsynchronized global state, a data race as soon as two threads touch it. No automatic fix: use an atomic, a `Mutex` or `OnceLock`.',
  settingDescription: 'A `static mut` item.',
  readmeFinds: '`static mut` items and their uses',
  kinds: ['static_item'],
  needles: ['static mut'],
  // The smallest node holding both keywords is the static item itself.
  anchors: ['static mut'],
  anchorDepth: 0,
  wholeFile: true,
  check(node, ctx: FileContext) {
    const name = node.childForFieldName('name');
    if (!name || !isMutableStatic(node)) return undefined;
    const reports: Report[] = [
      {
        node,
        range: ctx.rangeBetween(ctx.start(node), ctx.end(name)),
        message: `${shortCodeSpan(`static mut ${name.text}`, 'this `static mut`', 44)} is global state with no synchronization`,
        advice:
          'every access needs `unsafe`, and two threads accessing it at once, one of them writing, is a data race (undefined behavior); use an atomic, a `Mutex` or a `OnceLock`',
      },
    ];
    for (const { id, kind } of usesOfStatics(ctx).get(keyOf(node)) ?? []) {
      reports.push({
        node: id,
        message: `${USE_TEXT[kind]} ${shortCodeSpan(`static mut ${name.text}`, 'a `static mut`', 44)}`,
        advice: USE_ADVICE[kind],
      });
    }
    return reports;
  },
};
