import type { Node } from 'web-tree-sitter';
import { placeholderIn, type Applicability, type Fix, type TextEdit } from '../../shared/types';
import type { FileContext } from '../context';
import { errorConverts, literalConverts } from '../semantics/conversions';
import { parseType, type RustType, UNKNOWN } from '../semantics/rustType';
import { bindingOf } from '../semantics/bindings';
import { shadowedPreludeNames } from '../semantics/preludeNames';
import { noneMeaning, type NoneMeaning } from './noneMeaning';
import { pushedItemType } from '../semantics/inference';
import { boundaryOf, hasReturn } from './returnContext';
import type { UnwrapCall } from './unwrapCall';
import { OK_OR_PLACEHOLDER } from '../placeholderTexts';

const MAIN_RESULT = parseType('Result<(), Box<dyn std::error::Error>>');
const DEFAULT_MESSAGE = `"${OK_OR_PLACEHOLDER}"`;

/**
 * The `?` rewrite of an unwrap or expect, or null where no `?` form is known to compile. Every
 * step is resolved by the semantic model: the receiver's type, the enclosing fn's return type,
 * and the error conversion. Unknown at any step means no `?`.
 */
export function questionMarkFix(u: UnwrapCall, ctx: FileContext): Fix | null {
  if (u.method.endsWith('_err')) return null;
  const boundary = boundaryOf(u.call, ctx);
  if (!boundary) return null;
  const returns = boundary.returns;
  if (returns.kind === 'none') return null;
  const mainType = returns.kind === 'main' ? mainReturn(ctx) : null;
  if (returns.kind === 'main' && (mainType === null || hasReturn(returns.fn, ctx))) return null;
  const fnType = returns.kind === 'main' ? MAIN_RESULT : returns.type;
  const receiver = ctx.semantics.typeOf(u.receiver, expectedSuccess(u, ctx));
  const step = propagation(receiver, fnType, u, ctx);
  if (!step) return null;
  // `.ok()?` drops the error and returns `None` (in `Iterator::next`, the end of the iteration): a
  // change of meaning beyond "a panic becomes propagation", so the author must choose it.
  const dropsComment = /\/\/|\/\*/.test(ctx.text.slice(ctx.start(u.nameNode), ctx.end(u.call)));
  // In a trait impl returning Option (`Iterator::next`), `None` means what the trait says (the
  // end of the iteration), not "something failed".
  // Likewise a closure returning Option: its caller decides what `None` means (`filter_map`
  // skips the item, `iter::from_fn` ends the iteration), so the panic would turn silent.
  const returnsOption = fnType.kind === 'path' && fnType.path === 'Option';
  const closureNone = returnsOption && boundary.node.type === 'closure_expression';
  const traitNone = (boundary.inTraitImpl && returnsOption) || closureNone;
  // A fn whose `None` already means something: it returns `None` itself, is passed as a value
  // (`filter_map(parse)`, like a closure), a caller ignores its result (`bank.deposit(3, 50);`,
  // and Option is not `#[must_use]`), or loops until it is `None` (`while let Some(t) =
  // lexer.next_token()`, as `Iterator::next`). A new `None` there would pass for that meaning.
  const fnNone =
    returnsOption && !traitNone && boundary.node.type === 'function_item' && !step.discardsError
      ? noneMeaning(boundary.node, ctx)
      : null;
  // `r.ok().unwrap()`: the error was dropped by hand; `?` would pass it on as `None`, silently.
  const discardsError = step.discardsError || droppedResult(u.receiver, ctx);
  // `.expect(&log.err("port"))` runs its argument on success too: `?` would drop that.
  const dropsEffects = !!u.message && !step.suffix.startsWith('.ok_or(') && hasEffects(u.message, ctx);
  const applicability: Applicability =
    discardsError || step.dropsMessage || dropsEffects || dropsComment || traitNone || fnNone
      ? 'suggestion'
      : 'safe';

  const edits: TextEdit[] = [];
  const main = returns.kind === 'main' ? returns.fn : null;
  const tail = main ? mainSignatureEdits(main, ctx) : null;
  const callEnd = ctx.end(u.call);
  // Every fix in main carries the same signature and tail edits, so fix-all keeps one copy.
  if (tail && main) {
    edits.push(ctx.edit(tail.tailEnd, tail.tailEnd, tail.tailText));
    edits.push(ctx.edit(tail.signatureAt, tail.signatureAt, ` -> ${mainType}`));
  }

  if (u.form === 'method') {
    // A comment between the receiver and `.unwrap()` stays: only the call's own tokens go.
    const dot =
      ctx.end(u.receiver) +
      (ctx.text.slice(ctx.end(u.receiver), callEnd).search(/\.\s*(unwrap|expect)\b/) + 1 || 1) -
      1;
    const between = ctx.text.slice(ctx.end(u.receiver), dot);
    if (/\S/.test(between)) {
      edits.push(ctx.edit(ctx.end(u.receiver), ctx.end(u.receiver), step.suffix));
      edits.push(ctx.edit(dot, callEnd, ''));
    } else edits.push(ctx.edit(ctx.end(u.receiver), callEnd, step.suffix));
  } else {
    const receiverText = needsParens(u.receiver) ? `(${u.receiver.text})` : u.receiver.text;
    edits.push(ctx.edit(ctx.start(u.call), callEnd, receiverText + step.suffix));
  }
  const shown = step.suffix.replace(/\(".*"\)/, '("…")');
  const named =
    returns.kind === 'main'
      ? `Propagate with \`${shown}\` and make main return Result`
      : discardsError
        ? `Return \`None\` on error with \`${shown}\` (the error is dropped)`
        : traitNone
          ? `Return \`None\` with \`${shown}\` (check what \`None\` means to the ${closureNone ? "closure's caller" : 'trait'})`
          : fnNone
            ? `Return \`None\` with \`${shown}\` (${FN_NONE_NOTE[fnNone]})`
            : receiver.kind === 'path' && receiver.path === 'Option'
              ? // An Option holds no error: `?` passes `None` on, or `ok_or` makes one.
                fnType.kind === 'path' && fnType.path === 'Option'
                ? `Propagate \`None\` with \`${shown}\``
                : `Turn \`None\` into an \`Err\` with \`${shown}\``
              : `Propagate the error with \`${shown}\``;
  const title = dropsEffects ? `${named} (the \`expect\` message's calls would no longer run)` : named;
  // The message the fix made up is the learner's to write; one taken from the `expect` is not.
  const placeholders = step.suffix.includes(DEFAULT_MESSAGE)
    ? placeholderIn(
        edits,
        edits.length - (edits[edits.length - 1]?.newText === '' ? 2 : 1),
        OK_OR_PLACEHOLDER,
      )
    : [];
  const fix: Fix = { title, applicability, edits, ...(placeholders.length > 0 ? { placeholders } : {}) };
  TYPED_FIXES.add(fix);
  return fix;
}

