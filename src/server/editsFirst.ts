import { yieldTurn } from './yieldTurn';

interface Parked {
  promoted: () => boolean;
  resume: () => void;
}

/**
 * Lets the analysis a keystroke asked for go ahead of the ones nobody waits on. An index that
 * becomes ready, or new settings, re-analyse every open document of the crate; run turn about
 * with them, an edit's analysis waited for a slice of each of them per slice of its own.
 *
 * Background analyses also take turns among themselves: one of their slices per turn of the event
 * loop, so that a message from the client (the next keystroke) is read after at most one of them.
 */
export class EditsFirst {
  private pending = 0;
  private readonly parked: Parked[] = [];
  private pumping = false;

  /** An edit waits for or is in analysis until the returned function is called (once is enough). */
  enter(): () => void {
    this.pending++;
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.pending--;
      if (this.pending === 0) this.pump();
    };
  }

  get waiting(): boolean {
    return this.pending > 0;
  }

  /**
   * What a background analysis runs between its slices: it waits for its turn, which comes once
   * no edit waits, unless `promoted` says somebody now waits on this analysis too.
   */
  between(promoted: () => boolean): () => Promise<void> {
    return () =>
      new Promise<void>((resume) => {
        this.parked.push({ promoted, resume });
        this.pump();
      });
  }

  /** Somebody waits on a background analysis now: it may go on although edits wait. */
  wakeAll(): void {
    this.pump();
  }

  /** On a later turn, resumes one parked analysis: a promoted one first, any when no edit waits. */
  private pump(): void {
    if (this.pumping || this.parked.length === 0) return;
    this.pumping = true;
    void yieldTurn().then(() => {
      this.pumping = false;
      let index = this.parked.findIndex((p) => p.promoted());
      if (index < 0 && this.pending === 0) index = 0;
      if (index < 0) return; // `enter`'s leave or a promotion pumps again
      const [next] = this.parked.splice(index, 1);
      next?.resume();
      // The resumed slice runs before the next turn; the others wait for it.
      this.pump();
    });
  }
}
