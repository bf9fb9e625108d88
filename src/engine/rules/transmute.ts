import type { Node } from 'web-tree-sitter';
import type { FileContext } from '../context';
import type { Rule } from '../rule';
import { resolvePath } from '../imports';

/** `mem::transmute(..)` by any path, `transmute::<A, B>(..)`, or bare `transmute` imported from `mem`. */
function isTransmute(fn: Node | null, ctx: FileContext): boolean {
  if (!fn) return false;
  const turbofish = fn.type === 'generic_function';
  const callee = turbofish ? fn.childForFieldName('function') : fn;
  if (!callee) return false;
  const text = callee.text.replace(/\s+/g, '');
  if (/(?:^|::)(?:mem|intrinsics)::transmute$/.test(text)) return true;
  if (callee.type !== 'identifier' || text !== 'transmute') return false;
  return turbofish || resolvePath(ctx, text).includes('std::mem::transmute');
}

export const transmute: Rule = {
  id: 'transmute',
  lesson: 'transmute',
  defaultSeverity: 'warning',
  enabledByDefault: true,
  // The closest clippy lint: ours covers every transmute, clippy's only pointer-to-reference ones, so its
  // `allow` leaves this rule on.
  clippyAllows: [],
  clippyGroups: [],
  docs: 'https://doc.rust-lang.org/std/mem/fn.transmute.html',
  inspiredBy: 'transmute_ptr_to_ref',
  summary:
    '`mem::transmute` reinterprets bits as another type with only a size check. No automatic fix: the replacement (`from_ne_bytes`, `to_bits`, `as`, `ptr.cast()`, or an `unsafe` `&*ptr` with its own `// SAFETY:`) depends on the types.',
  settingDescription: '`mem::transmute` calls.',
  readmeFinds: '`mem::transmute`',
  kinds: ['call_expression'],
  needles: ['transmute'],
  // `transmute` → path → turbofish → call.
  anchors: ['transmute'],
  check(node, ctx) {
    if (!isTransmute(node.childForFieldName('function'), ctx)) return undefined;
    return {
      node,
      message: '`transmute` reinterprets the bits; only the sizes are checked',
      advice:
        'the behavior is undefined if the bits are not a valid value of the target type, or if a made-up reference lifetime outlives the data; prefer a typed conversion such as `from_ne_bytes`, `f32::from_bits`, `as` or `ptr.cast()`',
    };
  },
};