/** The fixes `questionMarkFix` made: what they rest on includes the crate's other files. */
const TYPED_FIXES = new WeakSet<Fix>();

/**
 * A typed fix as reported where the crate's other files are not indexed (a report-only scan, the
 * server before the index is built): a safe one becomes a suggestion, since one of those files
 * could change its answer. The findings themselves are decided as if it were safe, so that they
 * do not depend on whether the index was there.
 */
export function reportedFix(fix: Fix, ctx: FileContext): Fix {
  if (fix.applicability !== 'safe' || !TYPED_FIXES.has(fix) || !ctx.lacksCrateFiles()) return fix;
  return { ...fix, applicability: 'suggestion' };
}

/** `r.ok()` / `r.err()` of a `Result` (or of an unknown type): an Option that no longer holds the error. */
function droppedResult(receiver: Node, ctx: FileContext): boolean {
  if (receiver.type !== 'call_expression') return false;
  const fn = receiver.childForFieldName('function');
  const method = fn?.type === 'field_expression' ? fn.childForFieldName('field')?.text : undefined;
  const args = receiver
    .childForFieldName('arguments')
    ?.namedChildren.filter((c) => !c?.type.endsWith('comment'));
  if ((method !== 'ok' && method !== 'err') || (args?.length ?? 0) > 0) return false;
  // Unknown counts as a Result: this only makes the fix more careful.
  const inner = fn?.childForFieldName('value');
  const t = inner ? ctx.semantics.typeOf(inner) : null;
  return !t || t.kind === 'unknown' || (t.kind === 'path' && t.path === 'Result');
}

