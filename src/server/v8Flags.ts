import v8 from 'node:v8';

/**
 * V8 settings for a process that runs the language server. They must be set before the grammar's
 * wasm is instantiated: an instance reads its tiering budget once.
 */
const SERVER_V8_FLAGS = [
  // Wasm functions move from Liftoff to TurboFan once they have run about this many bytes of code
  // (V8's default is 1.8 M). TurboFan compiling the parser competes with the first parse for the CPU
  // and made it 2–4× slower; later, only code that stays hot over a few large parses is optimised.
  '--wasm-tiering-budget=500000000',
  // Memory over a little GC time. The young generation keeps its first size (1 MB semi-spaces)
  // instead of growing to 16 MB, and the old one may grow a quarter past what survived the last
  // full GC instead of up to 4×: garbage from analysing a large file had been a third of the
  // server's peak RSS. Both are read at each GC, so they apply from here on.
  '--semi-space-growth-factor=1',
  '--heap-growing-percent=25',
];

/** Tunes V8 for this process, which from now on is a language server. */
export function applyServerV8Flags(): void {
  for (const flag of SERVER_V8_FLAGS) v8.setFlagsFromString(flag);
}
