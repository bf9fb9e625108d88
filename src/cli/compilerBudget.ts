import os from 'node:os';
import v8 from 'node:v8';

/**
 * How much bytecode a function runs before V8 considers optimising it: about 15 times V8's default
 * (67,584 in Node 20). See docs/performance.md, "Optimising fewer functions".
 */
export const SCAN_INTERRUPT_BUDGET = 1_000_000;

/**
 * When every core analyses files, V8 optimises fewer functions. Each thread's isolate compiles its
 * own optimised code on background threads, about 0.9 s of CPU a scan of Rust's library/: with a
 * spare core that is free, but with none it takes that time from the analysis. Only the hottest
 * functions are worth it then. With a spare core nothing changes.
 */
export function optimiseFewerFunctionsWhenCoresAreBusy(threads: number): void {
  if (!everyCoreBusy(threads, os.availableParallelism())) return;
  try {
    v8.setFlagsFromString(`--interrupt-budget=${SCAN_INTERRUPT_BUDGET}`);
  } catch {
    // A Node whose flags are frozen after start-up: the scan is only slower.
  }
}

/** Whether `threads` analysing threads leave no core for V8's background compilers. */
export function everyCoreBusy(threads: number, cores: number): boolean {
  return threads >= 2 && threads >= cores;
}
