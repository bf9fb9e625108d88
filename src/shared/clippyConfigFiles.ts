// Host side of the clippy.toml settings: finds and reads the files for a source file, so that the
// engine (which reads no files) gets a ClippyConfig. For the CLI and the server.
import fs from 'node:fs';
import path from 'node:path';
import {
  cargoRustVersion,
  type ClippyConfig,
  DEFAULT_CLIPPY_CONFIG,
  parseClippyToml,
} from '../engine/clippyConfig';
import { crateRootFinder } from './crateRoot';

function readText(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/**
 * The settings clippy would use for a file, per crate (the nearest folder with a `Cargo.toml`):
 * `clippy.toml` or `.clippy.toml` in that folder or the nearest folder above it (clippy's search
 * from the manifest's folder up), and the package's `rust-version` as the msrv when clippy.toml
 * names none. Cached per crate root.
 */
export function clippyConfigResolver(): (absolute: string) => ClippyConfig {
  const byRoot = new Map<string, ClippyConfig>();
  const crateRoot = crateRootFinder();
  const configFor = (root: string): ClippyConfig => {
    let toml = '';
    for (let d = root; ; d = path.dirname(d)) {
      const found = ['clippy.toml', '.clippy.toml']
        .map((n) => readText(path.join(d, n)))
        .find((t) => t !== null);
      if (found) {
        toml = found;
        break;
      }
      if (path.dirname(d) === d) break;
    }
    const config = parseClippyToml(toml);
    if (!config.msrv) config.msrv = cargoRustVersion(readText(path.join(root, 'Cargo.toml')) ?? '');
    return config;
  };
  return (absolute) => {
    const root = crateRoot(path.dirname(absolute));
    if (!root) return DEFAULT_CLIPPY_CONFIG;
    let config = byRoot.get(root);
    if (!config) byRoot.set(root, (config = configFor(root)));
    return config;
  };
}
