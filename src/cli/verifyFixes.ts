// `scan --fix --verify`: fixes are written only where cargo can check them, and put back when they
// add a compile error. Cargo is the judge: the linter sees syntax, not types, and a "safe" fix can
// still meet a type the rule could not see (a user enum with a variant named `None`, say).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ChangedOnDiskError, writeFileAtomically } from './atomicWrite';
import { describeError, printError, printWarning } from './errors';
import { fsPath } from './exactPath';
import type { Source } from './readSource';
import { plural } from './scanResult';
import type { SourceFile } from './walk';

/** A file's fixes, computed but not yet written. */
export interface PlannedFix {
  file: SourceFile;
  /** The file as read: its bytes are what a restore writes back. */
  source: Source;
  /** The fixed content, BOM included. */
  fixed: string;
}

/**
 * What became of a planned fix. `kept`: written and compiles. `restored`: written, added a compile
 * error, put back. `unverified`: never written, as cargo could not check it. `write-failed`: a
 * write or a restore failed (a warning said which).
 */
export type Verdict = 'kept' | 'restored' | 'unverified' | 'write-failed';

/** A cargo run longer than this is stopped and its package counts as not verified. */
export const CARGO_TIMEOUT_MS = 10 * 60 * 1000;

/** One error diagnostic of `cargo check --message-format=json`. */
interface CargoError {
  /** The real path of the file it points at; undefined when it points at no file. */
  file: string | undefined;
  code: string;
  message: string;
}

type CheckResult = { ok: true; errors: CargoError[] } | { ok: false; why: string };

/** The fixed files of one Cargo package (nearest `Cargo.toml`), checked with cargo run in its folder. */
interface Package {
  manifest: string;
  /** The workspace root, which rustc's relative paths start from. */
  workspaceRoot: string;
  /** Indexes into the planned fixes. */
  members: number[];
  baseline: CargoError[];
}

/**
 * Checks the packages as they are, writes the fixes, checks again, and puts back each file that
 * has an error that was not there before. Returns one verdict per planned fix, in order.
 */
