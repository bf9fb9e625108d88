// What the model infers where a binding's own declaration says too little: a value behind
// `Arc::new` / `Rc::new` / `Box::new` or their `clone`, a file's `static` or `const`, `vec![..]`, and
// the items of a `Vec` filled by `push` or collected from `map`. Every step still reads a
// declaration or a std signature, never a name alone.
import type { Node } from 'web-tree-sitter';
import { bindingOf } from './bindings';
import { pathType, type RustType, UNKNOWN } from './rustType';
import type { SemanticModel } from './semanticModel';
import { itemType, patternType } from './semanticModel';

/** Pointers whose `new(x)` holds an `x` and whose `clone` is the same type. */
const POINTERS = new Set(['std::sync::Arc', 'std::rc::Rc', 'Box']);

/** The inferred type of an expression the model could not type from its declarations alone. */
export function inferredType(expr: Node, model: SemanticModel, depth: number): RustType {
  const of = (e: Node | null | undefined) => (e ? model.typeOf(e, UNKNOWN, depth) : UNKNOWN);
  switch (expr.type) {
    case 'identifier':
      return identifierType(expr, model, of);
    case 'call_expression':
      return callType(expr, model, of);
    case 'macro_invocation': {
      // `vec![a, b]` / `vec![a; n]`: a `Vec` of the first element's type. Of untyped items
      // (`vec![3, 9]`) it is still a `Vec`: its own methods (`iter().max()`, `first()`) are known.
      if (expr.childForFieldName('macro')?.text !== 'vec') return UNKNOWN;
      return pathType('Vec', [of(model.ctx.macroArguments(expr)[0])]);
    }
    case 'struct_expression':
      return structLiteralType(expr, model);
    default:
      return UNKNOWN;
  }
}

type Of = (e: Node | null | undefined) => RustType;

/**
 * `Account { balance: 50 }`: the crate's (non-generic) struct of that name; `Shape::Circle { .. }`:
 * the crate's (non-generic) enum. A generic one needs its arguments inferred: unknown.
 */
function structLiteralType(expr: Node, model: SemanticModel): RustType {
  const name = expr.childForFieldName('name');
  let written: string | undefined;
  let kind: 'struct' | 'enum';
  if (name?.type === 'type_identifier') {
    written = name.text;
    kind = 'struct';
  } else if (name?.type === 'scoped_type_identifier') {
    written = name.childForFieldName('path')?.text;
    kind = 'enum';
  } else return UNKNOWN;
  // A struct declared in a fn body is not indexed: the crate's type of that name is another one.
  if (!written || declaredInBlock(expr, written, model)) return UNKNOWN;
  const t = model.resolve(written, expr);
  if (t.kind !== 'path' || !t.path.startsWith('crate::')) return UNKNOWN;
  const found = model.crate.types(t.path.slice('crate::'.length));
  const only = found.length === 1 ? found[0] : undefined;
  if (only?.item.kind !== kind || only.item.generics.length > 0) return UNKNOWN;
  return t;
}

/** Whether a block around `at` declares a type item (struct, enum, alias) of that name. */
function declaredInBlock(at: Node, name: string, model: SemanticModel): boolean {
  for (const a of model.ctx.ancestors(at)) {
    if (a.type !== 'block') continue;
    const local = model.ctx.memo(`local-types:${a.id}:${a.startIndex}`, () => {
      const names = new Set<string>();
      for (const c of a.namedChildren)
        if (c && /^(struct|enum|type|union)_item$/.test(c.type))
          names.add(c.childForFieldName('name')?.text ?? '');
      return names;
    });
    if (local.has(name)) return true;
  }
  return false;
}

function identifierType(ident: Node, model: SemanticModel, of: Of): RustType {
  const binding = bindingOf(ident, model.ctx);
  if (!binding) return staticType(ident, model);
  if (binding.kind === 'let') {
    const decl = binding.decl;
    const value = decl.childForFieldName('value');
    if (!value || binding.pattern.type !== 'identifier') return UNKNOWN;
    const declared = decl.childForFieldName('type');
    return vecOf(value, decl, ident.text, model, of) ?? (declared ? UNKNOWN : of(value));
  }
  if (binding.kind === 'for') {
    const value = binding.loop.childForFieldName('value');
    return patternType(binding.pattern, itemType(of(value)), ident.text);
  }
  return UNKNOWN;
}

/** A `static` or `const` of the file, declared once: its written type. */
function staticType(ident: Node, model: SemanticModel): RustType {
  const ctx = model.ctx;
  const items = ctx.fileMemo('inference:statics', () => {
    const found: Record<string, { type: string; count: number }> = {};
    ctx.readEachRoot((root) => {
      for (const item of root.descendantsOfType(['static_item', 'const_item'])) {
        const name = item?.childForFieldName('name')?.text;
        const type = item?.childForFieldName('type')?.text;
        if (!name || !type) continue;
        found[name] = { type, count: (found[name]?.count ?? 0) + 1 };
      }
    });
    return found;
  });
  const item = items[ident.text];
  return item?.count === 1 ? model.resolve(item.type, ident) : UNKNOWN;
}

