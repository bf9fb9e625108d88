/** A file to read and analyse, and where the engine thinks it lives. */
export interface FileJob {
  /** The file's place in the scan's sorted file list. */
  index: number;
  absolute: string;
  /** The exact bytes of `absolute` when they are not UTF-8 (see exactPath.ts). */
  absoluteBytes?: string;
  display: string;
  enginePath: string;
  /** Its crate has other files, which the scan does not index: no typed fix is safe. */
  partialCrate?: boolean;
}

/**
 * The files of a scan and a counter every thread sees: each thread (the main one and the workers)
 * takes the next file itself, reads it and analyses it, so none waits for another to hand out work.
 */
export interface JobList {
  /** Largest first, so that no thread is left with a big file at the end. */
  jobs: FileJob[];
  /** One Int32: the next job to take. */
  next: SharedArrayBuffer;
}

export function jobList(jobs: Array<FileJob & { size: number }>): JobList {
  const sorted = [...jobs].sort((a, b) => b.size - a.size);
  return {
    jobs: sorted.map(({ index, absolute, absoluteBytes, display, enginePath, partialCrate }) => ({
      index,
      absolute,
      ...(absoluteBytes === undefined ? {} : { absoluteBytes }),
      display,
      enginePath,
      ...(partialCrate ? { partialCrate } : {}),
    })),
    next: new SharedArrayBuffer(4),
  };
}

/** The next job no thread has taken yet, or undefined when all are taken. */
export function takeJob(list: JobList): FileJob | undefined {
  return list.jobs[Atomics.add(new Int32Array(list.next), 0, 1)];
}
