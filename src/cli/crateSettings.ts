import path from 'node:path';
import type { RuleSettings } from '../engine/config/crateSettings';
import type { CrateConfigResolver, FileProblem } from '../shared/clippyConfigFiles';
import type { Settings } from '../shared/types';
import { printWarning } from './errors';

/**
 * The settings a file is analysed with: its crate's, except that a rule named with `--rule` runs
 * even where the crate turns it off (the command line is the more specific ask, as with clippy).
 */
export function scanSettings(
  crate: RuleSettings,
  only: readonly string[] | undefined,
  includeTests: boolean,
): Settings {
  const rules: RuleSettings = { ...crate };
  for (const id of only ?? []) if (rules[id] === 'off') delete rules[id];
  return { rules, includeTests };
}

/** Prints each problem in the configuration of the scanned files' crates once, as `file:line: message`. */
export function warnAboutCrateConfig(
  resolve: CrateConfigResolver,
  files: readonly { absolute: string }[],
): void {
  const seen = new Set<string>();
  for (const file of files) {
    for (const problem of resolve(file.absolute).problems) {
      const text = problemText(problem);
      if (seen.has(text)) continue;
      seen.add(text);
      printWarning(text);
    }
  }
}

function problemText({ file, line, message }: FileProblem): string {
  const relative = path.relative(process.cwd(), file);
  const shown = relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
  return `${shown}${line === undefined ? '' : `:${line + 1}`}: ${message}`;
}
