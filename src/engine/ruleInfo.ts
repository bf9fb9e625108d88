import type { RuleInfo } from '../shared/types';
import { RULES } from './rules';

/** The rules' public facts, without their matchers: for `rules --format json`, settings and the webview. */
export function ruleInfos(): RuleInfo[] {
  return RULES.map(
    ({
      id,
      lesson,
      defaultSeverity,
      enabledByDefault,
      clippyAllows,
      rustcLints,
      docs,
      inspiredBy,
      summary,
    }) => ({
      id,
      lesson,
      defaultSeverity,
      enabledByDefault,
      clippyAllows,
      // Only where there are some, so that `rules --format json` does not grow a key per rule.
      ...(rustcLints ? { rustcLints } : {}),
      docs,
      inspiredBy,
      summary,
    }),
  );
}
