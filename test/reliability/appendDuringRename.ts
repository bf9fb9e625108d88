// Preloaded into the CLI (`--require`) by fixWrites.test.ts: another program appends to the file
// in the instant `--fix` renames its temp file over it, after every check that can be made before
// the rename. The append lands on the file being replaced.
import fs from 'node:fs';
import path from 'node:path';

export const APPENDED = '// appended by another program during the rename\n';

const renameSync = fs.renameSync;
fs.renameSync = ((from: fs.PathLike, to: fs.PathLike) => {
  if (/^\..+\.[0-9a-f]{12}\.tmp$/.test(path.basename(String(from))) && !appended) {
    appended = true;
    fs.appendFileSync(to, APPENDED);
  }
  renameSync(from, to);
}) as typeof fs.renameSync;
let appended = false;
