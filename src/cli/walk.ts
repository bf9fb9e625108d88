import fs from 'node:fs';
import path from 'node:path';
import { describeError } from './errors';
import { bytesOf, exactOf, fsPath, lossy, pathKey, realPath, type ExactPath } from './exactPath';

export interface SourceFile {
  /**
   * The path as the user would write it: the given root joined with the rest, with forward slashes.
   * Lossy (U+FFFD) where a name is not valid UTF-8.
   */
  display: string;
  /** Absolute and normalised; lossy like `display`. */
  absolute: string;
  /** Symlinks resolved: two names for one file are scanned (and fixed) once. Lossy like `display`. */
  real: string;
  /** The exact bytes of `absolute` (a byte string, see exactPath.ts) when they are not UTF-8. */
  absoluteBytes?: string;
  /** The exact bytes of `real` when they are not UTF-8. */
  realBytes?: string;
  /** As the walk found it (symlinks followed); undefined when it could not be stat'ed. */
  stat?: fs.Stats;
  /** How many of its hard links the walk found: fewer than `stat.nlink` means a name lies elsewhere. */
  names: number;
}

/** Where a file or folder is: `absolute` and `real` with their bytes when those are not UTF-8. */
interface Place {
  display: string;
  absolute: ExactPath;
  real: ExactPath;
}

/** A folder entry: its name as text, with its bytes when they are not UTF-8. */
interface Entry {
  name: ExactPath;
  dirent: fs.Dirent | fs.Dirent<Buffer>;
}

/** Folders never worth scanning: build output and hidden folders such as `.git`. */
export function isSkippedFolder(name: string): boolean {
  return name === 'target' || name.startsWith('.');
}

/**
 * Every `.rs` file under the given paths, sorted by display path.
 * A path named explicitly is scanned even if it is a hidden folder or not a `.rs` file,
 * because the user asked for it; only the recursion skips things.
 * A missing root goes to `missing` and the other roots are still walked; an unreadable folder
 * below a root is a warning. A root given as a Buffer is a path that is not valid UTF-8.
 */
export function collectSourceFiles(
  roots: readonly (string | Buffer)[],
  warn: (message: string) => void,
  missing: (message: string) => void,
  /** Filled with each folder walked (absolute) and whether it holds a `Cargo.toml`. */
  cargoManifests?: Map<string, boolean>,
): SourceFile[] {
  const files: SourceFile[] = [];
  const seenFiles = new Set<string>();
  // A file with several hard links is one file: scanned and reported once, under its first name.
  const byInode = new Map<string, SourceFile>();
  // Real paths of folders already entered: a symlink back up the tree would otherwise loop forever.
  const seenDirs = new Set<string>();

  const addFile = (place: Place, stat: fs.Stats | undefined) => {
    const key = pathKey(place.real.text, place.real.bytes);
    if (seenFiles.has(key)) return;
    seenFiles.add(key);
    // Only a file with several links needs the check; inode numbers above 2^53 could collide as numbers.
    const inode = stat && stat.nlink > 1 ? `${stat.dev}:${stat.ino}` : undefined;
    const first = inode === undefined ? undefined : byInode.get(inode);
    if (first) {
      first.names++;
      return;
    }
    const file: SourceFile = {
      display: place.display,
      absolute: place.absolute.text,
      real: place.real.text,
      ...(place.absolute.bytes === undefined ? {} : { absoluteBytes: place.absolute.bytes }),
      ...(place.real.bytes === undefined ? {} : { realBytes: place.real.bytes }),
      ...(stat ? { stat } : {}),
      names: 1,
    };
    if (inode !== undefined) byInode.set(inode, file);
    files.push(file);
  };

  const walkDir = (dir: Place) => {
    const key = pathKey(dir.real.text, dir.real.bytes);
    if (seenDirs.has(key)) return;
    seenDirs.add(key);
    let entries: Entry[];
    try {
      entries = listFolder(dir.absolute);
    } catch (error) {
      warn(`${dir.display}: cannot read folder: ${describeError(error)}`);
      return;
    }
    entries.sort((a, b) => compareNames(a.name.text, b.name.text));
    cargoManifests?.set(
      dir.absolute.text,
      entries.some((e) => e.name.text === 'Cargo.toml'),
    );
    for (const { name, dirent } of entries) {
      const absolute = childPlace(dir.absolute, name);
      const at = fsPath(absolute.text, absolute.bytes);
      let isDir = dirent.isDirectory();
      let isFile = dirent.isFile();
      let stat: fs.Stats | undefined;
      if (dirent.isSymbolicLink()) {
        stat = statOrUndefined(at);
        // A dangling link is not an error the user can act on in a recursive scan.
        if (!stat) continue;
        isDir = stat.isDirectory();
        isFile = stat.isFile();
      }
      if (!isDir && !(isFile && name.text.endsWith('.rs'))) continue;
      if (isDir && isSkippedFolder(name.text)) continue;
      // Only a link needs resolving: below a real folder, a plain entry's real path is its name.
      const real = dirent.isSymbolicLink() ? realOrUndefined(at) : childPlace(dir.real, name);
      if (!real) continue;
      const place = { display: joinDisplay(dir.display, name.text), absolute, real };
      // A file is stat'ed here, once: its links are counted, and the scan reuses the stat.
      if (isDir) walkDir(place);
      else addFile(place, stat ?? statOrUndefined(at));
    }
  };

  for (const root of roots) {
    const rootText = typeof root === 'string' ? root : root.toString('utf8');
    const display = toDisplay(rootText);
    const absolute: ExactPath =
      typeof root === 'string' || exactOf(root).bytes === undefined
        ? { text: path.resolve(rootText) }
        : resolveBytes(root.toString('latin1'));
    const at = fsPath(absolute.text, absolute.bytes);
    let stat: fs.Stats;
    let real: ExactPath;
    try {
      stat = fs.statSync(at);
      real = realPath(at);
    } catch (error) {
      missing(`${display}: ${describeError(error)}`);
      continue;
    }
    if (stat.isDirectory()) walkDir({ display, absolute, real });
    else addFile({ display, absolute, real }, stat);
  }
  return files.sort((a, b) => compareNames(a.display, b.display));
}

