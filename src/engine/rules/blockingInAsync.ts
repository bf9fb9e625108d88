import type { Node } from 'web-tree-sitter';
import type { FileContext } from '../context';
import { resolvePath } from '../imports';
import type { Rule } from '../rule';
import { shortCodeSpan } from '../../shared/markdownCode';

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
  // Clippy has no lint for blocking calls in async code, and the right replacement depends on the runtime:
  // no docs link. Suppress with `// safety-coach: allow(blocking-in-async)`.
  clippyAllows: [],
  clippyGroups: [],
  docs: null,
  inspiredBy: null,
  summary:
    'A blocking std call (`thread::sleep`, `std::fs`, `stdin().read_line`) inside `async` code: it stalls the executor thread. No automatic fix: the async replacement depends on your runtime.',
  settingDescription: 'Blocking calls inside `async` code.',
  readmeFinds: '`std::thread::sleep` and blocking `std::fs`/`std::io` calls inside `async` code',
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
      message: `${shortCodeSpan(`${callee}(..)`, 'this call', 40)} blocks the thread inside \`async\` code`,
      advice: `other tasks on this executor thread wait until it returns; ${ADVICE[kind]}`,
    };
  },
};
