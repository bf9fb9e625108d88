import type { Node } from 'web-tree-sitter';
import type { FileContext } from '../context';
import type { Rule } from '../rule';

interface Imports {
  /** Local name → the full paths `use` declarations bind it to (any scope in the file). */
  names: Map<string, string[]>;
  /** Paths glob-imported with `use path::*`. */
  globs: string[];
}

const importCache = new WeakMap<FileContext, Imports>();

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

function flatten(tree: string, prefix: string, out: Imports): void {
  for (const item of splitTop(tree)) {
    const brace = item.indexOf('{');
    if (brace >= 0) {
      flatten(item.slice(brace + 1, item.lastIndexOf('}')), prefix + item.slice(0, brace), out);
      continue;
    }
    if (item.endsWith('*')) {
      out.globs.push(normalize(prefix + item.slice(0, -3)));
      continue;
    }
    const m = /^(.*?)(?: as (\w+))?$/.exec(item);
    const path = normalize((prefix + (m?.[1] ?? '')).replace(/::self$/, ''));
    const name = m?.[2] ?? path.split('::').at(-1) ?? '';
    if (name === '_' || name === '') continue;
    out.names.set(name, [...(out.names.get(name) ?? []), path]);
  }
}

/** `core::`/`alloc::`/`::std::` all name the same items as `std::` for our purposes. */
function normalize(path: string): string {
  return path.replace(/^::/, '').replace(/^(core|alloc)::/, 'std::');
}

/** What the file's `use` declarations bring into scope; scopes are merged, which is close enough here. */
export function importsOf(ctx: FileContext): Imports {
  let found = importCache.get(ctx);
  if (found) return found;
  found = { names: new Map(), globs: [] };
  for (const use of ctx.root.descendantsOfType('use_declaration')) {
    const argument = use?.childForFieldName('argument');
    if (!argument) continue;
    const text = argument.text.replace(/\s+as\s+/g, ' as ').replace(/\s+(?!as )/g, '');
    flatten(text, '', found);
  }
  importCache.set(ctx, found);
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

/** Whether the node runs inside an `async fn` or `async` block, not inside a nested sync fn or closure. */
export function inAsyncContext(node: Node, ctx: FileContext): boolean {
  for (const a of ctx.ancestors(node)) {
    if (a.type === 'async_block') return true;
    if (a.type === 'closure_expression') return a.children.some((c) => c?.type === 'async');
    if (a.type === 'function_item') {
      const modifiers = a.namedChildren.find((c) => c?.type === 'function_modifiers');
      return !!modifiers && /\basync\b/.test(modifiers.text);
    }
  }
  return false;
}

const FS_FUNCTIONS = [
  'read',
  'read_to_string',
  'write',
  'read_dir',
  'create_dir',
  'create_dir_all',
  'remove_file',
  'remove_dir',
  'remove_dir_all',
  'copy',
  'rename',
  'metadata',
  'canonicalize',
];

/** Only std's blocking calls: `tokio::fs`, `async_std` and friends resolve to other paths. */
const BLOCKING = new Map<string, string>([
  ['std::thread::sleep', 'sleep'],
  ...FS_FUNCTIONS.map((f): [string, string] => [`std::fs::${f}`, 'fs']),
  ['std::fs::File::open', 'fs'],
  ['std::fs::File::create', 'fs'],
]);

/** `std::io::stdin().read_line(..)`, optionally through `.lock()`. */
function isStdinReadLine(call: Node, ctx: FileContext): boolean {
  const fn = call.childForFieldName('function');
  if (fn?.type !== 'field_expression' || fn.childForFieldName('field')?.text !== 'read_line') return false;
  let receiver = fn.childForFieldName('value');
  if (receiver?.type === 'call_expression') {
    const inner = receiver.childForFieldName('function');
    if (inner?.type === 'field_expression' && inner.childForFieldName('field')?.text === 'lock')
      receiver = inner.childForFieldName('value');
  }
  if (receiver?.type !== 'call_expression') return false;
  const stdin = receiver.childForFieldName('function');
  return !!stdin && resolvePath(ctx, stdin.text).includes('std::io::stdin');
}

function blockingKind(call: Node, ctx: FileContext): string | undefined {
  if (isStdinReadLine(call, ctx)) return 'stdin';
  let fn = call.childForFieldName('function');
  if (fn?.type === 'generic_function') fn = fn.childForFieldName('function');
  if (fn?.type !== 'identifier' && fn?.type !== 'scoped_identifier') return undefined;
  for (const path of resolvePath(ctx, fn.text)) {
    const kind = BLOCKING.get(path);
    if (kind) return kind;
  }
  return undefined;
}

const ADVICE: Record<string, string> = {
  sleep: "use the runtime's timer instead, e.g. `tokio::time::sleep(d).await`",
  fs: "use the runtime's async file API (e.g. `tokio::fs`) or move it into `spawn_blocking`",
  stdin: "read through the runtime's async stdin (e.g. `tokio::io::stdin()`) or `spawn_blocking`",
};

export const blockingInAsync: Rule = {
  id: 'blocking-in-async',
  lesson: 'blocking-in-async',
  defaultSeverity: 'warning',
  enabledByDefault: true,
  // Clippy has no lint for blocking calls in async code: empty, so no `clippy::` allow matches it and
  // the diagnostic's docs link lands on clippy's index. Suppress with `// safety-coach: allow(blocking-in-async)`.
  clippyLint: '',
  clippyGroups: [],
  summary:
    'A blocking std call (`thread::sleep`, `std::fs`, `stdin().read_line`) inside `async` code: it stalls the executor thread. No automatic fix: the async replacement depends on your runtime.',
  kinds: ['call_expression'],
  needles: ['async'],
  macroNeedles: ['sleep', 'fs::', 'File::', 'stdin', 'read', 'write', 'dir', 'copy', 'rename', 'metadata'],
  check(node, ctx) {
    // An awaited call returns a future, so it is not std's blocking function.
    if (ctx.parent(node)?.type === 'await_expression') return undefined;
    const kind = blockingKind(node, ctx);
    if (!kind || !inAsyncContext(node, ctx)) return undefined;
    const callee = (node.childForFieldName('function')?.text ?? 'this call').replace(/\s+/g, '');
    return {
      node,
      message: `\`${callee}(..)\` blocks the thread inside async code: every other task on this executor thread waits until it returns; ${ADVICE[kind]} (no automatic fix, it depends on your runtime).`,
    };
  },
};
