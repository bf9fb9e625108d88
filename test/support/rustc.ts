import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface CompileResult {
  ok: boolean;
  stderr: string;
}

let running = 0;
const waiting: Array<() => void> = [];

/** At most two rustc at once: the machine has two cores. */
async function slot<T>(fn: () => Promise<T>): Promise<T> {
  if (running >= 2) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await fn();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

/** Type-checks one Rust file with rustc (no codegen): the judge of whether a fix compiles. */
export function compileRust(source: string, name = 'fixture'): Promise<CompileResult> {
  return slot(
    () =>
      new Promise((resolve) => {
        const dir = mkdtempSync(path.join(os.tmpdir(), 'rsc-rustc-'));
        const file = path.join(dir, `${name.replace(/[^a-z0-9_]/gi, '_')}.rs`);
        writeFileSync(file, source);
        const crateType = /^\s*(async\s+)?fn\s+main\s*\(/m.test(source) ? 'bin' : 'lib';
        const args = [
          '--edition',
          '2021',
          '--emit=metadata',
          '--crate-type',
          crateType,
          '-A',
          'warnings',
          '-o',
          path.join(dir, 'out'),
          file,
        ];
        execFile('rustc', args, { timeout: 60_000 }, (error, _stdout, stderr) => {
          rmSync(dir, { recursive: true, force: true });
          resolve({ ok: !error, stderr });
        });
      }),
  );
}
