import type { Rule } from '../rule';
import { expectUsed } from './expectUsed';
import { missingSafetyDoc } from './missingSafetyDoc';
import { partialeqToNone } from './partialeqToNone';
import { questionMark } from './questionMark';
import { undocumentedUnsafeBlock } from './undocumentedUnsafeBlock';
import { unnecessaryUnwrap } from './unnecessaryUnwrap';
import { unwrapUsed } from './unwrapUsed';

/** Every rule. Adding a rule means adding its file here, its fixtures and its lesson. */
export const RULES: readonly Rule[] = [
  unwrapUsed,
  expectUsed,
  undocumentedUnsafeBlock,
  missingSafetyDoc,
  unnecessaryUnwrap,
  questionMark,
  partialeqToNone,
];
