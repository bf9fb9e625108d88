import fs from 'node:fs';

/**
 * Writes the temp file with the original's owner, group and mode, through its descriptor (a name
 * in a shared folder can be swapped for a link; the descriptor cannot). False, and no temp file,
 * when the owner cannot be kept: root can give any owner, anyone else only their own uid and a
 * group they are in, and the caller then writes in place.
 */
export function writeTemp(
  temp: string | Buffer,
  data: Buffer,
  mode: number,
  original: fs.BigIntStats,
): boolean {
  const fd = fs.openSync(temp, 'wx', mode & 0o7777);
  let kept = false;
  try {
    fs.writeFileSync(fd, data);
    kept = keepOwner(fd, original);
    // openSync's mode is masked by the umask, and chown clears set-id bits: set it last.
    if (kept) fs.fchmodSync(fd, mode & 0o7777);
    fs.fsyncSync(fd);
  } catch (error) {
    fs.closeSync(fd);
    fs.rmSync(temp, { force: true });
    throw error;
  }
  fs.closeSync(fd);
  if (!kept) fs.rmSync(temp, { force: true });
  return kept;
}

function keepOwner(fd: number, original: fs.BigIntStats): boolean {
  const made = fs.fstatSync(fd, { bigint: true });
  if (made.uid === original.uid && made.gid === original.gid) return true;
  try {
    fs.fchownSync(fd, Number(original.uid), Number(original.gid));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EPERM') return false;
    throw error;
  }
}
