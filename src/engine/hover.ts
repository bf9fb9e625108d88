import type { Node, Parser, Point, Tree } from 'web-tree-sitter';
import type { HoverInfo, Position } from '../shared/types';
import {
  ChunkedText,
  ChunkSyntaxError,
  DEFAULT_CHUNK_LIMITS,
  parsesInChunks,
  type ChunkLimits,
} from './chunks';
import { FileContext, type SourceTree } from './context';
import { LineIndex } from './text';

interface HoverTopic {
  /** Matches the smallest node under the cursor. */
  matches(node: Node): boolean;
  title: string;
  explanation: string;
  lesson: string;
}

const prev = (n: Node) => n.previousSibling?.text;
const isMethodName = (n: Node, names: string[]) =>
  names.includes(n.text) && (n.type === 'field_identifier' || (n.type === 'identifier' && prev(n) === '.'));
const pathCall = (n: Node, path: RegExp) =>
  n.type === 'identifier' &&
  n.parent?.type === 'scoped_identifier' &&
  path.test(n.parent.text.replace(/\s+/g, ''));

const TOPICS: HoverTopic[] = [
  {
    matches: (n) => isMethodName(n, ['unwrap', 'unwrap_err']),
    title: '`unwrap()` turns a missing value into a crash',
    explanation:
      'On `None` or `Err` it panics and unwinds the thread; `?`, `if let` or `match` handle the case instead.',
    lesson: 'unwrap-used',
  },
  {
    matches: (n) => isMethodName(n, ['expect', 'expect_err']),
    title: '`expect(..)` is an unwrap with a message',
    explanation:
      'It still panics on `None` or `Err`; keep it for states your code rules out, and say why in the message.',
    lesson: 'expect-used',
  },
  {
    matches: (n) => unsafeKeyword(n) === 'fn',
    title: '`unsafe fn` declares a contract its callers must keep',
    explanation:
      'The compiler cannot check the conditions this function relies on, so every caller must uphold them in an `unsafe` block; a `# Safety` section in its docs says what they are.',
    lesson: 'missing-safety-doc',
  },
  {
    matches: (n) => unsafeKeyword(n) === 'trait',
    title: '`unsafe trait` declares a contract its implementers must keep',
    explanation:
      'Code may rely on every implementation upholding it, so each `unsafe impl` is a promise the compiler cannot check; a `# Safety` section in the trait docs says what it is.',
    lesson: 'missing-safety-doc',
  },
  {
    matches: (n) => unsafeKeyword(n) === 'impl',
    title: '`unsafe impl` promises what the trait requires',
    explanation:
      "The compiler takes the implementation on trust (as with `Send` and `Sync`); a `// SAFETY:` comment says why the type meets the trait's contract.",
    lesson: 'undocumented-unsafe-block',
  },
  {
    matches: (n) => unsafeKeyword(n) === 'block',
    title: '`unsafe` moves a proof obligation from the compiler to you',
    explanation:
      'Inside it the compiler trusts you to uphold what it can no longer check; a `// SAFETY:` comment says why that holds.',
    lesson: 'undocumented-unsafe-block',
  },
  {
    matches: (n) => ['Option', 'None', 'Some'].includes(n.text) && /identifier/.test(n.type),
    title: '`Option` is how Rust says "maybe absent" without null',
    explanation:
      'A reference is never null; absence is a value, `None`, that the type system makes you handle before use.',
    lesson: 'row-null-dereference',
  },
  {
    matches: (n) => n.text === '?' && n.parent?.type === 'try_expression',
    title: '`?` returns the `None` or `Err` to the caller',
    explanation:
      'It unwraps the success value or returns early, converting the error with `From`, so no panic happens here.',
    lesson: 'question-mark',
  },
  {
    matches: (n) => pathCall(n, /(^|::)ptr::null(_mut)?$/) && /^null/.test(n.text),
    title: 'A null raw pointer: the one place null still exists',
    explanation:
      'Dereferencing it is undefined behavior; safe code uses `Option<&T>` or `Option<NonNull<T>>` instead.',
    lesson: 'row-null-dereference',
  },
  {
    matches: (n) => pathCall(n, /(^|::)Box::from_raw$/) && n.text === 'from_raw',
    title: '`Box::from_raw` takes ownership back from a raw pointer',
    explanation:
      'Calling it twice on one pointer frees the memory twice; ownership must come back exactly once.',
    lesson: 'row-double-free',
  },
  {
    matches: (n) => n.text === '*' && n.parent?.type === 'unary_expression' && insideUnsafe(n),
    title: 'Dereferencing inside `unsafe`: the pointer must still be live',
    explanation:
      'If the memory was freed or moved, this reads freed memory; references carry lifetimes so safe code cannot.',
    lesson: 'row-use-after-free',
  },
  {
    matches: (n) =>
      n.parent?.type === 'static_item' &&
      (n.type === 'mutable_specifier' ||
        (n.type === 'static' && n.parent.children.some((c) => c?.type === 'mutable_specifier'))),
    title: '`static mut` is global state with no synchronization',
    explanation:
      'Any thread may read or write it without a lock, so two overlapping accesses where one writes are a data race (undefined behavior); atomics or a `Mutex` make sharing safe.',
    lesson: 'row-data-race',
  },
  {
    matches: (n) =>
      n.text === 'transmute' &&
      n.type === 'identifier' &&
      (pathCall(n, /(^|::)(mem|intrinsics)::transmute$/) || n.parent?.type === 'generic_function'),
    title: '`transmute` reinterprets the bits of one type as another',
    explanation:
      'The compiler only checks that both types have the same size; if the bits are not a valid value of the target type the behavior is undefined.',
    lesson: 'row-unsafe-soundness',
  },
  {
    matches: (n) =>
      (n.text === 'MaybeUninit' && /identifier/.test(n.type)) ||
      isMethodName(n, ['assume_init', 'assume_init_read', 'assume_init_ref', 'assume_init_mut']),
    title: '`MaybeUninit<T>` holds memory that may not be initialized yet',
    explanation:
      'Reading it as a `T` with `assume_init` before a valid `T` was written into it is undefined behavior.',
    lesson: 'row-uninitialized-memory',
  },
  {
    matches: (n) => n.type === '[' && n.parent?.type === 'index_expression',
    title: 'Indexing is bounds-checked',
    explanation:
      'An index or range outside the collection panics instead of reading past the buffer; `.get(i)` returns `None` instead.',
    lesson: 'row-buffer-overflow',
  },
  {
    matches: (n) => n.type === 'as' && n.parent?.type === 'type_cast_expression',
    title: '`as` converts without checking the range',
    explanation:
      'It never panics, even in debug builds: a narrowing integer cast keeps the low bits and a float-to-integer cast saturates (NaN becomes 0), while `T::try_from(x)` reports values that do not fit.',
    lesson: 'row-integer-overflow',
  },
  {
    matches: (n) =>
      (n.text === 'no_std' || n.text === 'panic_handler') &&
      n.type === 'identifier' &&
      n.parent?.type === 'attribute',
    title: '`no_std` has no default panic handler',
    explanation:
      'Without `std` nothing says what a panic does, so a `no_std` binary must define exactly one `#[panic_handler]` function or link a crate that does.',
    lesson: 'row-panic-no-std',
  },
  {
    matches: (n) => n.type === 'await' && n.parent?.type === 'await_expression',
    title: '`.await` is where a task can give its thread back',
    explanation:
      'Async tasks are scheduled cooperatively: only a pending `.await` lets others run, so blocking or long computation between awaits (like `std::thread::sleep`) stalls every task on that executor thread.',
    lesson: 'row-async-starvation',
  },
];

