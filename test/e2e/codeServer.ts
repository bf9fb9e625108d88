/**
 * Helpers that run a real VS Code (code-server 4.100.3 = VS Code 1.100.3, installed by
 * `test/e2e/setup-vscode.sh` into `.tools/code-server`) for the end-to-end tests.
 *
 * Everything binds to 127.0.0.1 and every server is stopped by its own process group.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const TOOLS_DIR = process.env.RUST_SAFETY_COACH_TOOLS ?? path.join(REPO_ROOT, '.tools');
export const CODE_SERVER_ENTRY = path.join(
  TOOLS_DIR,
  'code-server',
  'node_modules',
  'code-server',
  'out',
  'node',
  'entry.js',
);
export const VSIX_PATH = process.env.RUST_SAFETY_COACH_VSIX ?? path.join(REPO_ROOT, 'rust-safety-coach.vsix');
export const EXTENSION_ID = 'rust-safety-coach.rust-safety-coach';

/** User settings that keep a test run quiet (no trust prompt, welcome page or telemetry). */
export const QUIET_SETTINGS: Readonly<Record<string, unknown>> = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'chat.commandCenter.enabled': false,
};

export interface Profile {
  /** Root folder holding everything below; remove it with `removeProfile`. */
  root: string;
  userDataDir: string;
  extensionsDir: string;
}

export function assertCodeServerInstalled(): void {
  if (!fs.existsSync(CODE_SERVER_ENTRY)) {
    throw new Error(
      `code-server is not installed at ${CODE_SERVER_ENTRY}; run: bash test/e2e/setup-vscode.sh`,
    );
  }
}

/** Environment for code-server: its config file and XDG folders stay inside the profile. */
function codeServerEnv(profile: Profile): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  env.XDG_CONFIG_HOME = path.join(profile.root, 'xdg-config');
  env.XDG_DATA_HOME = path.join(profile.root, 'xdg-data');
  // Variables that would make code-server think it runs inside another VS Code.
  for (const key of Object.keys(env)) {
    if (key.startsWith('VSCODE_') || key === 'ELECTRON_RUN_AS_NODE') delete env[key];
  }
  delete env.PASSWORD;
  delete env.HASHED_PASSWORD;
  return env;
}

/** Creates (or reuses) a profile folder. With no `root`, a fresh temp folder is made. */
export function createProfile(root?: string): Profile {
  const dir = root ?? fs.mkdtempSync(path.join(os.tmpdir(), 'rsc-e2e-'));
  const profile: Profile = {
    root: dir,
    userDataDir: path.join(dir, 'user-data'),
    extensionsDir: path.join(dir, 'extensions'),
  };
  fs.mkdirSync(path.join(profile.userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(profile.extensionsDir, { recursive: true });
  return profile;
}

/** Writes `User/settings.json`: the quiet settings plus `extra`. */
export function writeUserSettings(profile: Profile, extra: Record<string, unknown> = {}): string {
  const file = path.join(profile.userDataDir, 'User', 'settings.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ ...QUIET_SETTINGS, ...extra }, null, 2) + '\n');
  return file;
}

export function removeProfile(profile: Profile): void {
  fs.rmSync(profile.root, { recursive: true, force: true });
}

/**
 * Installs a `.vsix` into a profile with `--install-extension` (a fresh temp profile
 * unless one is given) and writes the quiet user settings.
 */
export function installVsix(
  vsixPath: string,
  options: { profile?: Profile; settings?: Record<string, unknown> } = {},
): Profile {
  assertCodeServerInstalled();
  if (!fs.existsSync(vsixPath)) throw new Error(`VSIX not found: ${vsixPath}`);
  const profile = options.profile ?? createProfile();
  writeUserSettings(profile, options.settings);
  const result = spawnSync(
    process.execPath,
    [
      CODE_SERVER_ENTRY,
      '--config',
      path.join(profile.root, 'config.yaml'),
      '--user-data-dir',
      profile.userDataDir,
      '--extensions-dir',
      profile.extensionsDir,
      '--install-extension',
      path.resolve(vsixPath),
      '--force',
    ],
    { encoding: 'utf8', env: codeServerEnv(profile), timeout: 120_000 },
  );
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (result.status !== 0 || !/successfully installed/i.test(output)) {
    throw new Error(
      `code-server --install-extension ${vsixPath} failed (exit ${String(result.status)}` +
        `${result.error ? `, ${result.error.message}` : ''}):\n${output}`,
    );
  }
  return profile;
}

/** Asks the OS for a free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

export interface RunningServer {
  pid: number;
  port: number;
  /** The folder the workbench opens. */
  folder: string;
  /** Workbench URL that opens `folder`. */
  url: string;
  /** code-server's stdout and stderr. */
  logFile: string;
  profile: Profile;
  child: ChildProcess;
}

export function workbenchUrl(port: number, folder: string): string {
  return `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder).replace(/%2F/g, '/')}`;
}

function httpStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { timeout: 2_000 }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.on('error', reject);
  });
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Starts code-server on 127.0.0.1 (a free port unless `port` is given) opening `folder`,
 * in its own process group, and waits until it answers HTTP.
 */
