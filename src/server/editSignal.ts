// A flag the server's worker thread reads: set while an edit in an open document waits for or is
// in analysis. The worker pauses then, so that the keystroke's analysis (and the editor) have the
// CPU: on two cores, the worker, the server and the editor otherwise share them three ways.

/** The main thread's side. */
export class EditSignal {
  readonly buffer = new SharedArrayBuffer(4);
  private readonly cell = new Int32Array(this.buffer);

  set(waiting: boolean): void {
    Atomics.store(this.cell, 0, waiting ? 1 : 0);
    if (!waiting) Atomics.notify(this.cell, 0);
  }
}

/**
 * The worker's side: blocks while the flag is set, at most `maxMs` in all, so that a flag left
 * set by mistake slows the worker down but never stops it.
 */
export function pauseWhileEditing(buffer: SharedArrayBuffer | undefined, maxMs = 1000): void {
  if (!buffer) return;
  const cell = new Int32Array(buffer);
  const until = Date.now() + maxMs;
  while (Atomics.load(cell, 0) === 1) {
    const left = until - Date.now();
    if (left <= 0) return;
    Atomics.wait(cell, 0, 1, left);
  }
}
