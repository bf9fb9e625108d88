import type { AnalysisSteps } from '../engine';
import type { Finding } from '../shared/types';
import { yieldTurn } from './yieldTurn';

/** How long an analysis runs before it lets other requests in. */
export const SLICE_MS = 10;

/**
 * Runs an analysis in slices of a few milliseconds with other work in between, so that one long
 * file never holds up requests on another. Undefined (and the steps ended) once `valid` turns false.
 */
export async function runInSlices(
  steps: AnalysisSteps,
  valid: () => boolean,
  /** What runs between slices: by default one turn of the event loop. */
  between: () => Promise<void> = yieldTurn,
  sliceMs = SLICE_MS,
): Promise<Finding[] | undefined> {
  let sliceStart = performance.now();
  for (;;) {
    if (!valid()) {
      steps.return([]);
      return undefined;
    }
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() - sliceStart >= sliceMs) {
      await between();
      sliceStart = performance.now();
    }
  }
}
