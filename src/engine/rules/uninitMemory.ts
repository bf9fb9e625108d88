import type { Node } from 'web-tree-sitter';
import type { FileContext } from '../context';
import type { Rule } from '../rule';
import { resolvePath } from '../imports';
import { blockHasSafetyComment } from './undocumentedUnsafeBlock';

/** `mem::zeroed` / `mem::uninitialized` by any path ending so, or bare after `use std::mem::zeroed`. */
function memFunction(fn: Node | null, ctx: FileContext): 'zeroed' | 'uninitialized' | undefined {
  if (fn?.type === 'generic_function') fn = fn.childForFieldName('function');
  if (!fn) return undefined;
  const text = fn.text.replace(/\s+/g, '');
  const m = /(?:^|::)mem::(zeroed|uninitialized)$/.exec(text);
  if (m) return m[1] as 'zeroed' | 'uninitialized';
  if (fn.type !== 'identifier' || (text !== 'zeroed' && text !== 'uninitialized')) return undefined;
  return resolvePath(ctx, text).includes(`std::mem::${text}`) ? text : undefined;
}

/** `MaybeUninit::uninit().assume_init()`: the exact pattern of clippy's `uninit_assumed_init`. */
function isUninitCall(receiver: Node | null): boolean {
  const fn = receiver?.type === 'call_expression' ? receiver.childForFieldName('function') : null;
  return !!fn && /(?:^|::)MaybeUninit(?:::<.*>)?::uninit$/s.test(fn.text.replace(/\s+/g, ''));
}

/** Whether the nearest `unsafe` block around a node has a `// SAFETY:` comment, as clippy places it. */
function documentedUnsafe(node: Node, ctx: FileContext): boolean {
  for (const a of ctx.ancestors(node)) {
    if (a.type === 'function_item' || a.type === 'closure_expression') return false;
    if (a.type !== 'unsafe_block') continue;
    const keyword = a.children.find((c) => c?.type === 'unsafe');
    return !!keyword && blockHasSafetyComment({ keyword, end: ctx.end(a), block: a }, ctx);
  }
  return false;
}

export const uninitMemory: Rule = {
  id: 'uninit-memory',
  lesson: 'uninit-memory',
  defaultSeverity: 'warning',
  enabledByDefault: true,
  // Clippy's `uninit_assumed_init` reports only `MaybeUninit::uninit().assume_init()`; this rule also reports
  // `mem::zeroed`, `mem::uninitialized` and every other `assume_init`, so its `allow` leaves the rule on.
  clippyAllows: [],
  clippyGroups: [],
  docs: 'https://doc.rust-lang.org/std/mem/union.MaybeUninit.html#initialization-invariant',
  inspiredBy: 'uninit_assumed_init',
  summary:
    '`mem::uninitialized()`, `mem::zeroed()`, `MaybeUninit::uninit().assume_init()`, and `.assume_init()` in an `unsafe` block with no `// SAFETY:` comment: each claims memory holds a valid value, which is undefined behavior when it does not. No automatic fix.',
  settingDescription: 'Uninitialized memory (`mem::uninitialized`, `MaybeUninit::assume_init`).',
  readmeFinds: '`mem::uninitialized()`, `mem::zeroed()`, `.assume_init()` without a `// SAFETY:` reason',
  kinds: ['call_expression'],
  needles: ['zeroed', 'uninitialized', 'assume_init'],
  anchors: ['zeroed', 'uninitialized', 'assume_init'],
  check(node, ctx) {
    const fn = node.childForFieldName('function');
    const mem = memFunction(fn, ctx);
    if (mem === 'uninitialized')
      return {
        node,
        message: 'use of deprecated `mem::uninitialized()`',
        advice:
          'a value made of uninitialized bytes is undefined behavior for almost every type; use `MaybeUninit<T>` and write it before `assume_init()`',
      };
    if (mem === 'zeroed')
      return {
        node,
        message: '`mem::zeroed()` is undefined behavior if all-zero is not a valid value',
        advice:
          'the memory is initialized, but all-zero is invalid for many types (references, `Box`, `NonNull`, `NonZero`, function pointers); prefer `Default` or a constructor',
      };
    if (fn?.type !== 'field_expression' || fn.childForFieldName('field')?.text !== 'assume_init')
      return undefined;
    if (isUninitCall(fn.childForFieldName('value')))
      return {
        node,
        message: '`assume_init()` on memory that was never written',
        advice:
          '`MaybeUninit::uninit().assume_init()` is undefined behavior for almost every type; write the value first (`MaybeUninit::new`, `.write(..)`)',
      };
    // The reason the lesson asks for is there: the unsafe block around it says why it holds.
    if (documentedUnsafe(node, ctx)) return undefined;
    return {
      node,
      message: '`assume_init()` without a `// SAFETY:` comment',
      advice:
        'it is undefined behavior unless the memory already holds a valid value of the type; say in a `// SAFETY:` comment why it does',
    };
  },
};