/** Why the author should decide: what `None` from the fn already means. */
const FN_NONE_NOTE: Record<Exclude<NoneMeaning, null>, string> = {
  'own-none': 'this fn already returns `None`: check the callers can tell the two apart',
  'fn-value': 'the fn is passed as a value: its caller decides what `None` means',
  discarded: 'a caller ignores the result: the failure would pass silently',
  'ends-loop': 'a caller loops until `None`: the failure would end the loop silently',
};

/** `let x: T = <unwrap>`: the success type the context demands, which decides `parse()`. */
function expectedSuccess(u: UnwrapCall, ctx: FileContext): RustType {
  const parent = ctx.parent(u.call);
  // `flags.color = v.parse().unwrap()`: the place's type.
  if (
    parent?.type === 'assignment_expression' &&
    parent.childForFieldName('right')?.startIndex === u.call.startIndex
  ) {
    const left = parent.childForFieldName('left');
    return left ? ctx.semantics.typeOf(left) : UNKNOWN;
  }
  // `Rect { w: s.parse().unwrap() }`: the field's type.
  if (
    parent?.type === 'field_initializer' &&
    parent.childForFieldName('value')?.startIndex === u.call.startIndex
  ) {
    const field = parent.childForFieldName('field')?.text;
    const struct = parent.parent?.parent;
    const structName =
      struct?.type === 'struct_expression' ? struct.childForFieldName('name')?.text : undefined;
    return field && structName && struct ? ctx.semantics.fieldOf(structName, field, struct) : UNKNOWN;
  }
  // `queue.push_back(line.parse().unwrap())`: the container's item type.
  if (parent?.type === 'arguments')
    return inferredFromTarget(u.receiver) ? pushedItemType(u.call, ctx.semantics) : UNKNOWN;
  if (parent?.type !== 'let_declaration') return UNKNOWN;
  const value = parent.childForFieldName('value');
  const type = parent.childForFieldName('type');
  const pattern = parent.childForFieldName('pattern');
  if (!value || pattern?.type !== 'identifier' || value.startIndex !== u.call.startIndex) return UNKNOWN;
  if (type) return ctx.semantics.resolve(type.text, parent);
  // Only `parse()` and `try_into()` need it; searching the block for every unwrap would be quadratic.
  return inferredFromTarget(u.receiver) ? typeFromUse(parent, pattern.text, ctx) : UNKNOWN;
}

function inferredFromTarget(receiver: Node): boolean {
  const fn = receiver.type === 'call_expression' ? receiver.childForFieldName('function') : null;
  const name = fn?.type === 'field_expression' ? fn.childForFieldName('field')?.text : undefined;
  return name === 'parse' || name === 'try_into';
}

/**
 * `let x = s.parse().unwrap(); … Point { x, … }`: rustc infers the type from where `x` goes. The
 * first use decides, when it is a field of a crate struct or the payload of the fn's `Ok`/`Some`.
 */
const USE_SEARCH_STATEMENTS = 16;

