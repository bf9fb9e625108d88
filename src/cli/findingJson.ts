import type { Finding, Fix, Range } from '../shared/types';

/**
 * A finding as the JSON object `--format json` prints, less its `file`: exactly the documented
 * keys, in a fixed order. Analysers hand findings over in this form, the cache stores it and the
 * JSON report splices it, so a cached finding is never parsed and serialised again.
 */
export function findingJson(f: Finding): string {
  return asciiJson({
    rule: f.rule,
    lesson: f.lesson,
    severity: f.severity,
    message: f.message,
    advice: f.advice,
    range: copyRange(f.range),
    fixes: f.fixes.map(copyFix),
  });
}

/**
 * JSON.stringify with every non-ASCII character escaped (`\u2026`): the report and the cache are
 * then one-byte strings, which V8 reads, joins and writes faster than two-byte (UTF-16) ones.
 */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(NON_ASCII, escapeChar);
}

// JSON.stringify has already escaped what must be (quotes, controls, lone surrogates), so every
// code unit left above 0x7F can stand as its own \u escape, surrogate pairs included.
const NON_ASCII = /[\u0080-\uffff]/g;

function escapeChar(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

export function parseFinding(json: string): Finding {
  return JSON.parse(json) as Finding;
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
    applicability: fix.applicability,
    edits: fix.edits.map((e) => ({ range: copyRange(e.range), newText: e.newText })),
  };
}
