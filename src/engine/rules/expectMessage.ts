// Whether an `expect` message states the invariant the lesson asks for, or is a placeholder.
// expect-used reports placeholders only; idiomatic-unwrap (clippy's strictness) reports the rest.
import type { Node } from 'web-tree-sitter';
import type { FileContext } from '../context';
import { EXPECT_PLACEHOLDER, OK_OR_PLACEHOLDER } from '../placeholderTexts';
import { questionMarkFix } from '../propagate/questionMarkFix';
import { boundaryOf } from '../propagate/returnContext';
import { EXPECT_METHODS, type UnwrapCall } from '../propagate/unwrapCall';
import { failsOnData } from './unwrapAdvice';

const OUR_PLACEHOLDERS = new Set([EXPECT_PLACEHOLDER, OK_OR_PLACEHOLDER]);

/**
 * Words that say only that something failed, not why it could not: a message made of these alone
 * (`"failed"`, `"should not happen"`, `"value was missing"`, `"unwrap error"`) names no invariant.
 */
const GENERIC_WORDS = new Set(
  (
    'a an the this that it is was be been being has have had should shall must will would could can ' +
    'cannot cant not no never to of on in at here there value values result option some none ok err ' +
    'error errors failed fail fails failure failing panic panicked panics unwrap unwrapped expect ' +
    'expected unexpected missing invalid bad wrong oops something went occurred occur happened happen ' +
    'happens unable impossible unreachable get got exist exists found present valid ' +
    'todo fixme xxx msg message why because explain'
  ).split(' '),
);

/**
 * std's "expect as error message" style (`"failed to open the file"`): it says what went wrong, not
 * why it should not; std recommends the "expect as precondition" style ("… should be set by …").
 */
const ERROR_STYLE = /^(failed|failure|fail|unable|could ?n[o']t|error|err|oops)\b/i;

/** Marks of text still to be written. */
const TO_DO = /\b(TODO|FIXME|XXX|TBD)\b|…|\.\.\.|<[^>]*>/i;

/** `INTERNAL_ERROR_MSG`, `msgs::NOT_EMPTY`: a named constant or static, written once with care. */
const CONSTANT_NAME = /^(?:[A-Za-z_][\w]*::)*[A-Z][A-Z0-9_]*$/;

/**
 * Whether an `expect(..)` message states why it cannot fail. Stated: a named constant or static
 * (`INTERNAL_ERROR_MSG`), or a string literal of at least two words with at least one word that is
 * not a generic failure word, holding no TODO/FIXME/`…`, not one of our fixes' placeholders, and
 * not opening as an error message (`"failed to …"`, `"unable to …"`, `"could not …"`).
 * Anything else, an empty or one-word literal, generic words only, or an expression we cannot
 * read (`&format!(..)`, a local), is a placeholder.
 */
export function statesInvariant(message: Node | null): boolean {
  if (!message) return false;
  if (message.type === 'reference_expression') return statesInvariant(message.childForFieldName('value'));
  if (message.type === 'identifier' || message.type === 'scoped_identifier')
    return CONSTANT_NAME.test(message.text.replace(/\s+/g, ''));
  if (message.type !== 'string_literal' && message.type !== 'raw_string_literal') return false;
  return literalStatesInvariant(literalText(message));
}

/** The criterion on a message's text (see statesInvariant). */
export function literalStatesInvariant(text: string): boolean {
  const trimmed = text.trim();
  if (OUR_PLACEHOLDERS.has(trimmed.toLowerCase()) || TO_DO.test(trimmed) || ERROR_STYLE.test(trimmed))
    return false;
  const words = (trimmed.toLowerCase().match(/[\p{L}\p{N}_'-]+/gu) ?? []).map((w) => w.replace(/'/g, ''));
  const content = words.filter((w) => !GENERIC_WORDS.has(w) && !CONTRACTED_NOT.test(w));
  // One word can state it when it names a checked state: `"required"` (clap enforces it), `"validated"`.
  if (words.length === 1) return STATE_WORDS.has(words[0] ?? '');
  if (content.length > 0) return true;
  // Generic words in std's "expect as precondition" form still state one, unless they deny
  // something: "there should be an error", "is present"; not "should not happen".
  return words.some((w) => ASSERTING.has(w)) && !words.some((w) => NEGATING.has(w) || CONTRACTED_NOT.test(w));
}

/** One word that names a state code checked or guarantees (a list: `"allowed"` or `"used"` name none). */
const STATE_WORDS = new Set(
  'required validated verified checked initialized initialised infallible nonempty non-empty sorted guaranteed'.split(
    ' ',
  ),
);

/** "shouldn't", "doesn't", "won't", with the apostrophe dropped. */
const CONTRACTED_NOT = /^(?:should|could|would|must|does|do|did|is|are|was|were|has|have|had|wo|ca)nt$/;

/** Words that assert what holds ("should be", "is present"). */
const ASSERTING = new Set(['should', 'must', 'always', 'present', 'exists', 'exist']);

/** Words that deny: with them, generic words say only that something failed. */
const NEGATING = new Set([
  'not',
  'no',
  'never',
  'cannot',
  'none',
  'missing',
  'fail',
  'fails',
  'failed',
  'failure',
]);

/** A string literal's content, escapes read as their characters where they matter (none do here). */
function literalText(node: Node): string {
  const content = node.namedChildren.filter((c) => c?.type === 'string_content');
  if (content.length > 0) return content.map((c) => c?.text ?? '').join(' ');
  return node.text.replace(/^r#*"|"#*$/g, '').replace(/^"|"$/g, '');
}

/**
 * An `expect` the lesson calls fine: its message states the invariant, the value does not come
 * from data that can plainly be wrong (`parse`, I/O), and no safe `?` would hand the failure to
 * the caller at no cost (then the `?` is reported, as for the unwrap idioms; not in `main`, whose
 * `?` would change its signature).
 */
export function isStatedExpect(u: UnwrapCall, ctx: FileContext): boolean {
  if (!EXPECT_METHODS.has(u.method) || !statesInvariant(u.message)) return false;
  return ctx.memo(`stated-expect:${ctx.start(u.call)}:${u.call.id}`, () => {
    if (failsOnData(u, ctx)) return false;
    // A fn with a return type (not `main`, whose `?` would change its signature) and a safe `?`.
    const free =
      boundaryOf(u.call, ctx)?.returns.kind === 'type' && questionMarkFix(u, ctx)?.applicability === 'safe';
    return !free;
  });
}