function typeFromUse(decl: Node, name: string, ctx: FileContext): RustType {
  const block = decl.parent;
  if (block?.type !== 'block') return UNKNOWN;
  // The next few statements only: the cost per unwrap stays bounded, however long the block.
  let use: Node | undefined;
  let statement = decl.nextNamedSibling;
  for (
    let i = 0;
    statement && !use && i < USE_SEARCH_STATEMENTS;
    i++, statement = statement.nextNamedSibling
  ) {
    if (!new RegExp(`\\b${name}\\b`).test(statement.text)) continue;
    use = statement.descendantsOfType('identifier').find((n): n is Node => n !== null && n.text === name);
  }
  const bound = use ? bindingOf(use, ctx) : null;
  if (!use || bound?.kind !== 'let' || bound.decl.startIndex !== decl.startIndex) return UNKNOWN;
  const parent = use.parent;
  if (
    parent?.type === 'shorthand_field_initializer' ||
    (parent?.type === 'field_initializer' && parent.childForFieldName('value')?.id === use.id)
  ) {
    const field =
      parent.type === 'shorthand_field_initializer' ? name : parent.childForFieldName('field')?.text;
    const struct = parent.parent?.parent;
    const structName =
      struct?.type === 'struct_expression' ? struct.childForFieldName('name')?.text : undefined;
    return field && structName ? ctx.semantics.fieldOf(structName, field, struct as Node) : UNKNOWN;
  }
  if (parent?.type === 'arguments' && parent.namedChildren.length === 1) {
    const call = parent.parent;
    const wrapper = call?.childForFieldName('function')?.text;
    const boundary = call ? boundaryOf(call, ctx) : null;
    const returns = boundary?.returns.kind === 'type' ? boundary.returns.type : UNKNOWN;
    // Returned from the fn: its body's tail, or `return Ok(x)`; an inner block's tail is that block's.
    const holder = call ? ctx.parent(call) : null;
    const body = boundary?.node.childForFieldName('body');
    const tail = body?.namedChildren.filter((c) => c !== null && !c.type.endsWith('comment')).at(-1);
    const isReturned =
      !!call &&
      (holder?.type === 'return_expression' ||
        (!!body && holder?.id === body.id && tail?.id === call.id && tail.startIndex === call.startIndex));
    if (
      isReturned &&
      returns.kind === 'path' &&
      ((wrapper === 'Ok' && returns.path === 'Result') || (wrapper === 'Some' && returns.path === 'Option'))
    )
      return returns.args[0] ?? UNKNOWN;
  }
  return UNKNOWN;
}

/** Macros that only build or name text: their arguments have effects only through calls in them. */
const TEXT_MACROS = new Set([
  'format',
  'concat',
  'stringify',
  'env',
  'file',
  'line',
  'column',
  'module_path',
]);

/**
 * Whether evaluating an expression may do something besides giving its value: a call, another
 * macro, an index (it may panic: `&msg[..4]`), or a name that is no local binding (a `static`
 * `LazyLock` runs its initialiser when first read).
 */
function hasEffects(expr: Node, ctx: FileContext): boolean {
  if (expr.type === 'call_expression' || expr.type === 'index_expression' || expr.type.includes('assignment'))
    return true;
  // A `const`, a `static` reference (`static MSG: &str`) and a local are read as they are.
  if (expr.type === 'identifier')
    return (
      !bindingOf(expr, ctx) &&
      !new RegExp(`\\b(?:const\\s+${expr.text}\\b|static\\s+${expr.text}\\s*:\\s*&)`).test(ctx.text)
    );
  if (expr.type === 'macro_invocation') {
    const name = expr.childForFieldName('macro')?.text ?? '';
    // Inside the tokens, a name followed by `(` is a call (`format!("{}", log.err())`), one
    // followed by `[` an index.
    return !TEXT_MACROS.has(name) || /[\w>)\]]\s*[([]/.test(expr.text.slice(name.length + 1));
  }
  return expr.namedChildren.some((c) => c !== null && hasEffects(c, ctx));
}

interface Step {
  suffix: string;
  /** `.ok()?`: the error itself is dropped. */
  discardsError: boolean;
  /** An `expect` message the fix could not carry over (a placeholder stands in for it). */
  dropsMessage?: boolean;
}

