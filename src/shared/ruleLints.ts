// Written by `npm run generate` from the rules in src/engine/rules: edit them, not this file.
import type { RuleId } from './types';

export interface RuleLints {
  /** The clippy lints that report exactly what the rule reports (`clippyAllows`). */
  clippy: readonly string[];
  /** Their groups (`clippyGroups`). */
  groups: readonly string[];
}

/** Every rule, and the clippy lints and groups whose level in Cargo.toml is its level. */
export const RULE_LINTS: Readonly<Record<RuleId, RuleLints>> = {
  'unwrap-used': { clippy: ['unwrap_used'], groups: ['restriction'] },
  'expect-used': { clippy: ['expect_used'], groups: ['restriction'] },
  'idiomatic-unwrap': { clippy: [], groups: [] },
  'undocumented-unsafe-block': { clippy: ['undocumented_unsafe_blocks'], groups: ['restriction'] },
  'missing-safety-doc': { clippy: ['missing_safety_doc'], groups: ['style'] },
  'unnecessary-unwrap': { clippy: ['unnecessary_unwrap'], groups: ['complexity'] },
  'panicking-unwrap': { clippy: ['panicking_unwrap'], groups: ['correctness'] },
  'question-mark': { clippy: ['question_mark'], groups: ['style'] },
  'partialeq-to-none': { clippy: ['partialeq_to_none'], groups: ['style'] },
  'static-mut': { clippy: [], groups: [] },
  'uninit-memory': { clippy: [], groups: [] },
  transmute: { clippy: [], groups: [] },
  'no-std-panic-handler': { clippy: [], groups: [] },
  'blocking-in-async': { clippy: [], groups: [] },
  'indexing-may-panic': { clippy: [], groups: [] },
  'truncating-cast': { clippy: [], groups: [] },
};