function callType(call: Node, model: SemanticModel, of: Of): RustType {
  const fn = call.childForFieldName('function');
  const args =
    call.childForFieldName('arguments')?.namedChildren.filter((c) => c && !c.type.endsWith('comment')) ?? [];
  if (fn?.type === 'scoped_identifier') {
    const owner = fn.childForFieldName('path');
    const name = fn.childForFieldName('name')?.text;
    const type = owner ? model.resolve(owner.text, call) : UNKNOWN;
    if (type.kind !== 'path' || !POINTERS.has(type.path) || args.length !== 1) return UNKNOWN;
    const arg = of(args[0]);
    if (name === 'new') return arg.kind === 'unknown' ? UNKNOWN : pathType(type.path, [arg]);
    // `Arc::clone(&a)`: another pointer to the same value.
    if (name === 'clone')
      return arg.kind === 'ref' && arg.inner.kind === 'path' && arg.inner.path === type.path
        ? arg.inner
        : UNKNOWN;
    return UNKNOWN;
  }
  if (fn?.type !== 'field_expression') return UNKNOWN;
  const method = fn.childForFieldName('field')?.text;
  const receiver = of(fn.childForFieldName('value'));
  if (!method || receiver.kind === 'unknown') return UNKNOWN;
  const owned = receiver.kind === 'ref' ? receiver.inner : receiver;
  // Other methods are the model's own (methodCallType): an unknown there is deliberate.
  if (method === 'clone' && args.length === 0 && owned.kind === 'path' && POINTERS.has(owned.path))
    return owned;
  return UNKNOWN;
}

/**
 * A `Vec` whose item type the `let` leaves to inference: `Vec::new()` filled by `v.push(x)` in the
 * same block, or `….map(|…| x).collect()` into `Vec<_>`. Undefined when the value is neither.
 */
function vecOf(value: Node, decl: Node, name: string, model: SemanticModel, of: Of): RustType | undefined {
  const text = value.text.replace(/\s+/g, '');
  const declared = decl.childForFieldName('type')?.text.replace(/\s+/g, '');
  if (
    /^((Vec|std::vec::Vec)::(new\(\)|with_capacity\(.*\))|vec!\[\])$/.test(text) &&
    (!declared || declared === 'Vec<_>')
  ) {
    const push = firstPush(decl, name, model);
    const item = push ? of(push) : UNKNOWN;
    return item.kind === 'unknown' ? UNKNOWN : pathType('Vec', [item]);
  }
  const collectsVec = declared === 'Vec<_>' || /\.collect::<Vec<_>>\(\)$/.test(text);
  if (!collectsVec || value.type !== 'call_expression') return undefined;
  const collect = value.childForFieldName('function');
  const map =
    collect?.type === 'field_expression' || collect?.type === 'generic_function' ? mapCall(collect) : null;
  const closure = map?.childForFieldName('arguments')?.namedChildren[0];
  if (closure?.type !== 'closure_expression') return UNKNOWN;
  const body = closure.childForFieldName('body');
  const tail =
    body?.type === 'block' ? body.namedChildren.filter((c) => c && !c.type.endsWith('comment')).at(-1) : body;
  const item = tail && !/(statement|declaration)$/.test(tail.type) ? of(tail) : UNKNOWN;
  return item.kind === 'unknown' ? UNKNOWN : pathType('Vec', [item]);
}

/** `….map(f)` in `….map(f).collect()`. */
function mapCall(collect: Node): Node | null {
  const field = collect.type === 'generic_function' ? collect.childForFieldName('function') : collect;
  if (field?.childForFieldName('field')?.text !== 'collect') return null;
  const map = field.childForFieldName('value');
  const mapFn = map?.type === 'call_expression' ? map.childForFieldName('function') : null;
  return mapFn?.type === 'field_expression' && mapFn.childForFieldName('field')?.text === 'map'
    ? (map ?? null)
    : null;
}

/** The argument of the first `name.push(x)` after the `let`, in its block, bound to that `let`. */
function firstPush(decl: Node, name: string, model: SemanticModel): Node | null {
  const block = decl.parent;
  if (block?.type !== 'block') return null;
  for (const { target, call } of pushesIn(block, model).get(name) ?? []) {
    if (call.startIndex < decl.endIndex) continue;
    const b = bindingOf(target, model.ctx);
    if (b?.kind !== 'let' || b.decl.id !== decl.id) continue;
    return call.childForFieldName('arguments')?.namedChildren[0] ?? null;
  }
  return null;
}

/** Every `name.push(x)` call in a block, by name, in order: read once per block, not per `let`. */
function pushesIn(block: Node, model: SemanticModel): Map<string, { target: Node; call: Node }[]> {
  return model.ctx.memo(`pushes:${block.id}:${block.startIndex}`, () => {
    const byName = new Map<string, { target: Node; call: Node }[]>();
    for (const call of block.descendantsOfType('call_expression')) {
      const fn = call?.childForFieldName('function');
      const target = fn?.type === 'field_expression' ? fn.childForFieldName('value') : null;
      if (!call || fn?.childForFieldName('field')?.text !== 'push' || target?.type !== 'identifier') continue;
      const list = byName.get(target.text) ?? [];
      list.push({ target, call });
      byName.set(target.text, list);
    }
    return byName;
  });
}
