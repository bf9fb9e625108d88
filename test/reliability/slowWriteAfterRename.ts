// Preloaded into the CLI (`--require`) by fixWrites.test.ts: a program opens the file just before
// `--fix` renames over it, and writes a moment later, once the CLI next yields (after it has
// returned from writing that file). The write reaches the replaced copy, which no name reaches.
import fs from 'node:fs';
import path from 'node:path';

export const SLOW_WRITE = '// written through a descriptor opened before the rename\n';

let done = false;
const renameSync = fs.renameSync;
fs.renameSync = ((from: fs.PathLike, to: fs.PathLike) => {
  if (done || !/^\..+\.[0-9a-f]{12}\.tmp$/.test(path.basename(String(from)))) return renameSync(from, to);
  done = true;
  const fd = fs.openSync(to, 'a');
  renameSync(from, to);
  setImmediate(() => {
    fs.writeSync(fd, SLOW_WRITE);
    fs.closeSync(fd);
  });
}) as typeof fs.renameSync;