/** What replaces `.unwrap()`, given the receiver's type and the fn's return type. */
function propagation(receiver: RustType, fnType: RustType, u: UnwrapCall, ctx: FileContext): Step | null {
  if (receiver.kind !== 'path' || fnType.kind !== 'path') return null;
  const crate = ctx.semantics.crate;
  if (receiver.path === 'Option') {
    if (fnType.path === 'Option') return { suffix: '?', discardsError: false };
    if (fnType.path !== 'Result') return null;
    const fnError = fnType.args[1] ?? UNKNOWN;
    if (!literalConverts(fnError, crate)) return null;
    // A message that is not a literal (`expect(&format!(..))`, a const) is the author's to carry over.
    const literal = u.message?.type === 'string_literal' || u.message?.type === 'raw_string_literal';
    const message = literal && u.message ? u.message.text : DEFAULT_MESSAGE;
    return { suffix: `.ok_or(${message})?`, discardsError: false, dropsMessage: !!u.message && !literal };
  }
  if (receiver.path !== 'Result') return null;
  const error = receiver.args[1] ?? UNKNOWN;
  if (fnType.path === 'Option') {
    // A lock's poison error means another thread panicked: not something to turn into `None`.
    if (error.kind !== 'path' || /^std::sync::(PoisonError|TryLockError)$/.test(error.path)) return null;
    return { suffix: '.ok()?', discardsError: true };
  }
  if (fnType.path !== 'Result') return null;
  const fnError = fnType.args[1] ?? UNKNOWN;
  return errorConverts(error, fnError, crate) ? { suffix: '?', discardsError: false } : null;
}

interface MainEdits {
  signatureAt: number;
  tailEnd: number;
  tailText: string;
}

/** Edits that make `fn main()` return `Result<(), Box<dyn Error>>` and end with `Ok(())`. */
function mainSignatureEdits(fn: Node, ctx: FileContext): MainEdits | null {
  // The same for every unwrap in main: computed once, or a long main would be quadratic.
  return ctx.memo(`main-edits:${fn.id}:${fn.startIndex}`, () => computeMainEdits(fn, ctx));
}

function computeMainEdits(fn: Node, ctx: FileContext): MainEdits | null {
  const params = fn.childForFieldName('parameters');
  const body = fn.childForFieldName('body');
  if (!params || !body) return null;
  const children = body.namedChildren.filter((c): c is Node => c !== null && !c.type.endsWith('comment'));
  const last = children[children.length - 1];
  const bodyLine = ctx.lines.positionAt(ctx.start(fn)).line;
  const indent = last
    ? ctx.lines.indentOf(ctx.lines.positionAt(ctx.start(last)).line)
    : `${ctx.lines.indentOf(bodyLine)}    `;
  const isTailExpression = !!last && !/(statement|declaration|_item)$/.test(last.type);
  const tailEnd = last ? ctx.end(last) : ctx.start(body) + 1;
  const tailText = `${isTailExpression ? ';' : ''}\n${indent}Ok(())`;
  return { signatureAt: ctx.end(params), tailEnd, tailText };
}

const PRIMARY = new Set([
  'identifier',
  'field_expression',
  'call_expression',
  'index_expression',
  'parenthesized_expression',
  'scoped_identifier',
  'self',
  'macro_invocation',
  'try_expression',
  'tuple_expression',
  'array_expression',
]);

export function needsParens(expr: Node): boolean {
  return !PRIMARY.has(expr.type);
}

/**
 * main's new return type as the learner would write it, `Result<(), Box<dyn Error>>`, where
 * `Result` and `Box` in this file are std's; spelled out in full where the file may name another
 * (an alias, an import, a glob). Null where the fix cannot be written: `Ok` or `std` may be
 * another item (`use Health::*` with a variant `Ok` makes the appended `Ok(())` the enum's).
 */
function mainReturn(ctx: FileContext): string | null {
  const shadowed = shadowedPreludeNames(ctx);
  if (shadowed.has('Ok') || shadowed.has('std')) return null;
  const result = shadowed.has('Result') ? 'std::result::Result' : 'Result';
  const box = shadowed.has('Box') ? 'std::boxed::Box' : 'Box';
  return `${result}<(), ${box}<dyn std::error::Error>>`;
}
