import type { Node } from 'web-tree-sitter';
import type { FileContext } from '../context';
import { macroMayBind, macroName, tokenFacts } from './macros';

/** Where a local name was bound, as the nearest visible binding at a use (shadowing respected). */
export type Binding =
  | { kind: 'let'; decl: Node; pattern: Node }
  | { kind: 'param'; param: Node; pattern: Node }
  /** A closure parameter without a declared type. */
  | { kind: 'closure-param'; pattern: Node }
  | { kind: 'for'; loop: Node; pattern: Node }
  /** `if let` / `while let` (and let chains): bound in the consequence. */
  | { kind: 'let-condition'; condition: Node; pattern: Node }
  | { kind: 'match-arm'; arm: Node; pattern: Node }
  /**
   * A statement macro call that was passed the name and may bind it (`as_number!(level)` whose
   * body declares `let $name = …`): what the name holds after it is unknown. `pattern` is the call.
   */
  | { kind: 'macro'; call: Node; pattern: Node };

/**
 * The binding a use of a local name refers to: the scopes around the use, innermost first, and in
 * a block the `let`s before it, nearest first. Stops at the enclosing fn: items see no locals.
 */
export function bindingOf(ident: Node, ctx: FileContext): Binding | null {
  const name = ident.text;
  let child: Node = ident;
  for (const scope of ctx.ancestors(ident)) {
    const found = bindingIn(scope, child, name, ctx);
    if (found) return found;
    if (scope.type === 'function_item') return null;
    child = scope;
  }
  return null;
}

function bindingIn(scope: Node, child: Node, name: string, ctx: FileContext): Binding | null {
  switch (scope.type) {
    case 'block': {
      const at = ctx.start(child);
      const lets = letsOf(scope, ctx).get(name) ?? [];
      let found: BlockLet | undefined;
      for (let i = lets.length - 1; i >= 0 && !found; i--)
        if ((lets[i] as BlockLet).start < at) found = lets[i];
      // A macro call after the `let` (or after the block's start) that may re-bind the name.
      const calls = rebindingCalls(scope, ctx);
      for (let i = calls.length - 1; i >= 0; i--) {
        const call = calls[i] as RebindingCall;
        if (call.start >= at || (found && call.start < found.start)) continue;
        if (call.names.has(name)) return { kind: 'macro', call: call.node, pattern: call.node };
      }
      return found ? { kind: 'let', decl: found.decl, pattern: found.pattern } : null;
    }
    case 'for_expression': {
      const pattern = scope.childForFieldName('pattern');
      const body = scope.childForFieldName('body');
      if (pattern && body && sameNode(body, child) && bindsName(pattern, name))
        return { kind: 'for', loop: scope, pattern };
      return null;
    }
    case 'if_expression':
    case 'while_expression': {
      const condition = scope.childForFieldName('condition');
      const body = scope.childForFieldName(scope.type === 'if_expression' ? 'consequence' : 'body');
      if (!condition || !body || !sameNode(body, child)) return null;
      for (const let_ of letConditions(condition)) {
        const pattern = let_.childForFieldName('pattern');
        if (pattern && bindsName(pattern, name)) return { kind: 'let-condition', condition: let_, pattern };
      }
      return null;
    }
    case 'match_arm': {
      const pattern = scope.childForFieldName('pattern');
      if (pattern && !sameNode(pattern, child) && bindsName(pattern, name))
        return { kind: 'match-arm', arm: scope, pattern };
      return null;
    }
    case 'closure_expression': {
      const params = scope.childForFieldName('parameters');
      for (const p of params?.namedChildren ?? []) {
        if (!p) continue;
        if (p.type === 'parameter') {
          const pattern = p.childForFieldName('pattern');
          if (pattern && bindsName(pattern, name)) return { kind: 'param', param: p, pattern };
        } else if (bindsName(p, name)) return { kind: 'closure-param', pattern: p };
      }
      return null;
    }
    case 'function_item': {
      const params = scope.childForFieldName('parameters');
      for (const p of params?.namedChildren ?? []) {
        if (p?.type !== 'parameter') continue;
        const pattern = p.childForFieldName('pattern');
        if (pattern && bindsName(pattern, name)) return { kind: 'param', param: p, pattern };
      }
      return null;
    }
  }
  return null;
}

