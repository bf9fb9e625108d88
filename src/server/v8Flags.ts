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
  // The old generation may grow half again past what survived the last full GC, instead of up to
  // 4×: garbage promoted while re-analysing on each edit had grown the server's peak RSS by up to
  // 60 MB. Read at each GC, so it applies from here on. (A quarter saved no more memory; keeping
  // the young generation small as well saved 30 MB more but cost each edit 1–2 ms of scavenges.)
  '--heap-growing-percent=50',
  // A `gc` for youngGarbage.ts, which collects an edit's garbage between edits. Set here, before
  // the code cache is read: V8 rejects a cache made under other flags, and this one counts.
  '--expose-gc',
];

/** Tunes V8 for this process, which from now on is a language server. */
export function applyServerV8Flags(): void {
  for (const flag of SERVER_V8_FLAGS) v8.setFlagsFromString(flag);
}
