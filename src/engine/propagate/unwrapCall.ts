import type { Node } from 'web-tree-sitter';

export const UNWRAP_METHODS = new Set(['unwrap', 'unwrap_err']);
export const EXPECT_METHODS = new Set(['expect', 'expect_err']);

export interface UnwrapCall {
  call: Node;
  method: string;
  receiver: Node;
  /** The method name (method form) or the whole call (path form): where the finding starts. */
  nameNode: Node;
  form: 'method' | 'path';
  /** The `expect` message literal, when there is one. */
  message: Node | null;
}

/** Matches `x.unwrap()`, `x.expect("..")` and the path forms `Option::unwrap(x)`, `Result::expect(r, "..")`. */
export function matchUnwrapCall(node: Node, methods: ReadonlySet<string>): UnwrapCall | null {
  if (node.type !== 'call_expression') return null;
  const fn = node.childForFieldName('function');
  const args = node.childForFieldName('arguments');
  if (!fn || !args) return null;
  const argList = args.namedChildren.filter((c): c is Node => c !== null && !c.type.endsWith('comment'));
  if (fn.type === 'field_expression') {
    const field = fn.childForFieldName('field');
    const receiver = fn.childForFieldName('value');
    if (!field || !receiver || !methods.has(field.text)) return null;
    const message = argList[0] ?? null;
    return { call: node, method: field.text, receiver, nameNode: field, form: 'method', message };
  }
  if (fn.type === 'scoped_identifier') {
    const name = fn.childForFieldName('name');
    const path = fn.childForFieldName('path');
    if (!name || !path || !methods.has(name.text)) return null;
    if (!/(^|::)(Option|Result)$/.test(path.text)) return null;
    const receiver = argList[0];
    if (!receiver) return null;
    return {
      call: node,
      method: name.text,
      receiver,
      nameNode: node,
      form: 'path',
      message: argList[1] ?? null,
    };
  }
  return null;
}
