// Preloaded into the CLI (`--require`) by a reliability test: when `--fix` opens its temp file,
// another "editor" rewrites the target first, so the file changes between read and write.
import fs from 'node:fs';
import path from 'node:path';

export const CONCURRENT_EDIT = '// edited by someone else while --fix ran\n';

const openSync = fs.openSync;
fs.openSync = ((file: fs.PathLike, flags?: fs.OpenMode, mode?: fs.Mode | null) => {
  const name = String(file);
  const m = /^\.(.+)\.[0-9a-f]{12}\.tmp$/.exec(path.basename(name));
  if (m?.[1] && flags === 'wx') fs.writeFileSync(path.join(path.dirname(name), m[1]), CONCURRENT_EDIT);
  return openSync(file, flags ?? 'r', mode);
}) as typeof fs.openSync;