export async function startCodeServer(options: {
  profile: Profile;
  folder: string;
  port?: number;
  timeoutMs?: number;
  /** Also copy code-server's output to this process's stdout/stderr. */
  inheritOutput?: boolean;
}): Promise<RunningServer> {
  assertCodeServerInstalled();
  const { profile } = options;
  const folder = path.resolve(options.folder);
  const port = options.port ?? (await freePort());
  const logFile = path.join(profile.root, `code-server-${port}.log`);
  const out = fs.openSync(logFile, 'a');
  const child = spawn(
    process.execPath,
    [
      CODE_SERVER_ENTRY,
      '--config',
      path.join(profile.root, 'config.yaml'),
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--user-data-dir',
      profile.userDataDir,
      '--extensions-dir',
      profile.extensionsDir,
      folder,
    ],
    {
      cwd: folder,
      env: codeServerEnv(profile),
      detached: true, // own process group, so `stopCodeServer` can stop all of it
      stdio: ['ignore', options.inheritOutput ? 'inherit' : out, options.inheritOutput ? 'inherit' : out],
    },
  );
  fs.closeSync(out);
  if (child.pid === undefined) throw new Error('code-server did not start (no pid)');
  const server: RunningServer = {
    pid: child.pid,
    port,
    folder,
    url: workbenchUrl(port, folder),
    logFile,
    profile,
    child,
  };
  let exited: string | undefined;
  child.once('exit', (code, signal) => (exited = `exit code ${String(code)}, signal ${String(signal)}`));

  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  let lastError = '';
  while (Date.now() < deadline) {
    if (exited !== undefined) {
      throw new Error(`code-server exited early (${exited}); see ${logFile}:\n${readTail(logFile)}`);
    }
    try {
      const status = await httpStatus(`http://127.0.0.1:${port}/healthz`);
      if (status === 200) return server;
      lastError = `HTTP ${status}`;
    } catch (error) {
      lastError = (error as Error).message;
    }
    await sleep(250);
  }
  await stopCodeServer(server);
  throw new Error(
    `code-server did not answer on port ${port} (${lastError}); see ${logFile}:\n${readTail(logFile)}`,
  );
}

function readTail(file: string, lines = 30): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

/**
 * Stops a code-server started by `startCodeServer` by its process id: SIGTERM to its
 * process group, then SIGKILL after `graceMs`.
 */
export async function stopCodeServer(server: Pick<RunningServer, 'pid'>, graceMs = 5_000): Promise<void> {
  const { pid } = server;
  if (!isAlive(pid)) return;
  killGroup(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && isAlive(pid)) await sleep(100);
  // Children (extension host, language server) may outlive the main process briefly.
  killGroup(pid, 'SIGKILL');
}

function walk(dir: string, found: string[] = []): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return found;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, found);
    else if (entry.isFile() && entry.name.endsWith('.log')) found.push(full);
  }
  return found;
}

export interface ExtensionHostLogs {
  /** `logs/<session>/exthost<N>/remoteexthost.log` (`exthost.log` in desktop VS Code). */
  exthost: string[];
  /**
   * Output-channel logs written by extensions: `logs/<session>/exthost<N>/<extension-id>/<channel>.log`
   * (log output channels) and `logs/<session>/exthost<N>/output_logging_<time>/<n>-<channel>.log`.
   */
  outputChannels: string[];
  /** Every `.log` file under `<user-data-dir>/logs`. */
  all: string[];
}

const isExthostLog = (file: string) => /^(remote)?exthost\d*\.log$/.test(path.basename(file));