/** What an `unsafe` keyword marks: a block, a fn, a trait or an impl. */
function unsafeKeyword(n: Node): 'block' | 'fn' | 'trait' | 'impl' | undefined {
  if (n.type !== 'unsafe' && n.text !== 'unsafe') return undefined;
  switch (n.parent?.type) {
    case 'unsafe_block':
      return 'block';
    case 'function_modifiers':
      return 'fn';
    case 'trait_item':
      return 'trait';
    case 'impl_item':
      return 'impl';
    default:
      return undefined;
  }
}

function insideUnsafe(n: Node): boolean {
  for (let a = n.parent; a; a = a.parent) {
    if (a.type === 'unsafe_block') return true;
    if (a.type === 'function_item')
      return /\bunsafe\b/.test(a.namedChildren.find((c) => c?.type === 'function_modifiers')?.text ?? '');
  }
  return false;
}

/** A two-line explanation of the construct at a position, and the lesson that teaches it. */
export function hoverAt(file: { readonly tree: Tree } | SourceTree, position: Position): HoverInfo | null {
  const point = { row: position.line, column: position.character };
  const node = file.tree.rootNode.descendantForPosition(point);
  if (!node) return null;
  const topic = TOPICS.find((t) => t.matches(node));
  if (topic) return infoOf(topic, node.startPosition, node.endPosition);
  // Inside a macro's arguments the tokens are no syntax (`v[i]` is `v` and a token tree): read
  // them as the rules do, parsed as code, where the file's text is at hand.
  return 'parser' in file && inTokenTree(node) ? hoverInMacro(file, position) : null;
}

