import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import { ruleInfos } from '../engine';
import { DIAGNOSTIC_SOURCE, type DiagnosticData } from '../shared/protocol';
import type { Finding, Severity } from '../shared/types';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** Each rule mirrors a clippy lint; its documentation is the natural target of the diagnostic's code link. */
const CLIPPY_DOCS = new Map(
  ruleInfos().map((r) => [r.id, `https://rust-lang.github.io/rust-clippy/master/index.html#${r.clippyLint}`]),
);

export function toDiagnostic(finding: Finding, version: number): Diagnostic {
  const data: DiagnosticData = { version, lesson: finding.lesson, fixes: finding.fixes };
  const href = CLIPPY_DOCS.get(finding.rule);
  return {
    range: finding.range,
    severity: SEVERITY[finding.severity],
    source: DIAGNOSTIC_SOURCE,
    code: finding.rule,
    ...(href ? { codeDescription: { href } } : {}),
    message: finding.message,
    data,
  };
}

/** The payload of one of our diagnostics as the client echoed it back, if it still has the right shape. */
export function diagnosticData(diagnostic: Diagnostic): DiagnosticData | undefined {
  const data: unknown = diagnostic.data;
  if (typeof data !== 'object' || data === null) return undefined;
  const { version, lesson, fixes } = data as Partial<DiagnosticData>;
  if (typeof version !== 'number' || typeof lesson !== 'string' || !Array.isArray(fixes)) return undefined;
  return { version, lesson, fixes };
}
