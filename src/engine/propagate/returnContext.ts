import type { Node } from 'web-tree-sitter';
import type { FileContext } from '../context';
import { resultArguments } from './carrier';

/**
 * What the nearest `?` boundary returns.
 * `boxdyn`: `Box<dyn Error>`, which takes any std error and a `&str` (`boxdyn-send` adds `+ Send + Sync`);
 * `anyhow`: anyhow/eyre, which take any std error.
 */
export type ReturnKind =
  | { kind: 'option' }
  | { kind: 'result'; error: FnError }
  /** `fn main()` with no return type: `?` works once the signature changes. */
  | { kind: 'main'; fn: Node }
  | { kind: 'none' };

export type FnError = 'boxdyn' | 'boxdyn-send' | 'anyhow' | 'io' | 'string' | `named:${string}`;

export interface Boundary {
  node: Node;
  returns: ReturnKind;
}

const ITEM_BOUNDARIES = new Set(['const_item', 'static_item', 'const_block']);

/** The nearest enclosing fn or closure: `?` returns from it. Loops are no boundary. */
export function boundaryOf(node: Node, ctx: FileContext): Boundary | null {
  for (const a of ctx.ancestors(node)) {
    if (ITEM_BOUNDARIES.has(a.type)) return { node: a, returns: { kind: 'none' } };
    if (a.type === 'async_block') return { node: a, returns: { kind: 'none' } };
    if (a.type === 'closure_expression') {
      const type = a.childForFieldName('return_type');
      return { node: a, returns: type ? classifyReturn(type, ctx) : { kind: 'none' } };
    }
    if (a.type === 'function_item') return { node: a, returns: classifyFunction(a, ctx) };
  }
  return null;
}

function classifyFunction(fn: Node, ctx: FileContext): ReturnKind {
  const modifiers = fn.namedChildren.find((c) => c?.type === 'function_modifiers');
  if (modifiers && /\bconst\b/.test(modifiers.text)) return { kind: 'none' };
  const type = fn.childForFieldName('return_type');
  if (type) return classifyReturn(type, ctx);
  const isMain =
    fn.childForFieldName('name')?.text === 'main' &&
    fn.parent?.type === 'source_file' &&
    (fn.childForFieldName('parameters')?.namedChildren.length ?? 1) === 0 &&
    !fn.childForFieldName('type_parameters');
  return isMain ? { kind: 'main', fn } : { kind: 'none' };
}

function classifyReturn(typeNode: Node, ctx: FileContext): ReturnKind {
  const t = typeNode.text.replace(/\s+/g, '');
  if (/^((std|core)::option::)?Option</.test(t)) return { kind: 'option' };
  if (/^(std::)?io::Result</.test(t)) return { kind: 'result', error: 'io' };
  if (/^(anyhow|eyre|color_eyre)::Result</.test(t)) return { kind: 'result', error: 'anyhow' };
  const args = resultArguments(t);
  if (!args) return { kind: 'none' };
  const error = args[1];
  if (!error) {
    // `Result<T>`: an alias; trust only the well-known imports.
    if (/use\s+(anyhow|eyre|color_eyre)::(Result\b|\{[^}]*\bResult\b)/.test(ctx.text)) {
      return { kind: 'result', error: 'anyhow' };
    }
    if (/use\s+std::io::(Result\b|\{[^}]*\bResult\b)/.test(ctx.text)) return { kind: 'result', error: 'io' };
    return { kind: 'none' };
  }
  if (/^Box<dyn(std::error::|core::error::)?Error(\+Send)?(\+Sync)?(\+'static)?>$/.test(error)) {
    return { kind: 'result', error: error.includes('+Send') ? 'boxdyn-send' : 'boxdyn' };
  }
  if (/^(anyhow::Error|eyre::Report|color_eyre::Report)$/.test(error))
    return { kind: 'result', error: 'anyhow' };
  if (/^(std::)?io::Error$/.test(error)) return { kind: 'result', error: 'io' };
  if (error === 'String') return { kind: 'result', error: 'string' };
  return { kind: 'result', error: `named:${error}` };
}

/** Whether `return;` (no value) appears in a fn body, outside nested closures and items. */
export function hasBareReturn(fnNode: Node): boolean {
  const body = fnNode.childForFieldName('body');
  if (!body) return false;
  const walk = (n: Node): boolean => {
    for (const c of n.namedChildren) {
      if (!c) continue;
      if (c.type === 'closure_expression' || c.type === 'function_item' || c.type === 'async_block') continue;
      if (c.type === 'return_expression' && c.namedChildCount === 0) return true;
      if (walk(c)) return true;
    }
    return false;
  };
  return walk(body);
}
