// Runs the built CLI (`dist/cli.js`, made by `npm run build`) as a real process, for the
// reliability tests of writing files and of file names.
import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after } from 'node:test';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
// RSC_BUILT_CLI runs the same tests against another build, e.g. one of the code before a fix.
export const BUILT_CLI = process.env.RSC_BUILT_CLI ?? path.join(REPO_ROOT, 'dist', 'cli.js');
const TSX_CJS = require.resolve('tsx/cjs');
// Generous: the point is a result, not a speed; a loaded 2-core box can be several times slower.
const TIMEOUT_MS = 120_000;

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** A TypeScript file loaded (`--require`) before the CLI, to stage a race at an exact point. */
  preload?: string;
  /** Run as `nobody:nogroup` (setpriv), for what root's privileges would hide. */
  asNobody?: boolean;
  /** Run through `bash -c`, so an argument can be bytes that are not UTF-8: `$(printf 'lat\351.rs')`. */
  shellArgs?: string;
}

/** Runs `dist/cli.js args…` in `cwd`, without the scan cache (a warm cache would hide a scan). */
export function runCli(cwd: string, args: string[], options: RunOptions = {}): Promise<Run> {
  const node = [...(options.preload ? ['--require', TSX_CJS, '--require', options.preload] : []), BUILT_CLI];
  let command = process.execPath;
  let argv = [...node, ...args];
  if (options.shellArgs !== undefined) {
    argv = ['-c', `exec "$@" ${options.shellArgs}`, 'bash', process.execPath, ...argv];
    command = 'bash';
  }
  if (options.asNobody) {
    argv = ['--reuid=nobody', '--regid=nogroup', '--clear-groups', command, ...argv];
    command = 'setpriv';
  }
  return new Promise((resolve) => {
    execFile(
      command,
      argv,
      {
        cwd,
        encoding: 'utf8',
        timeout: TIMEOUT_MS,
        maxBuffer: 64 << 20,
        env: { ...process.env, RUST_SAFETY_COACH_CACHE_DIR: cacheDir() },
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const made: string[] = [];
after(() => {
  for (const dir of made) {
    spawnSync('chmod', ['-R', 'u+rwx', dir]);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/** A fresh folder that everyone may enter (the nobody runs need to), removed when the file's tests end. */
export function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rsc-rel2-'));
  fs.chmodSync(dir, 0o755);
  made.push(dir);
  return dir;
}

let cache: string | undefined;
function cacheDir(): string {
  cache ??= tempDir();
  return cache;
}

/** root can run node as nobody here; without it, the tests that need another user are skipped. */
export const CAN_RUN_AS_NOBODY =
  process.getuid?.() === 0 &&
  spawnSync('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath, '-e', '0'])
    .status === 0;

/** A function with one `unwrap()` whose safe fix is `?`. */
export const FIXABLE = 'fn f(v: Option<u8>) -> Option<u8> {\n    Some(v.unwrap())\n}\n';
export const FIXED = 'fn f(v: Option<u8>) -> Option<u8> {\n    Some(v?)\n}\n';

export function write(file: string | Buffer, content: string | Buffer = FIXABLE): void {
  fs.writeFileSync(file, content);
}
