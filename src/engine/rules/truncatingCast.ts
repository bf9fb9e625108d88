import type { Node } from 'web-tree-sitter';
import type { FileContext } from '../context';
import type { Report, Rule } from '../rule';
import { codeSpan } from '../../shared/markdownCode';
import { placeholderIn } from '../../shared/types';

/** Bit widths; `usize`/`isize` count as 64 because that is where truncation bites. */
const WIDTH: Record<string, number> = {
  u8: 8,
  i8: 8,
  u16: 16,
  i16: 16,
  u32: 32,
  i32: 32,
  u64: 64,
  i64: 64,
  u128: 128,
  i128: 128,
  usize: 64,
  isize: 64,
  f32: 32,
  f64: 64,
};
const TARGETS = new Set(['u8', 'i8', 'u16', 'i16', 'u32', 'i32', 'f32']);
const isFloat = (t: string) => t === 'f32' || t === 'f64';
const CONST_CONTEXTS = new Set(['const_item', 'static_item', 'array_type', 'const_block', 'enum_variant']);

const unparen = (n: Node | null): Node | null =>
  n?.type === 'parenthesized_expression' ? unparen(n.namedChildren[0] ?? null) : n;

/** A primitive type written directly, or behind `&`. */
function primitive(type: Node | null): string | undefined {
  if (type?.type === 'reference_type') return primitive(type.childForFieldName('type'));
  return type?.type === 'primitive_type' && type.text in WIDTH ? type.text : undefined;
}

function literalType(n: Node): string | undefined {
  const m = /(u8|i8|u16|i16|u32|i32|u64|i64|u128|i128|usize|isize|f32|f64)$/.exec(n.text);
  return (n.type === 'integer_literal' || n.type === 'float_literal') && m ? m[1] : undefined;
}

/**
 * The source type when the code states it: a suffixed literal, or what the semantic model knows of
 * a variable, a field, a call or a cast (through `&`). An unsuffixed literal is left alone.
 */
function sourceType(value: Node, ctx: FileContext): string | undefined {
  const v = unparen(value);
  if (!v) return undefined;
  if (v.type === 'integer_literal' || v.type === 'float_literal') return literalType(v);
  let t = ctx.semantics.typeOf(v);
  while (t.kind === 'ref') t = t.inner;
  return t.kind === 'path' && t.args.length === 0 && t.path in WIDTH ? t.path : undefined;
}

function truncates(from: string, to: string): boolean {
  if (isFloat(from)) return to !== 'f32' || from === 'f64';
  if (isFloat(to)) return false; // int → float loses precision, not range: clippy's `cast_precision_loss`
  return (WIDTH[to] ?? 0) < (WIDTH[from] ?? 0);
}

/**
 * Values bounded by a constant that fits, as clippy's `cast_possible_truncation` reduces them:
 * `x.min(C)` and `x % C`.
 */
function boundedToFit(value: Node, to: string): boolean {
  const v = unparen(value);
  if (v?.type === 'binary_expression' && v.childForFieldName('operator')?.text === '%') {
    const right = v.childForFieldName('right');
    return !!right && literalFits(right, to);
  }
  if (v?.type !== 'call_expression') return false;
  const fn = v.childForFieldName('function');
  const args = v.childForFieldName('arguments')?.namedChildren ?? [];
  return (
    fn?.type === 'field_expression' &&
    fn.childForFieldName('field')?.text === 'min' &&
    args.length === 1 &&
    !!args[0] &&
    literalFits(args[0], to)
  );
}

/** Integer literals whose value fits the target do not truncate. */
function literalFits(value: Node, to: string): boolean {
  const v = unparen(value);
  if (v?.type !== 'integer_literal' || isFloat(to)) return false;
  const digits = v.text.replace(/_|(?:[iu](?:8|16|32|64|128|size))$/g, '');
  let n: bigint;
  try {
    n = BigInt(digits);
  } catch {
    return false;
  }
  const bits = BigInt(WIDTH[to] ?? 0);
  const max = to.startsWith('u') ? (1n << bits) - 1n : (1n << (bits - 1n)) - 1n;
  return n <= max;
}

/** `try_from` + `expect` are not `const`: no fix where the cast must be a constant. */
function inConstContext(node: Node, ctx: FileContext): boolean {
  for (const a of ctx.ancestors(node)) {
    if (CONST_CONTEXTS.has(a.type)) return true;
    if (a.type === 'function_item')
      return /\bconst\b/.test(a.namedChildren.find((c) => c?.type === 'function_modifiers')?.text ?? '');
  }
  return false;
}

export const truncatingCast: Rule = {
  id: 'truncating-cast',
  lesson: 'truncating-cast',
  defaultSeverity: 'warning',
  enabledByDefault: false,
  // Clippy's `cast_possible_truncation` reports every narrowing cast by its checked types; this rule only
  // those whose source type the text states, so the two differ and its `allow` leaves the rule on.
  clippyAllows: [],
  clippyGroups: [],
  docs: 'https://doc.rust-lang.org/reference/expressions/operator-expr.html#numeric-cast',
  inspiredBy: 'cast_possible_truncation',
  summary:
    'A narrowing `as` cast (to `u8`…`i32` or `f32`) from a visibly wider type: it silently drops bits. Off by default; the offered fix, `T::try_from(x).expect(..)`, panics instead and is never applied automatically.',
  settingDescription: '`as` casts that can truncate or wrap.',
  readmeFinds: 'a narrowing `as` cast whose source type is evident',
  kinds: ['type_cast_expression'],
  needles: ['as'],
  check(node, ctx) {
    const to = primitive(node.childForFieldName('type'));
    const value = node.childForFieldName('value');
    if (!to || !TARGETS.has(to) || !value) return undefined;
    const from = sourceType(value, ctx);
    if (!from || !truncates(from, to) || literalFits(value, to) || boundedToFit(value, to)) return undefined;
    const casting = `casting ${codeSpan(from)} to ${codeSpan(to)}`;
    const cast = codeSpan(node.text.replace(/\s+/g, ' '));
    const report: Report = {
      node,
      message: !isFloat(from)
        ? `${casting} may truncate the value`
        : to === 'f32'
          ? `${casting} may lose precision or overflow to infinity`
          : `${casting} drops the fraction and may saturate`,
      advice: !isFloat(from)
        ? `${cast} keeps only the low ${WIDTH[to]} bits, so values outside \`${to}\`'s range wrap silently; \`${to}::try_from(..)\` makes the overflow an error you handle`
        : to === 'f32'
          ? `${cast} rounds to the nearest \`f32\`, and values beyond its range become infinity, silently; check the range first`
          : `${cast} drops the fraction and saturates values outside \`${to}\`'s range (NaN becomes 0), silently; check the range first`,
    };
    const literal = unparen(value)?.type === 'integer_literal';
    if (!isFloat(from) && !literal && !inConstContext(node, ctx)) {
      const reason = `value fits in ${to}`;
      const edits = [
        ctx.edit(
          ctx.start(node),
          ctx.end(node),
          `${to}::try_from(${(unparen(value) ?? value).text}).expect("${reason}")`,
        ),
      ];
      report.fixes = [
        {
          // Not preferred: it changes behavior, panicking where the cast wrapped.
          title: `Use \`${to}::try_from(..).expect(..)\`: panics instead of truncating`,
          applicability: 'suggestion',
          edits,
          // The learner says why it fits (or handles the error instead).
          placeholders: placeholderIn(edits, 0, reason),
        },
      ];
    }
    return report;
  },
};