/** Finds the extension host's log files under a profile's user-data-dir. */
export function findExtensionHostLogs(profile: Profile): ExtensionHostLogs {
  const all = walk(path.join(profile.userDataDir, 'logs')).sort();
  const inExthost = (file: string) => file.split(path.sep).some((part) => /^exthost\d*$/.test(part));
  return {
    exthost: all.filter(isExthostLog),
    outputChannels: all.filter(
      (file) => inExthost(file) && !isExthostLog(file) && !/Telemetry\.log$/.test(path.basename(file)),
    ),
    all,
  };
}

/** The output-channel logs of one extension (`exthost<N>/<extension-id>/*.log`). */
export function findExtensionOutputLogs(profile: Profile, extensionId = EXTENSION_ID): string[] {
  const id = extensionId.toLowerCase();
  return findExtensionHostLogs(profile).outputChannels.filter((file) =>
    file
      .split(path.sep)
      .slice(0, -1)
      .some((part) => part.toLowerCase() === id),
  );
}

function readAll(files: string[]): string {
  return files
    .map((file) => {
      try {
        return `==> ${file} <==\n${fs.readFileSync(file, 'utf8')}`;
      } catch {
        return '';
      }
    })
    .join('\n');
}

/** Text of the extension host logs and the extension's output channel logs. */
export function readExtensionHostLogs(profile: Profile): string {
  const logs = findExtensionHostLogs(profile);
  return readAll([...logs.exthost, ...logs.outputChannels]);
}

/** Lines in the extension host log that report a failed activation of `extensionId`. */
export function findActivationErrors(
  profile: Profile,
  extensionId = EXTENSION_ID,
  /** Only the log files this accepts (e.g. not those of an extension host that was shut down). */
  include: (file: string) => boolean = () => true,
): string[] {
  const text = readAll(findExtensionHostLogs(profile).exthost.filter(include));
  const id = extensionId.toLowerCase();
  const lines = text.split('\n');
  const errors: string[] = [];
  lines.forEach((line, index) => {
    const lower = line.toLowerCase();
    const failed =
      (lower.includes(`activating extension '${id}' failed`) ||
        lower.includes(`activating extension ${id} failed`) ||
        (lower.includes('[error]') && lower.includes(id))) &&
      !lower.includes('ignoring');
    if (failed) errors.push([line, ...lines.slice(index + 1, index + 6)].join('\n'));
  });
  return errors;
}

/** Whether the extension host log shows that `extensionId` was activated. */
export function hasActivated(profile: Profile, extensionId = EXTENSION_ID): boolean {
  const text = readAll(findExtensionHostLogs(profile).exthost).toLowerCase();
  return text.includes(`extensionservice#_doactivateextension ${extensionId.toLowerCase()}`);
}

/**
 * Waits until the extension host log shows `extensionId` activated; throws with the log
 * excerpt when an activation error is logged or the time runs out.
 */
export async function waitForActivation(
  profile: Profile,
  extensionId = EXTENSION_ID,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const errors = findActivationErrors(profile, extensionId);
    if (errors.length > 0) {
      throw new Error(
        `The extension host logged an activation error for ${extensionId}:\n${errors.join('\n---\n')}`,
      );
    }
    if (hasActivated(profile, extensionId)) return;
    if (Date.now() > deadline) {
      const logs = findExtensionHostLogs(profile);
      throw new Error(
        `${extensionId} was not activated within ${timeoutMs} ms. Extension host logs:\n` +
          (readAll(logs.exthost).slice(-4_000) || `(none found under ${profile.userDataDir}/logs)`),
      );
    }
    await sleep(500);
  }
}

/**
 * `[error]` entries (with the lines that follow them) in the extension's own output-channel
 * logs, e.g. "The language server did not start".
 */
export function findExtensionLogErrors(
  profile: Profile,
  extensionId = EXTENSION_ID,
  include: (file: string) => boolean = () => true,
): string[] {
  const errors: string[] = [];
  for (const file of findExtensionOutputLogs(profile, extensionId).filter(include)) {
    const lines = readAll([file]).split('\n');
    lines.forEach((line, index) => {
      if (!/^\S+ \S+ \[error\]/.test(line)) return;
      const following = lines.slice(index + 1, index + 4).filter((next) => !/^\S+ \S+ \[\w+\]/.test(next));
      errors.push(`${path.basename(file)}: ${[line, ...following].join('\n')}`);
    });
  }
  return errors;
}
