import type { ReplacedCopy } from './atomicWrite';
import { ChangedOnDiskError } from './changedOnDisk';
import { describeError } from './errors';

/**
 * How long a program that opened a file just before `--fix` renamed over it gets to finish its
 * write, before the copies it could be writing to are looked at for the last time. Once per run.
 */
const GRACE_MS = 20;
/** Copies held open at most; the oldest, which has waited longest, is looked at first. */
const MAX_OPEN = 256;

export interface Replaced<T> {
  copy: ReplacedCopy;
  /** What the caller needs to undo its report of the fix. */
  about: T;
}

/**
 * The copies `--fix` replaced, kept open until every file is done: a write that reached one after
 * writeFileAtomically returned is still put back (ReplacedCopy.settle), and `undo` is told.
 */
export class ReplacedFiles<T> {
  private readonly open: Replaced<T>[] = [];

  constructor(private readonly undo: (about: T, why: string) => void) {}

  add(copy: ReplacedCopy, about: T): void {
    const oldest = this.open.length >= MAX_OPEN ? this.open.shift() : undefined;
    if (oldest) this.settle(oldest);
    this.open.push({ copy, about });
  }

  async settleAll(): Promise<void> {
    if (this.open.length === 0) return;
    // A turn of the event loop first: a timer counts from the loop's clock, which stood still
    // while the files were fixed, and would expire at once.
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setTimeout(resolve, GRACE_MS));
    for (const replaced of this.open.splice(0)) this.settle(replaced);
  }

  private settle({ copy, about }: Replaced<T>): void {
    try {
      copy.settle();
    } catch (error) {
      this.undo(
        about,
        error instanceof ChangedOnDiskError ? error.message : `cannot write: ${describeError(error)}`,
      );
    }
  }
}
