import type { Fix, Range, ScanReport } from '../shared/types';
import type { ScanResult } from './scanResult';

/**
 * The `--format json` document: positions stay 0-based UTF-16, as the engine and LSP give them.
 * Objects are rebuilt field by field so the document holds exactly the documented keys.
 */
export function formatJson(result: ScanResult): string {
  const report: ScanReport = {
    version: 1,
    files: result.files.length,
    findings: result.files.flatMap((file) =>
      file.findings.map((f) => ({
        file: file.display,
        rule: f.rule,
        lesson: f.lesson,
        severity: f.severity,
        message: f.message,
        range: copyRange(f.range),
        fixes: f.fixes.map(copyFix),
      })),
    ),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}

function copyRange(r: Range): Range {
  return {
    start: { line: r.start.line, character: r.start.character },
    end: { line: r.end.line, character: r.end.character },
  };
}

function copyFix(fix: Fix): Fix {
  return {
    title: fix.title,
    preferred: fix.preferred,
    edits: fix.edits.map((e) => ({ range: copyRange(e.range), newText: e.newText })),
  };
}