/**
 * A folder's entries. Names are read as text, the fast way; only when one shows U+FFFD (bytes that
 * are not UTF-8, which text cannot open again) is the folder read again as bytes.
 */
function listFolder(dir: ExactPath): Entry[] {
  if (dir.bytes === undefined) {
    const dirents = fs.readdirSync(dir.text, { withFileTypes: true });
    if (!dirents.some((d) => d.name.includes('\uFFFD')))
      return dirents.map((d) => ({ name: { text: d.name }, dirent: d }));
  }
  return fs
    .readdirSync(fsPath(dir.text, dir.bytes), { withFileTypes: true, encoding: 'buffer' })
    .map((d) => ({ name: exactOf(d.name), dirent: d }));
}

/** A name in a folder, exact: bytes are kept when the folder's or the name's are. */
function childPlace(dir: ExactPath, name: ExactPath): ExactPath {
  const text = childPath(dir.text, name.text);
  if (dir.bytes === undefined && name.bytes === undefined) return { text };
  return { text, bytes: childPath(dir.bytes ?? bytesOf(dir.text), name.bytes ?? bytesOf(name.text)) };
}

/** An absolute path for a byte-string root, resolved against the working folder as bytes. */
function resolveBytes(bytes: string): ExactPath {
  const resolved = path.resolve(bytesOf(process.cwd()), bytes);
  return { text: lossy(resolved), bytes: resolved };
}

/** Byte-wise order, not locale order: the same output on every machine. */
function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function toDisplay(root: string): string {
  const normalized = path.normalize(root).split(path.sep).join('/');
  return normalized.length > 1 ? normalized.replace(/\/$/, '') : normalized;
}

/** path.join for a normalised folder and a plain name, without normalising again: walks are hot. */
function childPath(dir: string, name: string): string {
  return dir.endsWith(path.sep) ? `${dir}${name}` : `${dir}${path.sep}${name}`;
}

function joinDisplay(dir: string, name: string): string {
  if (dir === '.') return name;
  return dir.endsWith('/') ? `${dir}${name}` : `${dir}/${name}`;
}

function statOrUndefined(p: string | Buffer): fs.Stats | undefined {
  try {
    return fs.statSync(p);
  } catch {
    return undefined;
  }
}

function realOrUndefined(p: string | Buffer): ExactPath | undefined {
  try {
    return realPath(p);
  } catch {
    return undefined;
  }
}