export async function verifyFixes(planned: readonly PlannedFix[]): Promise<Verdict[]> {
  const verdicts: Verdict[] = planned.map(() => 'unverified');
  const byManifest = new Map<string, number[]>();
  planned.forEach((p, i) => {
    const manifest = nearestManifest(p.file.real);
    if (!manifest) {
      printError(`cannot verify: ${p.file.display}: no Cargo.toml in its folder or above; left unchanged`);
      return;
    }
    byManifest.set(manifest, [...(byManifest.get(manifest) ?? []), i]);
  });

  // 1. Every package's errors before any file changes: a fix is judged only by what it adds.
  const packages: Package[] = [];
  const groups = [...byManifest];
  for (const [n, [manifest, members]] of groups.entries()) {
    const unchanged = `${plural(members.length, 'file')} left unchanged`;
    const cwd = path.dirname(manifest);
    const lines: string[] = [];
    const located = await runCargo(['locate-project', '--workspace', '--message-format', 'plain'], cwd, (l) =>
      lines.push(l),
    );
    if (located.notFound) {
      const rest = groups.slice(n).flatMap(([, m]) => m).length;
      printError(`cannot verify: cargo was not found on PATH; ${plural(rest, 'file')} left unchanged`);
      break;
    }
    const root = located.ok ? lines.find((l) => l.trim() !== '')?.trim() : undefined;
    if (!root) {
      printError(`cannot verify: ${shown(manifest)}: ${located.why}; ${unchanged}`);
      continue;
    }
    const workspaceRoot = path.dirname(root);
    const baseline = await cargoCheck(cwd, workspaceRoot);
    if (!baseline.ok) {
      printError(`cannot verify: ${shown(manifest)}: ${baseline.why}; ${unchanged}`);
      continue;
    }
    packages.push({ manifest, workspaceRoot, members, baseline: baseline.errors });
  }

  // 2. Write the fixes.
  /** Fixed files now on disk with their fixes, by real path. */
  const applied = new Map<string, number>();
  for (const pkg of packages) {
    for (const i of pkg.members) {
      const p = planned[i];
      if (!p) continue;
      if (write(p.file, p.fixed, p.source.bytes, p.source.mode)) {
        verdicts[i] = 'kept';
        applied.set(p.file.real, i);
      } else {
        verdicts[i] = 'write-failed';
      }
    }
  }

  const restore = (i: number, why: string, verdict: Verdict): void => {
    const p = planned[i];
    if (!p) return;
    applied.delete(p.file.real);
    // The bytes were checked to be UTF-8, so this text encodes back to exactly them.
    const original = p.source.bytes.toString('utf8');
    if (!write(p.file, original, Buffer.from(p.fixed, 'utf8'), p.source.mode)) {
      verdicts[i] = 'write-failed';
      return;
    }
    verdicts[i] = verdict;
    if (verdict === 'restored')
      printWarning(`${p.file.display}: fixes put back: they did not compile (${why})`);
  };

  // 3. Check again; put back the files with new errors until none is left. Every round but the
  // last puts back at least one fixed file, so there are at most as many rounds as fixed files.
  for (const pkg of packages) {
    const stillApplied = () => pkg.members.filter((i) => verdicts[i] === 'kept');
    for (let round = 0; stillApplied().length > 0; round++) {
      const after =
        round <= planned.length ? await cargoCheck(path.dirname(pkg.manifest), pkg.workspaceRoot) : null;
      if (!after?.ok) {
        // cargo failed, or (never, by the count above) the rounds ran out: nothing is left unchecked.
        const why = after?.why ?? 'the errors did not settle';
        printError(
          `cannot verify: ${shown(pkg.manifest)}: ${why}; ${plural(stillApplied().length, 'file')} put back`,
        );
        for (const i of stillApplied()) restore(i, why, 'unverified');
        break;
      }
      const fresh = newErrors(pkg.baseline, after.errors);
      if (fresh.length === 0) break;
      const blamed = new Map<number, string>();
      let unattributed: CargoError | undefined;
      for (const error of fresh) {
        const i = error.file === undefined ? undefined : applied.get(error.file);
        if (i === undefined) unattributed ??= error;
        else if (!blamed.has(i)) blamed.set(i, error.message);
      }
      if (unattributed) {
        // An error in a file without fixes: any of this package's fixes may have caused it.
        const where = unattributed.file ? `${shown(unattributed.file)}: ` : '';
        for (const i of stillApplied())
          restore(i, blamed.get(i) ?? `${where}${unattributed.message}`, 'restored');
      }
      for (const [i, message] of blamed) {
        if (verdicts[i] === 'kept') restore(i, message, 'restored');
      }
    }
  }
  return verdicts;
}

/** The errors of `after` that `before` does not have, counting repeats (line numbers are left out: they shift). */
function newErrors(before: readonly CargoError[], after: readonly CargoError[]): CargoError[] {
  const key = (e: CargoError) => `${e.file ?? ''}\0${e.code}\0${e.message}`;
  const seen = new Map<string, number>();
  for (const e of before) seen.set(key(e), (seen.get(key(e)) ?? 0) + 1);
  return after.filter((e) => {
    const left = seen.get(key(e)) ?? 0;
    seen.set(key(e), left - 1);
    return left <= 0;
  });
}

/** Writes a file atomically, or warns and returns false. */
function write(file: SourceFile, content: string, expected: Buffer, mode: number): boolean {
  try {
    writeFileAtomically(fsPath(file.real, file.realBytes), content, expected, mode);
    return true;
  } catch (error) {
    const why = error instanceof ChangedOnDiskError ? error.message : `cannot write: ${describeError(error)}`;
    printWarning(`${file.display}: ${why}`);
    return false;
  }
}

/** The `Cargo.toml` in the file's folder or the nearest one above it. */
function nearestManifest(file: string): string | undefined {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'Cargo.toml');
    if (fs.existsSync(manifest)) return manifest;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** `cargo check` in `cwd`: its error diagnostics, or why cargo did not get as far as compiling. */
