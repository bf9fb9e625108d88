/** The file on disk is no longer what was read: someone edited it while we were fixing it. */
export class ChangedOnDiskError extends Error {
  override readonly name = 'ChangedOnDiskError';
}

export const CHANGED = 'changed on disk since it was read; not written';