function infoOf(topic: HoverTopic, start: Point, end: Point): HoverInfo {
  return {
    range: {
      start: { line: start.row, character: start.column },
      end: { line: end.row, character: end.column },
    },
    title: topic.title,
    explanation: topic.explanation,
    lesson: topic.lesson,
  };
}

function inTokenTree(node: Node): boolean {
  for (let n: Node | null = node; n; n = n.parent) if (n.type === 'token_tree') return true;
  return false;
}

/** The topic at a position inside macro arguments, through nested macros. */
function hoverInMacro(file: SourceTree, position: Position): HoverInfo | null {
  const ctx = new FileContext(file);
  try {
    const offset = file.lines.offsetAt(position);
    let node: Node | null = file.tree.rootNode.descendantForIndex(offset, offset);
    while (node) {
      const macro = enclosingMacro(node);
      if (!macro) return null;
      const arg = ctx.macroArguments(macro).find((a) => ctx.start(a) <= offset && offset < ctx.end(a));
      if (!arg) return null;
      const index = arg.startIndex + offset - ctx.start(arg);
      const found = arg.descendantForIndex(index, index);
      if (!found) return null;
      node = found;
      const topic = TOPICS.find((t) => t.matches(found));
      if (topic) {
        const range = ctx.rangeOf(found);
        return infoOf(
          topic,
          { row: range.start.line, column: range.start.character },
          { row: range.end.line, column: range.end.character },
        );
      }
      if (!inTokenTree(found)) return null;
    }
    return null;
  } finally {
    ctx.dispose();
  }
}

function enclosingMacro(node: Node): Node | null {
  for (let n = node.parent; n; n = n.parent) if (n.type === 'macro_invocation') return n;
  return null;
}

/** `hoverAt` with no tree at hand: a long text is parsed only as far as the chunk at the position. */
export function hoverInText(
  parser: Parser,
  text: string,
  position: Position,
  limits: ChunkLimits = DEFAULT_CHUNK_LIMITS,
): HoverInfo | null {
  if (parsesInChunks(text.length, limits)) {
    const lines = new LineIndex(text);
    const chunks = new ChunkedText(parser, text, lines, limits.chunkChars);
    try {
      return chunks.read(chunks.indexAt(lines.offsetAt(position)), (tree) => hoverAt({ tree }, position));
    } catch (error) {
      if (!(error instanceof ChunkSyntaxError)) throw error;
    } finally {
      chunks.dispose();
    }
  }
  const tree = parser.parse(text);
  if (!tree) return null;
  try {
    return hoverAt({ tree }, position);
  } finally {
    tree.delete();
  }
}
