import type { Node } from 'web-tree-sitter';
import type { FileContext } from '../context';
import { escapeRegExp } from '../text';

/**
 * What an unwrapped value is, as far as syntax alone can tell.
 * `error` says which error a Result carries, so `?` is offered only where it converts.
 */
export type Carrier =
  | { kind: 'option' }
  | { kind: 'result'; error: ErrorKind }
  /** `Mutex::lock()` and friends: the poison error borrows the guard, so `?` never compiles. */
  | { kind: 'lock' }
  | { kind: 'unknown' };

/** `io`: std::io::Error; `std`: some std error type; `string`: String; `other`: not a std::error::Error. */
export type ErrorKind = 'io' | 'std' | 'string' | 'other' | `named:${string}`;

const OPTION_METHODS = new Set([
  'get',
  'get_mut',
  'first',
  'last',
  'first_mut',
  'last_mut',
  'next',
  'next_back',
  'nth',
  'nth_back',
  'pop',
  'pop_front',
  'pop_back',
  'front',
  'back',
  'peek',
  'find',
  'find_map',
  'rfind',
  'position',
  'rposition',
  'max',
  'min',
  'max_by',
  'min_by',
  'max_by_key',
  'min_by_key',
  'reduce',
  'parent',
  'file_name',
  'file_stem',
  'extension',
  'strip_prefix',
  'strip_suffix',
  'split_once',
  'rsplit_once',
  'to_digit',
  'checked_add',
  'checked_sub',
  'checked_mul',
  'checked_div',
  'checked_rem',
  'checked_pow',
  'checked_neg',
  'checked_shl',
  'checked_shr',
  'ok',
  'err',
  'first_key_value',
  'last_key_value',
  'get_key_value',
  'char_indices_next',
  'last_mut',
  'split_first',
  'split_last',
  'to_str',
]);

/** Methods of std types that return `io::Result`. */
const IO_METHODS = new Set([
  'read_to_string',
  'read_to_end',
  'read_line',
  'read_exact',
  'write_all',
  'flush',
  'metadata',
  'sync_all',
  'set_len',
  'output',
  'status',
  'spawn',
  'wait',
  'accept',
  'local_addr',
  'peer_addr',
  'set_nonblocking',
  'try_clone',
  'canonicalize',
  'read_dir',
  'seek',
]);

/** Methods returning a Result whose error is a std error type. */
const STD_RESULT_METHODS = new Set(['parse', 'try_into', 'duration_since', 'recv', 'try_recv', 'from_str']);

const PASS_THROUGH = new Set(['as_ref', 'as_mut', 'as_deref', 'as_deref_mut', 'cloned', 'copied', 'clone']);

const LOCK_METHODS = new Set(['lock', 'try_lock', 'try_read', 'try_write']);

/** Path calls returning `io::Result`, by their last two segments. */
const IO_FUNCTIONS =
  /(^|::)(File::(open|create|create_new|options)|fs::\w+|env::current_dir|env::current_exe|TcpStream::connect|TcpListener::bind|UdpSocket::bind|io::stdin\(\)\.read_line)$/;
/** Path calls returning a Result with a std error type. */
const STD_FUNCTIONS =
  /(^|::)(\w+::try_from|\w+::from_str_radix|\w+::from_str|str::from_utf8|String::from_utf8|env::var|\w+::from_utf8)$/;

export function classifyType(typeText: string): Carrier {
  const t = typeText.replace(/\s+/g, '');
  // `?` needs an owned Option or Result, not a reference to one.
  if (t.startsWith('&')) return { kind: 'unknown' };
  if (/^((std|core)::option::)?Option</.test(t)) return { kind: 'option' };
  if (/^(std::)?io::Result</.test(t)) return { kind: 'result', error: 'io' };
  const args = resultArguments(t);
  if (args) {
    const error = args[1];
    if (!error) return { kind: 'unknown' };
    return { kind: 'result', error: classifyErrorType(error) };
  }
  return { kind: 'unknown' };
}

