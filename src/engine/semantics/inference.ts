// What the model infers where a binding's own declaration says too little: a value behind
// `Arc::new` / `Rc::new` / `Box::new` or their `clone`, a file's `static` or `const`, `vec![..]`, and
// the items of a `Vec` filled by `push` or collected from `map`. Every step still reads a
// declaration or a std signature, never a name alone.
import type { Node } from 'web-tree-sitter';
import { bindingOf } from './bindings';
import { fromStrError } from './conversions';
import { baseName } from './fileItems';
import { isKnown, pathType, type RustType, UNKNOWN } from './rustType';
import type { SemanticModel } from './semanticModel';
import { itemType, patternType } from './semanticModel';

/** Pointers whose `new(x)` holds an `x` and whose `clone` is the same type. */
const POINTERS = new Set(['std::sync::Arc', 'std::rc::Rc', 'Box']);

/** The inferred type of an expression the model could not type from its declarations alone. */
export function inferredType(expr: Node, model: SemanticModel, depth: number): RustType {
  const of = (e: Node | null | undefined) => (e ? model.typeOf(e, UNKNOWN, depth) : UNKNOWN);
  switch (expr.type) {
    case 'identifier':
      return identifierType(expr, model, of, depth);
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
    case 'scoped_identifier':
      // `AppError::Missing`: a unit variant of a crate enum (a variant wins over an associated const).
      return enumVariantOf(expr, model, 'unitVariants');
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
  const found = model.crate.typesAt(t.path.slice('crate::'.length));
  const only = found.length === 1 ? found[0] : undefined;
  if (only?.item.kind !== kind || only.item.generics.length > 0) return UNKNOWN;
  return t;
}

/** Whether a block around `at` declares a type item (struct, enum, alias) of that name. */
function declaredInBlock(at: Node, name: string, model: SemanticModel): boolean {
  return model.declaredInBlock(at, name);
}

function identifierType(ident: Node, model: SemanticModel, of: Of, depth: number): RustType {
  const binding = bindingOf(ident, model.ctx);
  if (!binding) return staticType(ident, model);
  if (binding.kind === 'let') {
    const decl = binding.decl;
    const value = decl.childForFieldName('value');
    if (!value || binding.pattern.type !== 'identifier') return UNKNOWN;
    const declared = decl.childForFieldName('type');
    // `let v: Result<Vec<_>, _> = ….collect();`: the error is the items'.
    const written = declared ? model.resolve(declared.text, decl) : UNKNOWN;
    if (written.kind === 'path' && written.path === 'Result' && isCollect(value))
      return collectType(written, collectedItemOf(collectReceiver(value), written, model, of, depth));
    if (!declared) {
      const map = mapFilledByInsert(value, decl, ident.text, model, of);
      if (map.kind !== 'unknown') return map;
    }
    return vecOf(value, decl, ident.text, model, of) ?? (declared ? UNKNOWN : of(value));
  }
  if (binding.kind === 'closure-param') return closureParamType(binding.pattern, ident.text, model, of);
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
  if (item) return item.count === 1 ? model.resolve(item.type, ident) : UNKNOWN;
  return unitStructValue(ident, model);
}

/**
 * `EmptyVec` as a value, where `struct EmptyVec;` is declared in the same file and module: the
 * struct. Only there, and without glob imports, can the name mean nothing else (an enum's unit
 * variant brought in by `use Kind::*`, another module's item).
 */
function unitStructValue(ident: Node, model: SemanticModel): RustType {
  const own = model.crate.own;
  if (own.imports.globs.length > 0) return UNKNOWN;
  const declared = own.types.filter((t) => t.name === ident.text);
  const struct = declared.length === 1 ? declared[0] : undefined;
  if (!struct?.unit || struct.generics.length > 0 || struct.module !== model.scopeAt(ident).module)
    return UNKNOWN;
  const type = model.resolve(ident.text, ident);
  return type.kind === 'path' && type.path.startsWith('crate::') ? type : UNKNOWN;
}

function callType(call: Node, model: SemanticModel, of: Of): RustType {
  const fn = call.childForFieldName('function');
  const args =
    call.childForFieldName('arguments')?.namedChildren.filter((c) => c && !c.type.endsWith('comment')) ?? [];
  // `AppError::Missing(key)`: a variant of a crate enum.
  if (fn?.type === 'scoped_identifier' && args.length === 1) {
    const variant = variantConstructor(fn, model);
    if (variant.kind !== 'unknown') return variant;
  }
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
  if (fn?.type === 'identifier') {
    const closure = localClosureCallType(fn, model, of);
    return closure.kind === 'unknown' ? localFnCallType(fn, model) : closure;
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
    if (item.kind !== 'unknown') return pathType('Vec', [item]);
    const returned = returnedAs(decl, name, model);
    return returned.kind === 'path' && returned.path === 'Vec' && isKnown(returned) ? returned : UNKNOWN;
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
  return firstCallArguments(decl, name, model, 'push')[0] ?? null;
}

/** The arguments of the first `name.method(…)` after the `let`, in its block, bound to that `let`. */
function firstCallArguments(decl: Node, name: string, model: SemanticModel, method: string): Node[] {
  const block = decl.parent;
  if (block?.type !== 'block') return [];
  for (const { target, call } of pushesIn(block, model, method).get(name) ?? []) {
    if (call.startIndex < decl.endIndex) continue;
    const b = bindingOf(target, model.ctx);
    if (b?.kind !== 'let' || b.decl.id !== decl.id) continue;
    return (call.childForFieldName('arguments')?.namedChildren ?? []).filter(
      (c): c is Node => !!c && !c.type.endsWith('comment'),
    );
  }
  return [];
}

/** `let mut m = HashMap::new();` filled by `m.insert(k, v)` in the same block: the first insert's types. */
function mapFilledByInsert(value: Node, decl: Node, name: string, model: SemanticModel, of: Of): RustType {
  const fn = value.type === 'call_expression' ? value.childForFieldName('function') : null;
  const owner = fn?.type === 'scoped_identifier' ? fn.childForFieldName('path') : null;
  if (!owner || fn?.childForFieldName('name')?.text !== 'new') return UNKNOWN;
  const map = model.resolve(owner.text, value);
  if (map.kind !== 'path' || !MAPS.has(map.path) || map.args.length > 0) return UNKNOWN;
  const [key, val, ...rest] = firstCallArguments(decl, name, model, 'insert');
  if (!key || !val || rest.length > 0) return UNKNOWN;
  const [k, v] = [of(key), of(val)];
  if (isKnown(k) && isKnown(v)) return pathType(map.path, [k, v]);
  const returned = returnedAs(decl, name, model);
  return returned.kind === 'path' && returned.path === map.path && isKnown(returned) ? returned : UNKNOWN;
}

/**
 * `let mut out = Vec::new(); … Ok(out)` at the end of `fn f() -> Result<Vec<u32>, E>`: the binding's
 * type is the fn's, exactly (no coercion reaches into `Ok`/`Some`). Only the body's own tail is
 * read: the binding, or `Ok(binding)` / `Some(binding)` matching the written return type.
 */
function returnedAs(decl: Node, name: string, model: SemanticModel): RustType {
  let fn: Node | null = null;
  for (const a of model.ctx.ancestors(decl)) {
    if (a.type === 'closure_expression' || a.type === 'async_block') return UNKNOWN;
    if (a.type === 'function_item') {
      fn = a;
      break;
    }
  }
  const written = fn?.childForFieldName('return_type');
  const body = fn?.childForFieldName('body');
  const tail = body?.namedChildren.filter((c) => c !== null && !c.type.endsWith('comment')).at(-1);
  if (!written || !tail) return UNKNOWN;
  const returns = model.resolve(written.text, fn as Node);
  let value: Node | null | undefined = tail;
  let type = returns;
  if (tail.type === 'call_expression') {
    const wrapper = tail.childForFieldName('function')?.text;
    const args = tail
      .childForFieldName('arguments')
      ?.namedChildren.filter((c) => c && !c.type.endsWith('comment'));
    const wraps =
      returns.kind === 'path' &&
      ((wrapper === 'Ok' && returns.path === 'Result') || (wrapper === 'Some' && returns.path === 'Option'));
    if (!wraps || args?.length !== 1 || returns.kind !== 'path') return UNKNOWN;
    value = args[0];
    type = returns.args[0] ?? UNKNOWN;
  }
  if (value?.type !== 'identifier' || value.text !== name) return UNKNOWN;
  const bound = bindingOf(value, model.ctx);
  return bound?.kind === 'let' && bound.decl.id === decl.id && bound.decl.startIndex === decl.startIndex
    ? type
    : UNKNOWN;
}

const MAPS = new Set(['std::collections::HashMap', 'std::collections::BTreeMap']);

/** Every `name.push(x)` call in a block, by name, in order: read once per block, not per `let`. */
function pushesIn(
  block: Node,
  model: SemanticModel,
  method = 'push',
): Map<string, { target: Node; call: Node }[]> {
  return model.ctx.memo(`calls:${method}:${block.id}:${block.startIndex}`, () => {
    const byName = new Map<string, { target: Node; call: Node }[]>();
    for (const call of block.descendantsOfType('call_expression')) {
      const fn = call?.childForFieldName('function');
      const target = fn?.type === 'field_expression' ? fn.childForFieldName('value') : null;
      if (!call || fn?.childForFieldName('field')?.text !== method || target?.type !== 'identifier') continue;
      const list = byName.get(target.text) ?? [];
      list.push({ target, call });
      byName.set(target.text, list);
    }
    return byName;
  });
}

/** A std method call, as `refinedStdReturn` reads it. */
export interface StdCall {
  receiver: RustType;
  receiverNode: Node;
  method: string;
  args: Node[];
  /** The type its turbofish spells (`collect::<Result<Vec<i32>, _>>()`), or null. */
  turbofish: RustType | null;
  /** The success type the context demands (a `let`'s type under an `unwrap`), or unknown. */
  expected: RustType;
}

/**
 * The std table's return type made exact where it leaves a part to the call's arguments: the
 * closure of `map`/`filter_map`/`and_then`, the error of `ok_or(e)`/`ok_or_else(|| e)`/`map_err(f)`,
 * the collection a turbofish names for `collect`. Anything not read from the code stays unknown.
 */
export function refinedStdReturn(
  std: RustType,
  call: StdCall,
  model: SemanticModel,
  depth: number,
): RustType {
  const of = (e: Node | null | undefined) => (e ? model.typeOf(e, UNKNOWN, depth) : UNKNOWN);
  const { receiver, method, args, turbofish } = call;
  if (receiver.kind !== 'path') return std;
  const [first] = args;
  const kind = receiver.path;
  if (kind === 'Iterator') {
    if (method === 'collect' && turbofish) {
      // `let v: Vec<u8> = ….collect::<Result<_, _>>().unwrap()`: the let says what is collected.
      const target =
        turbofish.kind === 'path' &&
        turbofish.path === 'Result' &&
        (turbofish.args[0] ?? UNKNOWN).kind === 'unknown' &&
        isKnown(call.expected)
          ? pathType('Result', [call.expected, turbofish.args[1] ?? UNKNOWN])
          : turbofish;
      return collectType(target, collectedItem(call.receiverNode, receiver, target, model, depth));
    }
    if (method === 'map' && first) return pathType('Iterator', [closureResult(first, model, of)]);
    if (method === 'fold' && args.length === 2) return foldType(args[0] as Node, args[1] as Node, model, of);
    if (method === 'filter_map' && first) {
      const result = closureResult(first, model, of);
      return result.kind === 'path' && result.path === 'Option'
        ? pathType('Iterator', [result.args[0] ?? UNKNOWN])
        : std;
    }
    return std;
  }
  const success = receiver.args[0] ?? UNKNOWN;
  if (kind === 'Option') {
    if (method === 'ok_or' && first) return pathType('Result', [success, of(first)]);
    if (method === 'ok_or_else' && first)
      return pathType('Result', [success, closureResult(first, model, of, 0)]);
    if (method === 'map' && first) return pathType('Option', [closureResult(first, model, of)]);
    if (method === 'and_then' && first) {
      const result = closureResult(first, model, of);
      return result.kind === 'path' && result.path === 'Option' ? result : std;
    }
    return std;
  }
  if (kind === 'Result') {
    const error = receiver.args[1] ?? UNKNOWN;
    if (method === 'map_err' && first) return pathType('Result', [success, errorMapping(first, model, of)]);
    if (method === 'map' && first) return pathType('Result', [closureResult(first, model, of), error]);
    if (method === 'and_then' && first) {
      const result = closureResult(first, model, of);
      return result.kind === 'path' && result.path === 'Result'
        ? pathType('Result', [result.args[0] ?? UNKNOWN, error])
        : std;
    }
  }
  return std;
}

/**
 * What `collect` builds for a target type: the target itself, where a `Result`'s error left to
 * inference (`Result<Vec<_>, _>`) is the items' error (`FromIterator<Result<A, E>>` keeps `E`).
 */
function collectType(target: RustType, item: RustType): RustType {
  if (target.kind !== 'path' || target.path !== 'Result') return target;
  const error = target.args[1] ?? UNKNOWN;
  if (error.kind !== 'unknown') return target;
  const itemError = item.kind === 'path' && item.path === 'Result' ? (item.args[1] ?? UNKNOWN) : UNKNOWN;
  return pathType('Result', [target.args[0] ?? UNKNOWN, itemError]);
}

function collectedItemOf(
  receiverNode: Node | null,
  target: RustType,
  model: SemanticModel,
  of: Of,
  depth: number,
): RustType {
  if (!receiverNode) return UNKNOWN;
  return collectedItemFrom(receiverNode, iteratorItem(of(receiverNode)), target, model, of, depth);
}

function collectedItem(
  receiverNode: Node,
  receiver: RustType,
  target: RustType,
  model: SemanticModel,
  depth: number,
): RustType {
  const of = (e: Node | null | undefined) => (e ? model.typeOf(e, UNKNOWN, depth) : UNKNOWN);
  return collectedItemFrom(receiverNode, iteratorItem(receiver), target, model, of, depth);
}

/**
 * The items collected into `Result<Vec<X>, _>`: the iterator's, or where those are unknown and
 * the iterator is `….map(|x| …)`, the closure's body typed as an `X` is expected of it (which
 * decides a `parse()` in it: `map(|s| s.parse())` parses `X`).
 */
function collectedItemFrom(
  receiverNode: Node,
  item: RustType,
  target: RustType,
  model: SemanticModel,
  of: Of,
  depth: number,
): RustType {
  if (isKnown(item) || target.kind !== 'path' || target.path !== 'Result') return item;
  const collection = target.args[0] ?? UNKNOWN;
  const element =
    collection.kind === 'path' && collection.path === 'Vec' ? (collection.args[0] ?? UNKNOWN) : UNKNOWN;
  if (!isKnown(element) || receiverNode.type !== 'call_expression') return item;
  const fn = receiverNode.childForFieldName('function');
  if (fn?.type !== 'field_expression' || fn.childForFieldName('field')?.text !== 'map') return item;
  if (model.crate.fns('map').some((f) => f.item.inTrait)) return item;
  const mapped = of(fn.childForFieldName('value'));
  if (mapped.kind !== 'path' || mapped.path !== 'Iterator') return item;
  const closure = receiverNode
    .childForFieldName('arguments')
    ?.namedChildren.filter((c) => c && !c.type.endsWith('comment'));
  const only = closure?.length === 1 ? closure[0] : undefined;
  if (only?.type !== 'closure_expression' || only.childForFieldName('return_type')) return item;
  const body = only.childForFieldName('body');
  return body ? model.typeOf(body, element, depth) : item;
}

function isCollect(value: Node): boolean {
  const fn = value.type === 'call_expression' ? value.childForFieldName('function') : null;
  return fn?.type === 'field_expression' && fn.childForFieldName('field')?.text === 'collect';
}

function collectReceiver(value: Node): Node | null {
  return value.childForFieldName('function')?.childForFieldName('value') ?? null;
}

function iteratorItem(t: RustType): RustType {
  return t.kind === 'path' && t.path === 'Iterator' ? (t.args[0] ?? UNKNOWN) : UNKNOWN;
}

/**
 * The value a closure returns: its written return type, else its body's type. `params` is how many
 * parameters it must take (unchecked when undefined). Anything but a closure is unknown.
 */
function closureResult(node: Node, model: SemanticModel, of: Of, params?: number): RustType {
  if (node.type !== 'closure_expression') return UNKNOWN;
  const count = closureParams(node).length;
  if (params !== undefined && count !== params) return UNKNOWN;
  const written = node.childForFieldName('return_type');
  if (written) return model.resolve(written.text, node);
  const body = of(node.childForFieldName('body'));
  return body.kind === 'never' ? UNKNOWN : body;
}

/** The error `map_err(f)` makes: a closure's result, or a tuple variant of a crate enum. */
function errorMapping(arg: Node, model: SemanticModel, of: Of): RustType {
  if (arg.type === 'closure_expression') return closureResult(arg, model, of, 1);
  return variantConstructor(arg, model);
}

/**
 * `AppError::Parse` as a fn: a variant of a crate enum (non-generic) holding one unnamed field,
 * which constructs the enum. An associated fn of that name would be the one called: unknown then.
 */
function variantConstructor(arg: Node, model: SemanticModel): RustType {
  return enumVariantOf(arg, model, 'newtypeVariants');
}

/** `Enum::Variant` naming a variant of the given kind of a crate enum (non-generic): that enum. */
function enumVariantOf(arg: Node, model: SemanticModel, kind: 'newtypeVariants' | 'unitVariants'): RustType {
  if (arg.type !== 'scoped_identifier') return UNKNOWN;
  const owner = arg.childForFieldName('path');
  const name = arg.childForFieldName('name')?.text;
  if (!owner || !name) return UNKNOWN;
  const t = model.resolve(owner.text, arg);
  if (t.kind !== 'path' || !t.path.startsWith('crate::')) return UNKNOWN;
  const bare = t.path.slice('crate::'.length);
  const found = model.crate.typesAt(bare);
  const only = found.length === 1 ? found[0] : undefined;
  if (only?.item.kind !== 'enum' || only.item.generics.length > 0 || declaredInBlock(arg, owner.text, model))
    return UNKNOWN;
  // An associated fn of that name: which one a call means is not worth the risk.
  if (model.crate.fns(name).some((f) => f.item.owner === bare)) return UNKNOWN;
  return (only.item[kind] ?? []).includes(name) ? t : UNKNOWN;
}

/** Which closure parameter of a std method gets the receiver's item (`T`), a reference to it, or its error. */
const CLOSURE_ITEMS: Record<
  string,
  Record<string, { arg: number; param: number; params: number; gets: 'T' | '&T' | 'E' | '&E' }>
> = {
  Iterator: {
    map: { arg: 0, param: 0, params: 1, gets: 'T' },
    filter_map: { arg: 0, param: 0, params: 1, gets: 'T' },
    flat_map: { arg: 0, param: 0, params: 1, gets: 'T' },
    for_each: { arg: 0, param: 0, params: 1, gets: 'T' },
    any: { arg: 0, param: 0, params: 1, gets: 'T' },
    all: { arg: 0, param: 0, params: 1, gets: 'T' },
    position: { arg: 0, param: 0, params: 1, gets: 'T' },
    find_map: { arg: 0, param: 0, params: 1, gets: 'T' },
    map_while: { arg: 0, param: 0, params: 1, gets: 'T' },
    fold: { arg: 1, param: 1, params: 2, gets: 'T' },
    filter: { arg: 0, param: 0, params: 1, gets: '&T' },
    find: { arg: 0, param: 0, params: 1, gets: '&T' },
    take_while: { arg: 0, param: 0, params: 1, gets: '&T' },
    skip_while: { arg: 0, param: 0, params: 1, gets: '&T' },
    inspect: { arg: 0, param: 0, params: 1, gets: '&T' },
  },
  Option: {
    map: { arg: 0, param: 0, params: 1, gets: 'T' },
    and_then: { arg: 0, param: 0, params: 1, gets: 'T' },
    is_some_and: { arg: 0, param: 0, params: 1, gets: 'T' },
    filter: { arg: 0, param: 0, params: 1, gets: '&T' },
  },
  Result: {
    map: { arg: 0, param: 0, params: 1, gets: 'T' },
    and_then: { arg: 0, param: 0, params: 1, gets: 'T' },
    is_ok_and: { arg: 0, param: 0, params: 1, gets: 'T' },
    map_err: { arg: 0, param: 0, params: 1, gets: 'E' },
    or_else: { arg: 0, param: 0, params: 1, gets: 'E' },
    unwrap_or_else: { arg: 0, param: 0, params: 1, gets: 'E' },
  },
};

/**
 * An untyped closure parameter of a std method on a known receiver: `lines.map(|l| …)` binds `l`
 * to the iterator's item, `r.map_err(|e| …)` binds `e` to the error. A crate trait declaring a
 * method of that name may be the one called: unknown then.
 */
function closureParamType(pattern: Node, name: string, model: SemanticModel, of: Of): RustType {
  const params = pattern.parent;
  const closure = params?.parent;
  const argList = closure?.parent;
  const call = argList?.parent;
  if (params?.type !== 'closure_parameters' || closure?.type !== 'closure_expression') return UNKNOWN;
  if (argList?.type !== 'arguments' || call?.type !== 'call_expression') return UNKNOWN;
  const fn = call.childForFieldName('function');
  const field = fn?.type === 'generic_function' ? fn.childForFieldName('function') : fn;
  if (field?.type !== 'field_expression') return UNKNOWN;
  const method = field.childForFieldName('field')?.text ?? '';
  if (model.crate.fns(method).some((f) => f.item.inTrait)) return UNKNOWN;
  const receiver = of(field.childForFieldName('value'));
  if (receiver.kind !== 'path') return UNKNOWN;
  const rule = CLOSURE_ITEMS[receiver.path]?.[method];
  if (!rule) return UNKNOWN;
  const paramList = closureParams(closure);
  const args = argList.namedChildren.filter((c): c is Node => !!c && !c.type.endsWith('comment'));
  if (paramList.length !== rule.params || args[rule.arg]?.id !== closure.id) return UNKNOWN;
  if (paramList[rule.param]?.id !== pattern.id) return UNKNOWN;
  const item = rule.gets.endsWith('E') ? (receiver.args[1] ?? UNKNOWN) : (receiver.args[0] ?? UNKNOWN);
  if (item.kind === 'unknown') return UNKNOWN;
  const bound: RustType = rule.gets.startsWith('&') ? { kind: 'ref', mutable: false, inner: item } : item;
  return patternType(pattern, bound, name);
}

/** `let parse = |s: &str| s.parse::<i32>(); parse(x)`: what the local closure returns. */
function localClosureCallType(fn: Node, model: SemanticModel, of: Of): RustType {
  const binding = bindingOf(fn, model.ctx);
  if (binding?.kind !== 'let' || binding.pattern.type !== 'identifier') return UNKNOWN;
  // A written type (`let f: fn(&str) -> …`) is the model's own; only a closure's value is read here.
  if (binding.decl.childForFieldName('type')) return UNKNOWN;
  const value = binding.decl.childForFieldName('value');
  return value ? closureResult(value, model, of) : UNKNOWN;
}

/**
 * A generic crate fn's return type with its generics bound to the turbofish's types, in order
 * (`parse_pair::<i32>`: `T` = `i32`, `T::Err` = `ParseIntError`). Unknown unless the turbofish
 * names every generic; any generic left in the type is unknown, never the caller's own `T`.
 */
export function withTurbofish(
  returns: RustType,
  generics: string[],
  turbofish: Node,
  model: SemanticModel,
): RustType {
  const written = turbofish.namedChildren.filter((c): c is Node => !!c && !c.type.endsWith('comment'));
  if (
    written.length === 0 ||
    written.length !== generics.length ||
    written.some((w) => w.type === 'lifetime')
  )
    return UNKNOWN;
  const bound = new Map(
    generics.map((g, i) => [g, model.resolve((written[i] as Node).text, turbofish)] as const),
  );
  const bind = (t: RustType): RustType => {
    switch (t.kind) {
      case 'path': {
        const [first = '', ...rest] = t.path.split('::');
        const to = bound.get(first);
        if (!to)
          return t.args.some((a) => bind(a).kind === 'unknown')
            ? UNKNOWN
            : pathType(t.path, t.args.map(bind));
        if (rest.length === 0 && t.args.length === 0) return to;
        // `T::Err` is FromStr's only where no crate impl gives another trait an `Err`.
        if (rest.length === 1 && rest[0] === 'Err' && !otherErrAssoc(model))
          return fromStrError(to, model.crate) ?? UNKNOWN;
        return UNKNOWN;
      }
      case 'ref': {
        const inner = bind(t.inner);
        return inner.kind === 'unknown' ? UNKNOWN : { kind: 'ref', mutable: t.mutable, inner };
      }
      case 'tuple': {
        const items = t.items.map(bind);
        return items.some((i) => i.kind === 'unknown') ? UNKNOWN : { kind: 'tuple', items };
      }
      case 'array': {
        const elem = bind(t.elem);
        return elem.kind === 'unknown' ? UNKNOWN : { kind: 'array', elem, len: t.len };
      }
      default:
        return t;
    }
  };
  return bind(returns);
}

/** Whether a crate impl of a trait other than FromStr declares an associated type `Err`. */
function otherErrAssoc(model: SemanticModel): boolean {
  for (const { item } of model.crate.impls())
    if (item.assoc.Err !== undefined && baseName(item.trait ?? '') !== 'FromStr') return true;
  return false;
}

/**
 * `fn helper() -> Option<u8>` declared in the caller's body (local items are not in the crate
 * index): its written return type, when the fn is not generic and every type it names is not one
 * declared in a body (those are not indexed either).
 */
function localFnCallType(fn: Node, model: SemanticModel): RustType {
  if (bindingOf(fn, model.ctx)) return UNKNOWN;
  for (const block of model.ctx.ancestors(fn)) {
    if (block.type !== 'block') continue;
    const named = block.namedChildren.filter(
      (c): c is Node => c?.type === 'function_item' && c.childForFieldName('name')?.text === fn.text,
    );
    if (named.length === 0) continue;
    const item = named.length === 1 ? named[0] : undefined;
    if (
      !item ||
      item.childForFieldName('type_parameters') ||
      item.namedChildren.some((c) => c?.type === 'function_modifiers' && /\basync\b/.test(c.text))
    )
      return UNKNOWN;
    const returns = item.childForFieldName('return_type');
    if (!returns) return { kind: 'tuple', items: [] };
    const names =
      returns.type === 'type_identifier' ? [returns] : returns.descendantsOfType('type_identifier');
    if (names.some((n) => !n || declaredInBlock(item, n.text, model) || declaredInBlock(fn, n.text, model)))
      return UNKNOWN;
    return model.resolve(returns.text, item);
  }
  return UNKNOWN;
}

/** Containers whose `push`-like methods take exactly one item of the container's `T`. */
const PUSHES: Record<string, string[]> = {
  Vec: ['push'],
  'std::collections::VecDeque': ['push_back', 'push_front'],
  'std::collections::HashSet': ['insert'],
  'std::collections::BTreeSet': ['insert'],
  'std::collections::BinaryHeap': ['push'],
};

/** Maps' `insert(key, value)`: each argument's type is the map's type argument at the same place. */
const INSERTS = new Set(['std::collections::HashMap', 'std::collections::BTreeMap']);

/**
 * The type an argument must have where it is the only argument of `v.push(arg)` (and the like)
 * on a std container of a known item type, or a key or value of `map.insert(k, v)`: rustc infers
 * `parse()`'s target from it.
 */
export function pushedItemType(arg: Node, model: SemanticModel): RustType {
  const list = arg.parent;
  const call = list?.parent;
  if (list?.type !== 'arguments' || call?.type !== 'call_expression') return UNKNOWN;
  const args = list.namedChildren.filter((c): c is Node => !!c && !c.type.endsWith('comment'));
  const at = args.findIndex((a) => a.id === arg.id && a.startIndex === arg.startIndex);
  const fn = call.childForFieldName('function');
  if (at < 0 || fn?.type !== 'field_expression') return UNKNOWN;
  const method = fn.childForFieldName('field')?.text ?? '';
  // A crate trait declaring a method of that name may be the one called.
  if (model.crate.fns(method).some((f) => f.item.inTrait)) return UNKNOWN;
  const value = fn.childForFieldName('value');
  let container = value ? model.typeOf(value) : UNKNOWN;
  if (container.kind === 'ref' && container.mutable) container = container.inner;
  if (container.kind !== 'path') return UNKNOWN;
  const pushes = args.length === 1 && PUSHES[container.path]?.includes(method);
  const inserts = args.length === 2 && method === 'insert' && INSERTS.has(container.path);
  if (!pushes && !inserts) return UNKNOWN;
  const item = container.args[at] ?? UNKNOWN;
  return isKnown(item) ? item : UNKNOWN;
}

/**
 * `fold(init, |acc: B, x| …)`: the accumulator's type `B`, from the closure's annotated first
 * parameter or written return type, else a fully known `init`.
 */
function foldType(init: Node, f: Node, model: SemanticModel, of: Of): RustType {
  if (f.type !== 'closure_expression') return UNKNOWN;
  const params = closureParams(f);
  if (params.length !== 2) return UNKNOWN;
  const accType = params[0]?.type === 'parameter' ? params[0].childForFieldName('type') : null;
  if (accType) return model.resolve(accType.text, f);
  const written = f.childForFieldName('return_type');
  if (written) return model.resolve(written.text, f);
  const start = of(init);
  return isKnown(start) ? start : UNKNOWN;
}

/** A std function's table return type made exact by its arguments: `thread::spawn(|| x)` joins to `x`'s type. */
export function refinedStdFunctionReturn(
  path: string,
  std: RustType,
  args: Node[],
  model: SemanticModel,
  depth: number,
): RustType {
  const of = (e: Node | null | undefined) => (e ? model.typeOf(e, UNKNOWN, depth) : UNKNOWN);
  if (path === 'std::thread::spawn' && args.length === 1 && args[0]) {
    const result = closureResult(args[0], model, of, 0);
    return result.kind === 'unknown' ? std : pathType('std::thread::JoinHandle', [result]);
  }
  return std;
}

/** A closure's parameters, `_` included (an anonymous node, so not among the named children). */
function closureParams(closure: Node): Node[] {
  return (closure.childForFieldName('parameters')?.children ?? []).filter(
    (c): c is Node => !!c && c.type !== '|' && c.type !== ',' && !c.type.endsWith('comment'),
  );
}
