import fs from 'node:fs';
import path from 'node:path';
import { parseToml, tomlGet } from '../engine/config/toml';

/**
 * Finds the crate root of a folder: the nearest folder at or above it with a `Cargo.toml`, or null.
 * Each folder is looked at once per finder, so a scan of thousands of files costs one `stat` per
 * folder. For the CLI and the Node server; the web host asks the client instead.
 */
export function crateRootFinder(): (dir: string) => string | null {
  const roots = new Map<string, string | null>();
  const find = (dir: string): string | null => {
    const known = roots.get(dir);
    if (known !== undefined) return known;
    const parent = path.dirname(dir);
    const root = fs.existsSync(path.join(dir, 'Cargo.toml')) ? dir : parent === dir ? null : find(parent);
    roots.set(dir, root);
    return root;
  };
  return find;
}

/**
 * A file's path as the engine names it in a crate: relative to the crate root, with `/`. A crate
 * index must key its files so, or an analysed file's live items would not replace its indexed copy.
 */
export function crateRelativePath(root: string, absolute: string): string {
  const relative = path.relative(root, absolute);
  return path.sep === '/' ? relative : relative.split(path.sep).join('/');
}

/**
 * The name a crate root's package's library goes by in Rust code (`my-app` → `my_app`): its
 * `[lib]` name, else its `[package]` name; undefined for a workspace-only manifest or an unreadable one.
 */
export function packageNameAt(root: string): string | undefined {
  let text: string;
  try {
    text = fs.readFileSync(path.join(root, 'Cargo.toml'), 'utf8');
  } catch {
    return undefined;
  }
  return packageNameIn(text);
}

/** A manifest's `[lib]` name, else its `[package]` name, `-` turned into `_`; undefined if it does not parse. */
export function packageNameIn(manifest: string): string | undefined {
  const doc = parseToml(manifest);
  if (doc.errors.length > 0) return undefined;
  const name = [tomlGet(doc.root, 'lib', 'name'), tomlGet(doc.root, 'package', 'name')].find(
    (n): n is string => typeof n === 'string',
  );
  return name?.replace(/-/g, '_');
}
