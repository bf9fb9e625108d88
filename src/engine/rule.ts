import type { Node } from 'web-tree-sitter';
import type { Fix, Range, RuleInfo } from '../shared/types';
import type { FileContext } from './context';

export interface Report {
  /** The node the finding belongs to: its attributes and test context decide suppression. */
  node: Node;
  /** Defaults to the node's range. */
  range?: Range;
  /** The finding's short main line (Finding.message). */
  message: string;
  /** Why it matters and what to do instead (Finding.advice). */
  advice: string;
  fixes?: Fix[];
}

export interface Rule extends RuleInfo {
  /** Node types this rule inspects; the single traversal dispatches on them. */
  readonly kinds: readonly string[];
  /** Cheap text pre-filter: the rule is skipped for files holding none of these strings. */
  readonly needles: readonly string[];
  /**
   * Clippy lint groups whose `allow` also switches this rule off, e.g. `restriction`: the groups of
   * the lints in `clippyAllows`, so empty when that is.
   */
  readonly clippyGroups: readonly string[];
  /** The setting's description in package.json (`npm run generate`); defaults to `summary`. */
  readonly settingDescription?: string;
  /** The "finds" cell of the README's rule table (`npm run generate`); defaults to `summary`. */
  readonly readmeFinds?: string;
  /** Rules whose finding at the same start this rule's finding replaces. */
  readonly supersedes?: readonly string[];
  /**
   * Words whose occurrences locate every node this rule checks: a text search and a short walk up
   * to a node of `kinds` replace visiting every node of those kinds in the file's own tree (most
   * calls are not unwraps). Macro trees are small and are still visited by kind.
   */
  readonly anchors?: readonly string[];
  /**
   * What the text must look like from an anchor word on for this rule's node to be there (`unsafe`
   * then a block or `impl`): other occurrences are passed over, and a file with none skips the rule.
   */
  readonly anchorPattern?: RegExp;
  /** How many parents up from an anchor word's token the node may be; 3 unless said. */
  readonly anchorDepth?: number;
  /** Strings a macro's text must hold for this rule to look inside it; defaults to `needles`. */
  readonly macroNeedles?: readonly string[];
  /**
   * The rule reads the whole file's tree from one node (every use of a `static mut`, anywhere), so
   * a long file it may report in is parsed whole rather than in chunks.
   */
  readonly wholeFile?: boolean;
  check(node: Node, ctx: FileContext): Report | Report[] | undefined;
  /** Runs once per file after the traversal, for whole-file rules. */
  checkFile?(ctx: FileContext): Report[];
}
