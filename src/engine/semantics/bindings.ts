import type { Node } from 'web-tree-sitter';
import type { FileContext } from '../context';

/** Where a local name was bound, as the nearest visible binding at a use (shadowing respected). */
export type Binding =
  | { kind: 'let'; decl: Node; pattern: Node }
  | { kind: 'param'; param: Node; pattern: Node }
  /** A closure parameter without a declared type. */
  | { kind: 'closure-param'; pattern: Node }
  | { kind: 'for'; loop: Node; pattern: Node }
  /** `if let` / `while let` (and let chains): bound in the consequence. */
  | { kind: 'let-condition'; condition: Node; pattern: Node }
  | { kind: 'match-arm'; arm: Node; pattern: Node };

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
      for (const s of ctx.siblingsBefore(child)) {
        if (s.type !== 'let_declaration') continue;
        const pattern = s.childForFieldName('pattern');
        if (pattern && bindsName(pattern, name)) return { kind: 'let', decl: s, pattern };
      }
      return null;
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
  switch (pattern.type) {
    case 'identifier':
      return pattern.text === name;
    case 'shorthand_field_identifier':
      return pattern.text === name;
    case 'tuple_struct_pattern':
    case 'struct_pattern': {
      const type = pattern.childForFieldName('type');
      return pattern.namedChildren.some(
        (c) => c !== null && !(type && sameNode(c, type)) && bindsName(c, name),
      );
    }
    case 'field_pattern': {
      const inner = pattern.childForFieldName('pattern');
      if (inner) return bindsName(inner, name);
      return pattern.namedChildren.some((c) => c !== null && bindsName(c, name));
    }
    case 'scoped_identifier':
    case 'field_identifier':
    case 'type_identifier':
      return false;
    default:
      return pattern.namedChildren.some((c) => c !== null && bindsName(c, name));
  }
}
