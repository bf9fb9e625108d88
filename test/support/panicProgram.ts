// The panicking program of test/fixtures/panics, compiled with rustc and run for real: the tests
// feed its actual output (std's wording, Rust 1.95's thread ids) to the coach.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const PANICS_DIR = path.resolve(__dirname, '..', 'fixtures', 'panics');
export const PANICS_MAIN = path.join(PANICS_DIR, 'src', 'main.rs');

export type Backtrace = '0' | '1' | 'full';

/** Compiles the fixture into a fresh temp folder, from its own folder so that std prints `src/main.rs`. */
export function compilePanics(): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rsc-panics-'));
  const binary = path.join(dir, process.platform === 'win32' ? 'panics.exe' : 'panics');
  // Line tables only: enough for the backtrace's `at` lines, and quick to build.
  const args = ['--edition', '2021', '-C', 'debuginfo=line-tables-only', 'src/main.rs', '-o', binary];
  return new Promise((resolve, reject) => {
    execFile('rustc', args, { cwd: PANICS_DIR, timeout: 120_000 }, (error, _stdout, stderr) => {
      if (error) reject(new Error(`rustc failed: ${stderr}`));
      else resolve(binary);
    });
  });
}

/** Runs one case and returns what `cargo run 2>&1` would show of it (stdout and stderr, merged). */
export function runPanicCase(binary: string, kase: string, backtrace: Backtrace = '0'): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      binary,
      [kase],
      { cwd: PANICS_DIR, env: { ...process.env, RUST_BACKTRACE: backtrace }, timeout: 30_000 },
      (error) => {
        // A panic exits with 101; anything else means the case did not panic as planned.
        if (error?.code !== 101) reject(new Error(`case ${kase}: exit ${String(error?.code)}, not a panic`));
        else resolve(output.join(''));
      },
    );
    const output: string[] = [];
    child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  });
}

/** The 1-based line of the fixture whose comment says `// at: <marker>`. */
export function markerLine(marker: string): number {
  const lines = fs.readFileSync(PANICS_MAIN, 'utf8').split('\n');
  const index = lines.findIndex((line) => line.endsWith(`// at: ${marker}`));
  if (index < 0) throw new Error(`no line marked "// at: ${marker}" in ${PANICS_MAIN}`);
  return index + 1;
}
