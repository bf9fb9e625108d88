// The language server from source, with one extra rule that always throws: lets a protocol test
// check that a failing rule is logged (window/logMessage) and does not take the others down.
import { RULES } from '../../src/engine';
import type { Rule } from '../../src/engine/rule';

const FAILING_RULE = 'test-always-throws';

const failing: Rule = {
  id: FAILING_RULE,
  lesson: 'unwrap-used',
  defaultSeverity: 'warning',
  enabledByDefault: true,
  clippyAllows: [],
  docs: null,
  inspiredBy: null,
  summary: 'Throws on every call, for tests.',
  kinds: ['call_expression'],
  needles: [],
  clippyGroups: [],
  check() {
    throw new Error('deliberate failure in a test rule');
  },
};
(RULES as Rule[]).push(failing);

// After the push: the server must see the extended rule list.
void import('../../src/server/main');
