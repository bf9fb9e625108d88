import type { Connection } from 'vscode-languageserver';
import { CONFIGURATION_SECTION, WORKSPACE_DIAGNOSTICS_SETTING } from '../shared/protocol';
import { describeError } from './errors';
import { FileExclude } from './fileExclude';
import { CONFIGURATION_TIMEOUT_MS } from './settings';

/** What the workspace scan of one folder reads from the client's settings. */
export interface WorkspaceScanSettings {
  enabled: boolean;
  exclude: FileExclude;
}

const DEFAULTS: WorkspaceScanSettings = { enabled: true, exclude: new FileExclude(undefined) };

/**
 * The folder's `rustSafetyCoach.workspaceDiagnostics` and `files.exclude`. A client without
 * `workspace/configuration` may push the first (`pushed`, the `rustSafetyCoach` section of its
 * last `didChangeConfiguration`); the scan is on when nothing says otherwise. A client that does
 * not answer in time gets the defaults, as document settings do.
 */
export async function readScanSettings(
  connection: Connection,
  canPull: boolean,
  folderUri: string,
  pushed: unknown,
): Promise<WorkspaceScanSettings> {
  if (!canPull) return { ...DEFAULTS, enabled: enabledIn(pushed) };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), CONFIGURATION_TIMEOUT_MS);
  });
  try {
    const answer = await Promise.race([
      connection.workspace.getConfiguration([
        { scopeUri: folderUri, section: `${CONFIGURATION_SECTION}.${WORKSPACE_DIAGNOSTICS_SETTING}` },
        { scopeUri: folderUri, section: 'files.exclude' },
      ]),
      timeout,
    ]);
    if (!Array.isArray(answer)) {
      connection.console.warn(
        `No answer to workspace/configuration for ${folderUri}: scanning it with the defaults`,
      );
      return DEFAULTS;
    }
    const [enabled, exclude] = answer as unknown[];
    return { enabled: enabled !== false, exclude: new FileExclude(exclude) };
  } catch (error) {
    connection.console.error(
      `Reading the workspace scan settings of ${folderUri} failed: ${describeError(error)}`,
    );
    return DEFAULTS;
  } finally {
    clearTimeout(timer);
  }
}

function enabledIn(pushed: unknown): boolean {
  if (typeof pushed !== 'object' || pushed === null) return true;
  return (pushed as Record<string, unknown>)[WORKSPACE_DIAGNOSTICS_SETTING] !== false;
}
