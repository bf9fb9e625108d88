import type { RuleInfo } from '../shared/types';
import { RULES } from './rules';

/** The rules' public facts, without their matchers: for `rules --format json`, settings and the webview. */
export function ruleInfos(): RuleInfo[] {
  return RULES.map(
    ({ id, lesson, defaultSeverity, enabledByDefault, clippyAllows, docs, inspiredBy, summary }) => ({
      id,
      lesson,
      defaultSeverity,
      enabledByDefault,
      clippyAllows,
      docs,
      inspiredBy,
      summary,
    }),
  );
}
