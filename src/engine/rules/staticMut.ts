import type { Node } from 'web-tree-sitter';
import type { FileContext } from '../context';
import type { Report, Rule } from '../rule';

const PATH_ROOTS = new Set(['crate', 'self', 'super']);

/** How an identifier that names the static is used, or null when it is not a use of a value. */
function useKind(id: Node, modules: Set<string>): 'write' | 'reference' | 'read' | null {
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

const USE_TEXT = { write: 'a write', reference: 'a reference', read: 'a read' } as const;

export const staticMut: Rule = {
  id: 'static-mut',
  lesson: 'static-mut',
  defaultSeverity: 'warning',
  enabledByDefault: true,
  // No clippy lint covers `static mut`. rustc's `static_mut_refs` is narrower (only references to one),
  // so neither its `allow` nor any clippy one switches this rule off.
  clippyAllows: [],
  clippyGroups: [],
  docs: 'https://doc.rust-lang.org/reference/items/static-items.html#mutable-statics',
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
    if (!name || !node.children.some((c) => c?.type === 'mutable_specifier')) return undefined;
    const reports: Report[] = [
      {
        node,
        range: ctx.rangeBetween(ctx.start(node), ctx.end(name)),
        message: `\`static mut ${name.text}\`: every access is \`unsafe\` and unsynchronized, so two threads touching it at once is a data race (undefined behaviour). Use an atomic, a \`Mutex\` or \`OnceLock\`; no automatic fix.`,
      },
    ];
    const modules = new Set(
      ctx.root
        .descendantsOfType('mod_item')
        .map((m) => m?.childForFieldName('name')?.text)
        .filter((s): s is string => !!s),
    );
    // Bare names resolve within the static's own scope; paths may come from anywhere in the file.
    const scope = node.parent ?? ctx.root;
    for (const id of ctx.root.descendantsOfType('identifier')) {
      if (!id || id.text !== name.text || id.id === name.id || insideUse(id)) continue;
      const scoped = id.parent?.type === 'scoped_identifier';
      if (!scoped && (id.startIndex < scope.startIndex || id.endIndex > scope.endIndex)) continue;
      const kind = useKind(id, modules);
      if (!kind) continue;
      reports.push({
        node: id,
        message: `Use of \`static mut ${name.text}\` (${USE_TEXT[kind]}): nothing stops another thread writing it at the same time${kind === 'reference' ? ', and a reference to it is undefined behaviour if any other access overlaps its lifetime (`static_mut_refs`)' : ''}. No automatic fix.`,
      });
    }
    return reports;
  },
};
