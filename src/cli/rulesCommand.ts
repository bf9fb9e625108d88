import { ruleInfos } from '../engine/ruleInfo';

export type RulesFormat = 'text' | 'json';

/** `rules`: what each rule checks, so users can pick ids for `--rule` and settings. */
export function formatRules(fmt: RulesFormat): string {
  const infos = ruleInfos();
  if (fmt === 'json') return `${JSON.stringify({ version: 1, rules: infos }, null, 2)}\n`;
  const idWidth = Math.max(...infos.map((r) => r.id.length));
  const severityWidth = Math.max(...infos.map((r) => r.defaultSeverity.length));
  const lines = infos.map((r) => {
    const columns = [
      r.id.padEnd(idWidth),
      r.defaultSeverity.padEnd(severityWidth),
      r.enabledByDefault ? 'on ' : 'off',
    ];
    return `${columns.join('  ')}  lesson: ${r.lesson}\n    ${r.summary}`;
  });
  return `${lines.join('\n')}\n`;
}
