/** Work done in steps: a host may serve other requests at each yield. */
export type Steps<T> = Generator<void, T, void>;

/** Runs steps to the end at once. */
export function drain<T>(steps: Steps<T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}