interface BlockLet {
  start: number;
  decl: Node;
  pattern: Node;
}

/**
 * A block's `let`s by the names they bind, in source order. Built once per block: looking back
 * through the siblings at every use would be quadratic in a long fn.
 */
function letsOf(block: Node, ctx: FileContext): Map<string, BlockLet[]> {
  return ctx.memo(`lets:${block.id}:${block.startIndex}`, () => {
    const byName = new Map<string, BlockLet[]>();
    for (const decl of block.namedChildren) {
      if (decl?.type !== 'let_declaration') continue;
      const pattern = decl.childForFieldName('pattern');
      if (!pattern) continue;
      const start = ctx.start(decl);
      for (const name of new Set(boundNames(pattern))) {
        const list = byName.get(name) ?? [];
        list.push({ start, decl, pattern });
        byName.set(name, list);
      }
    }
    return byName;
  });
}

interface RebindingCall {
  start: number;
  node: Node;
  /** The identifiers passed to it: the names it may bind. */
  names: Set<string>;
}

/**
 * A block's statement macro calls that may declare a `let` binding a name passed to them, in
 * source order: a file macro whose body has `let $x`, or a macro whose body cannot be read. A
 * `let` in a call's expansion is the block's (macro hygiene keeps only names the caller wrote).
 * Built once per block.
 */
function rebindingCalls(block: Node, ctx: FileContext): RebindingCall[] {
  return ctx.memo(`macro-lets:${block.id}:${block.startIndex}`, () => {
    const calls: RebindingCall[] = [];
    for (const statement of block.namedChildren) {
      const call = statement?.type === 'expression_statement' ? statement.namedChildren[0] : statement;
      if (call?.type !== 'macro_invocation' || !macroMayBind(macroName(call), ctx)) continue;
      const tokens = call.namedChildren.find((c) => c?.type === 'token_tree');
      const names = new Set(tokens ? tokenFacts(tokens).idents : []);
      if (names.size > 0) calls.push({ start: ctx.start(call), node: call, names });
    }
    return calls;
  });
}

function letConditions(condition: Node): Node[] {
  if (condition.type === 'let_condition') return [condition];
  if (condition.type === 'let_chain')
    return condition.namedChildren.filter((c): c is Node => c?.type === 'let_condition');
  return [];
}

function sameNode(a: Node, b: Node): boolean {
  return a.id === b.id && a.startIndex === b.startIndex;
}

/** Whether a pattern binds `name` (the `Some` in `Some(x)` is a path, not a binding). */
export function bindsName(pattern: Node, name: string): boolean {
  return boundNames(pattern).includes(name);
}

/** The names a pattern binds. */
export function boundNames(pattern: Node, into: string[] = []): string[] {
  switch (pattern.type) {
    case 'identifier':
    case 'shorthand_field_identifier':
      into.push(pattern.text);
      break;
    case 'tuple_struct_pattern':
    case 'struct_pattern': {
      const type = pattern.childForFieldName('type');
      for (const c of pattern.namedChildren) if (c && !(type && sameNode(c, type))) boundNames(c, into);
      break;
    }
    case 'field_pattern': {
      const inner = pattern.childForFieldName('pattern');
      if (inner) boundNames(inner, into);
      else for (const c of pattern.namedChildren) if (c) boundNames(c, into);
      break;
    }
    case 'scoped_identifier':
    case 'field_identifier':
    case 'type_identifier':
      break;
    default:
      for (const c of pattern.namedChildren) if (c) boundNames(c, into);
  }
  return into;
}
