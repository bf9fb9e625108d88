import { yieldTurn } from './yieldTurn';

/**
 * Lets the analysis a keystroke asked for go ahead of the ones nobody waits on. An index that
 * becomes ready, or new settings, re-analyse every open document of the crate; run turn about
 * with them, an edit's analysis waited for one slice of each of them per slice of its own.
 */
export class EditsFirst {
  private pending = 0;
  private waiters: (() => void)[] = [];

  /** An edit waits for or is in analysis until the returned function is called (once is enough). */
  enter(): () => void {
    this.pending++;
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.pending--;
      if (this.pending === 0) for (const wake of this.waiters.splice(0)) wake();
    };
  }

  get waiting(): boolean {
    return this.pending > 0;
  }

  /**
   * What a background analysis runs between its slices: one turn of the event loop, then as many
   * more as an edit's analysis needs, unless `promoted` says somebody now waits on this one too.
   */
  between(promoted: () => boolean): () => Promise<void> {
    return async () => {
      await yieldTurn();
      while (this.pending > 0 && !promoted()) await new Promise<void>((wake) => this.waiters.push(wake));
    };
  }

  /** Wakes the background analyses so that a promoted one sees it was promoted. */
  wakeAll(): void {
    for (const wake of this.waiters.splice(0)) wake();
  }
}
