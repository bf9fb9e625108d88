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

/** The diagnostic's code links to the rule's reference: its clippy lint's docs, or another page. */
const DOCS = new Map(ruleInfos().flatMap((r) => (r.docs ? [[r.id, r.docs] as const] : [])));

/**
 * The short main line, then the advice on a second line: editors show the first line inline (the
 * Problems view, Neovim's virtual text) and both in the hover, as rust-analyzer does with rustc's.
 */
export function diagnosticMessage(finding: Pick<Finding, 'message' | 'advice'>): string {
  return `${finding.message}\n${finding.advice}`;
}

export function toDiagnostic(finding: Finding, version: number): Diagnostic {
  const data: DiagnosticData = { version, lesson: finding.lesson, fixes: finding.fixes };
  const href = DOCS.get(finding.rule);
  return {
    range: finding.range,
    severity: SEVERITY[finding.severity],
    source: DIAGNOSTIC_SOURCE,
    code: finding.rule,
    ...(href ? { codeDescription: { href } } : {}),
    message: diagnosticMessage(finding),
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
