import type { Rule } from '../rule';
import { blockingInAsync } from './blockingInAsync';
import { expectUsed } from './expectUsed';
import { idiomaticUnwrap } from './idiomaticUnwrap';
import { indexingMayPanic } from './indexingMayPanic';
import { missingSafetyDoc } from './missingSafetyDoc';
import { noStdPanicHandler } from './noStdPanicHandler';
import { panickingUnwrap } from './panickingUnwrap';
import { partialeqToNone } from './partialeqToNone';
import { questionMark } from './questionMark';
import { staticMut } from './staticMut';
import { transmute } from './transmute';
import { truncatingCast } from './truncatingCast';
import { undocumentedUnsafeBlock } from './undocumentedUnsafeBlock';
import { uninitMemory } from './uninitMemory';
import { unnecessaryUnwrap } from './unnecessaryUnwrap';
import { unwrapUsed } from './unwrapUsed';

/** Every rule. Adding a rule means adding its file here, its fixtures and its lesson, then `npm run generate`. */
export const RULES: readonly Rule[] = [
  unwrapUsed,
  expectUsed,
  idiomaticUnwrap,
  undocumentedUnsafeBlock,
  missingSafetyDoc,
  unnecessaryUnwrap,
  panickingUnwrap,
  questionMark,
  partialeqToNone,
  staticMut,
  uninitMemory,
  transmute,
  noStdPanicHandler,
  blockingInAsync,
  indexingMayPanic,
  truncatingCast,
];
