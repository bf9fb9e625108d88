// What the Findings view lists: the workspace's findings or the current file's. The learner's
// choice is kept per workspace; until they make one, the workspace when the server scans it.
// No `vscode` import.

export type FindingsScope = 'workspace' | 'file';

/** The workspace-state key of the learner's choice. */
export const FINDINGS_SCOPE_KEY = 'rustSafetyCoach.findingsScope';

export function parseFindingsScope(value: unknown): FindingsScope | undefined {
  return value === 'workspace' || value === 'file' ? value : undefined;
}

/**
 * The stored choice; else the workspace when findings of files that are not open arrive (a host
 * that scans the workspace, with `rustSafetyCoach.workspaceDiagnostics` on), else the current file.
 */
export function initialFindingsScope(
  stored: unknown,
  {
    hostScansWorkspace,
    workspaceDiagnostics,
  }: { hostScansWorkspace: boolean; workspaceDiagnostics: boolean },
): FindingsScope {
  return parseFindingsScope(stored) ?? (hostScansWorkspace && workspaceDiagnostics ? 'workspace' : 'file');
}