function classifyErrorType(error: string): ErrorKind {
  if (/^(std::)?io::Error$/.test(error)) return 'io';
  if (error === 'String') return 'string';
  if (error === '()') return 'other';
  return `named:${error}`;
}

/** Splits `Result<A, B>` into its top-level type arguments. */
export function resultArguments(typeText: string): string[] | null {
  const m = /^((std|core)::result::)?Result<(.*)>$/.exec(typeText);
  if (!m) return null;
  const inner = m[3] ?? '';
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    if (c === '<' || c === '(' || c === '[') depth++;
    else if (c === '>' || c === ')' || c === ']') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(inner.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(inner.slice(start));
  return parts.filter((p) => p.length > 0);
}

/** Classifies the expression an unwrap is called on. Unknown means: offer no `?`. */
export function classifyReceiver(expr: Node, ctx: FileContext, depth = 0): Carrier {
  if (depth > 4) return { kind: 'unknown' };
  switch (expr.type) {
    case 'parenthesized_expression': {
      const inner = expr.namedChildren[0];
      return inner ? classifyReceiver(inner, ctx, depth + 1) : { kind: 'unknown' };
    }
    case 'call_expression':
      return classifyCall(expr, ctx, depth);
    case 'identifier':
      return classifyVariable(expr, ctx, depth);
    case 'field_expression':
      return classifyField(expr, ctx);
    default:
      return { kind: 'unknown' };
  }
}

/**
 * The return type of the fn this file defines under `name`: null when it has none or the name is
 * defined twice, undefined when the file does not define it. Found from the text (`fn name`),
 * so a file with one call to look up is not walked whole.
 */
function localReturnType(ctx: FileContext, name: string): string | null | undefined {
  return ctx.fileMemo(`localReturnType:${name}`, () => {
    const pattern = new RegExp(`\\bfn\\s+(${escapeRegExp(name)})(?![\\w])`, 'g');
    let found: string | null | undefined;
    for (let m = pattern.exec(ctx.text); m; m = pattern.exec(ctx.text)) {
      const at = m.index + m[0].length - name.length;
      const definition = ctx.readNodeAt(at, at + name.length, (id) => {
        const fn = id?.parent;
        if (!id || fn?.type !== 'function_item' || fn.childForFieldName('name')?.startIndex !== id.startIndex)
          return undefined;
        return { returns: fn.childForFieldName('return_type')?.text ?? null };
      });
      if (!definition) continue;
      if (found !== undefined) return null;
      found = definition.returns;
    }
    return found;
  });
}

function classifyCall(call: Node, ctx: FileContext, depth: number): Carrier {
  const fn = call.childForFieldName('function');
  const args = call.childForFieldName('arguments');
  if (!fn) return { kind: 'unknown' };
  const argCount = args?.namedChildren.filter((c) => c && !c.type.endsWith('comment')).length ?? 0;
  if (fn.type === 'identifier') {
    if (fn.text === 'Some') return { kind: 'option' };
    const local = localReturnType(ctx, fn.text);
    return local ? classifyType(local) : { kind: 'unknown' };
  }
  if (fn.type === 'field_expression' || fn.type === 'generic_function') {
    const field = fn.type === 'generic_function' ? fn.childForFieldName('function') : fn;
    const name = field?.childForFieldName('field')?.text;
    if (!name) return { kind: 'unknown' };
    if (LOCK_METHODS.has(name) || ((name === 'read' || name === 'write') && argCount === 0)) {
      return { kind: 'lock' };
    }
    if (name === 'join' && argCount === 0) return { kind: 'result', error: 'other' };
    if (OPTION_METHODS.has(name)) return { kind: 'option' };
    // Zero-argument `take()` and one-argument `replace(v)` are Option's (Iterator::take and str::replace take more).
    if ((name === 'take' && argCount === 0) || (name === 'replace' && argCount === 1))
      return { kind: 'option' };
    // `as_ref()` and friends keep an Option an Option; a Result's error would become a reference.
    if (PASS_THROUGH.has(name) && argCount === 0) {
      const inner = field?.childForFieldName('value');
      const carrier = inner ? classifyReceiver(inner, ctx, depth + 1) : null;
      return carrier?.kind === 'option' ? carrier : { kind: 'unknown' };
    }
    if (IO_METHODS.has(name)) return { kind: 'result', error: 'io' };
    if (STD_RESULT_METHODS.has(name)) return { kind: 'result', error: 'std' };
    // A method this file defines once, under a name std does not use above.
    const local = localReturnType(ctx, name);
    return local ? classifyType(local) : { kind: 'unknown' };
  }
  if (fn.type === 'scoped_identifier') {
    const path = fn.text.replace(/\s+/g, '');
    if (IO_FUNCTIONS.test(path)) return { kind: 'result', error: 'io' };
    if (STD_FUNCTIONS.test(path)) return { kind: 'result', error: 'std' };
    if (/(^|::)char::from_(u32|digit)$/.test(path)) return { kind: 'option' };
    if (/^(self|Self|super|crate)::\w+$/.test(path)) {
      const local = localReturnType(ctx, path.replace(/^.*::/, ''));
      if (local) return classifyType(local);
    }
  }
  return { kind: 'unknown' };
}

/** Field types declared in this file's structs, by field name; a name declared twice with different types is left out. */
function fieldTypes(ctx: FileContext): Map<string, string | null> {
  return ctx.fileMemo('fieldTypes', () => {
    const types = new Map<string, string | null>();
    ctx.readEachRoot((root, owns) => {
      for (const field of root.descendantsOfType('field_declaration')) {
        if (!field || !owns(field.startIndex)) continue;
        const name = field.childForFieldName('name')?.text;
        const type = field.childForFieldName('type')?.text.replace(/\s+/g, '');
        if (!name || !type) continue;
        types.set(name, types.has(name) && types.get(name) !== type ? null : type);
      }
    });
    return types;
  });
}

/** `self.x` or `a.b.x`: the type of a field named `x` declared in this file. */
function classifyField(expr: Node, ctx: FileContext): Carrier {
  const name = expr.childForFieldName('field')?.text;
  const type = name ? fieldTypes(ctx).get(name) : null;
  return type ? classifyType(type) : { kind: 'unknown' };
}

/** Follows a local variable to its `let` (type or initializer) or its parameter type. */
function classifyVariable(ident: Node, ctx: FileContext, depth: number): Carrier {
  const name = ident.text;
  const use = ctx.start(ident);
  let fnNode: Node | null = null;
  for (const a of ctx.ancestors(ident)) {
    if (a.type === 'function_item' || a.type === 'closure_expression') {
      fnNode = a;
      break;
    }
  }
  if (!fnNode) return { kind: 'unknown' };
  let best: Node | null = null;
  for (const decl of fnNode.descendantsOfType('let_declaration')) {
    if (!decl || ctx.start(decl) >= use) continue;
    const pattern = decl.childForFieldName('pattern');
    if (pattern?.type === 'identifier' && pattern.text === name) best = decl;
  }
  if (best) {
    const type = best.childForFieldName('type');
    if (type) return classifyType(type.text);
    const value = best.childForFieldName('value');
    if (value && !best.childForFieldName('alternative')) return classifyReceiver(value, ctx, depth + 1);
    return { kind: 'unknown' };
  }
  const params = fnNode.childForFieldName('parameters');
  for (const p of params?.namedChildren ?? []) {
    if (p?.type !== 'parameter') continue;
    if (p.childForFieldName('pattern')?.text === name) {
      const type = p.childForFieldName('type');
      return type ? classifyType(type.text) : { kind: 'unknown' };
    }
  }
  return { kind: 'unknown' };
}
