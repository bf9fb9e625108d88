// Where clippy's unwrap_used / expect_used stay silent, shared by unwrap-used and expect-used.
import type { Node } from 'web-tree-sitter';
import { applicableAttributes, isTestCode } from '../attributes';
import type { FileContext } from '../context';
import type { UnwrapCall } from '../propagate/unwrapCall';
import { lastSegment, type RustType } from '../semantics/rustType';

/** Always evaluated at compile time: a failing unwrap there is a compile error, not a panic. */
const CONST_CONTEXTS = new Set(['const_item', 'static_item', 'const_block']);
const ITEM_BOUNDARIES = new Set([
  'function_item',
  'closure_expression',
  'impl_item',
  'trait_item',
  'mod_item',
]);

/**
 * Inside a `const`/`static` initialiser or a `const { }` block, as clippy's
 * `is_inside_always_const_context`; a `const fn` body also runs at run time, so it is not one.
 */
export function inAlwaysConstContext(node: Node, ctx: FileContext): boolean {
  for (const a of ctx.ancestors(node)) {
    // A `static` in `thread_local!` / `lazy_static!` is initialised lazily, at run time.
    if (CONST_CONTEXTS.has(a.type)) return !(a.type === 'static_item' && ctx.inMacro(a));
    if (ITEM_BOUNDARIES.has(a.type)) return false;
  }
  return false;
}

/** `!`, `Infallible` or `core::convert::Infallible`: no value can be made, so that variant never occurs. */
function isNeverLike(t: RustType | undefined): boolean {
  return !!t && (t.kind === 'never' || (t.kind === 'path' && lastSegment(t.path) === 'Infallible'));
}

function peelRefs(t: RustType): RustType {
  return t.kind === 'ref' ? peelRefs(t.inner) : t;
}

/**
 * Whether clippy would not report this unwrap/expect: `_err` on an `Option` (a user trait's method
 * of that name), a `Result` whose other variant is never-like, a const
 * context (unless clippy.toml says otherwise), or test code when clippy.toml allows it there.
 * An unknown type is never exempt: the name alone says nothing.
 */
export function clippyExempts(u: UnwrapCall, ctx: FileContext, lint: 'unwrap' | 'expect'): boolean {
  const config = ctx.clippy;
  const inConsts = lint === 'unwrap' ? config.allowUnwrapInConsts : config.allowExpectInConsts;
  if (inConsts && inAlwaysConstContext(u.call, ctx)) return true;
  const inTests = lint === 'unwrap' ? config.allowUnwrapInTests : config.allowExpectInTests;
  if (inTests && isTestCode(ctx.file.path, [...applicableAttributes(u.call, ctx)])) return true;
  if (u.form !== 'method') return false;
  // The receiver's type matters only for `_err`, a never-like error, or a crate method of that
  // name: without any of them, the semantic model need not be built for this.
  const neverLike = ctx.fileMemo('mentions-never', () => /\bInfallible\b|,\s*!\s*>/.test(ctx.text));
  if (!u.method.endsWith('_err') && !neverLike && !ctx.mayDeclareFn(u.method)) return false;
  const type = peelRefs(ctx.semantics.typeOf(u.receiver));
  if (type.kind !== 'path') return false;
  // A struct or enum the crate declares (the model expands aliases): its own method of that name.
  if (type.path.startsWith('crate::')) return true;
  const name = lastSegment(type.path);
  const isErr = u.method.endsWith('_err');
  // `Option` has no `unwrap_err`: that is a trait's method of the same name.
  if (name === 'Option') return isErr;
  // Other names may be aliases of `Result` the model did not resolve: reported, as unknown types are.
  return name === 'Result' && isNeverLike(type.args[isErr ? 0 : 1]);
}
