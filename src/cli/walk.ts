import fs from 'node:fs';
import path from 'node:path';
import { describeError } from './errors';

export interface SourceFile {
  /** The path as the user would write it: the given root joined with the rest, with forward slashes. */
  display: string;
  /** Absolute and normalised. */
  absolute: string;
  /** Symlinks resolved: two names for one file are scanned (and fixed) once. */
  real: string;
}

/** Folders never worth scanning: build output and hidden folders such as `.git`. */
function isSkippedFolder(name: string): boolean {
  return name === 'target' || name.startsWith('.');
}

/**
 * Every `.rs` file under the given paths, sorted by display path.
 * A path named explicitly is scanned even if it is a hidden folder or not a `.rs` file,
 * because the user asked for it; only the recursion skips things.
 * A missing root goes to `missing` and the other roots are still walked; an unreadable folder
 * below a root is a warning.
 */
export function collectSourceFiles(
  roots: readonly string[],
  warn: (message: string) => void,
  missing: (message: string) => void,
  /** Filled with each folder walked (absolute) and whether it holds a `Cargo.toml`. */
  cargoManifests?: Map<string, boolean>,
): SourceFile[] {
  const files: SourceFile[] = [];
  const seenFiles = new Set<string>();
  // Real paths of folders already entered: a symlink back up the tree would otherwise loop forever.
  const seenDirs = new Set<string>();

  const addFile = (display: string, absolute: string, real: string) => {
    if (seenFiles.has(real)) return;
    seenFiles.add(real);
    files.push({ display, absolute, real });
  };

  const walkDir = (display: string, absolute: string, real: string) => {
    if (seenDirs.has(real)) return;
    seenDirs.add(real);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(absolute, { withFileTypes: true });
    } catch (error) {
      warn(`${display}: cannot read folder: ${describeError(error)}`);
      return;
    }
    entries.sort((a, b) => compareNames(a.name, b.name));
    cargoManifests?.set(
      absolute,
      entries.some((e) => e.name === 'Cargo.toml'),
    );
    for (const entry of entries) {
      const childAbsolute = childPath(absolute, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        const target = statOrNull(childAbsolute);
        // A dangling link is not an error the user can act on in a recursive scan.
        if (!target) continue;
        isDir = target.isDirectory();
        isFile = target.isFile();
      }
      if (!isDir && !(isFile && entry.name.endsWith('.rs'))) continue;
      if (isDir && isSkippedFolder(entry.name)) continue;
      // Only a link needs resolving: below a real folder, a plain entry's real path is its name.
      const childReal = entry.isSymbolicLink() ? realOrNull(childAbsolute) : childPath(real, entry.name);
      if (!childReal) continue;
      if (isDir) walkDir(joinDisplay(display, entry.name), childAbsolute, childReal);
      else addFile(joinDisplay(display, entry.name), childAbsolute, childReal);
    }
  };

  for (const root of roots) {
    const absolute = path.resolve(root);
    const display = toDisplay(root);
    let stat: fs.Stats;
    let real: string;
    try {
      stat = fs.statSync(absolute);
      real = fs.realpathSync(absolute);
    } catch (error) {
      missing(`${display}: ${describeError(error)}`);
      continue;
    }
    if (stat.isDirectory()) walkDir(display, absolute, real);
    else addFile(display, absolute, real);
  }
  return files.sort((a, b) => compareNames(a.display, b.display));
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

function statOrNull(p: string): fs.Stats | null {
  try {
    return fs.statSync(p);
  } catch {
    return null;
  }
}

function realOrNull(p: string): string | null {
  try {
    return fs.realpathSync(p);
  } catch {
    return null;
  }
}
