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
];

/** Tunes V8 for this process, which from now on is a language server. */
export function applyServerV8Flags(): void {
  for (const flag of SERVER_V8_FLAGS) v8.setFlagsFromString(flag);
}