async function cargoCheck(cwd: string, workspaceRoot: string): Promise<CheckResult> {
  const errors: CargoError[] = [];
  let finished = false;
  let foreign = '';
  const realPaths = new Map<string, string>();
  const run = await runCargo(['check', '--message-format=json', '--quiet'], cwd, (line) => {
    if (!line.startsWith('{')) return;
    let record: CargoRecord;
    try {
      record = JSON.parse(line) as CargoRecord;
    } catch {
      return;
    }
    if (record.reason === 'build-finished') finished = true;
    const error =
      record.reason === 'compiler-message' ? errorOf(record.message, workspaceRoot, realPaths) : null;
    if (error) errors.push(error);
    // An error outside the crate says more than cargo's last line about why the build failed.
    else if (record.reason === 'compiler-message' && record.message?.level === 'error' && !foreign)
      foreign = (record.message.rendered ?? record.message.message ?? '')
        .trim()
        .split('\n')
        .slice(0, 3)
        .join(' ');
  });
  if (run.notFound) return { ok: false, why: 'cargo was not found on PATH' };
  // Without build-finished cargo stopped before compiling (a bad manifest, an unreachable
  // registry, a timeout); a failed build without a single error diagnostic is as opaque.
  if (!finished || (!run.ok && errors.length === 0)) return { ok: false, why: foreign || run.why };
  return { ok: true, errors };
}

interface CargoSpan {
  file_name?: string;
  is_primary?: boolean;
  expansion?: { span?: CargoSpan } | null;
}

interface CargoRecord {
  reason?: string;
  message?: {
    level?: string;
    message?: string;
    rendered?: string;
    code?: { code?: string } | null;
    spans?: CargoSpan[];
  };
}

function errorOf(
  message: CargoRecord['message'],
  workspaceRoot: string,
  realPaths: Map<string, string>,
): CargoError | null {
  const level = message?.level ?? '';
  const text = message?.message ?? '';
  // "aborting due to N previous errors" only counts the others.
  if (!(level === 'error' || level.startsWith('error:')) || /^aborting due to/.test(text)) return null;
  // The primary span; inside a macro's expansion, the place the outermost macro was called.
  let span = message?.spans?.find((s) => s.is_primary) ?? message?.spans?.[0];
  for (let depth = 0; span?.expansion?.span && depth < 64; depth++) span = span.expansion.span;
  const name = span?.file_name;
  if (!name || name.startsWith('<'))
    return { file: undefined, code: message?.code?.code ?? '', message: text };
  // rustc's paths are relative to the workspace root (absolute outside it).
  const absolute = path.resolve(workspaceRoot, name);
  let file = realPaths.get(absolute);
  if (file === undefined) {
    try {
      file = fs.realpathSync(absolute);
    } catch {
      file = absolute;
    }
    realPaths.set(absolute, file);
  }
  return { file, code: message?.code?.code ?? '', message: text };
}

interface CargoRun {
  ok: boolean;
  /** cargo itself could not be started: it is not on PATH. */
  notFound: boolean;
  /** Why it failed, for a message: the last line of stderr, or how it ended. */
  why: string;
}

/** Runs cargo with `CARGO_TERM_COLOR=never`, giving each line of stdout; stops it after CARGO_TIMEOUT_MS. */
function runCargo(args: string[], cwd: string, onLine: (line: string) => void): Promise<CargoRun> {
  return new Promise((resolve) => {
    const child = spawn('cargo', args, {
      cwd,
      env: { ...process.env, CARGO_TERM_COLOR: 'never' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill();
    }, CARGO_TIMEOUT_MS);
    let pending = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      const lines = (pending + chunk).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) onLine(line);
    });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-4096); // only the end is ever shown
    });
    let settled = false;
    const settle = (run: CargoRun) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(run);
    };
    child.on('error', (error: NodeJS.ErrnoException) => {
      settle({
        ok: false,
        notFound: error.code === 'ENOENT',
        why: `cannot run cargo: ${describeError(error)}`,
      });
    });
    // 'close' comes after stdout has ended, so every line has been seen.
    child.on('close', (code, signal) => {
      if (pending !== '') onLine(pending);
      const last = stderr.trim().split('\n').pop()?.trim() ?? '';
      const what = `cargo ${args[0]}`;
      let why = last || (signal ? `${what} was stopped by ${signal}` : `${what} failed (exit code ${code})`);
      if (timedOut) why = `${what} took longer than ${CARGO_TIMEOUT_MS / 60_000} minutes; stopped`;
      settle({ ok: code === 0 && !timedOut, notFound: false, why });
    });
  });
}

/** A path as shown in messages: relative to the working folder when it is inside it. */
function shown(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}
