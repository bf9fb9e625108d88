// The web host's path adapter. A worker cannot look for `Cargo.toml`; the client finds the crate
// roots with `workspace.findFiles` and sends them (`setCrateRoots`), whatever the URI scheme.
import { URI } from 'vscode-uri';

/** Crate roots as URI strings ending in `/`, longest first, so that the nearest root matches. */
let roots: string[] = [];

export function setCrateRoots(crateRoots: readonly string[]): void {
  roots = crateRoots
    .map((root) => (root.endsWith('/') ? root : `${root}/`))
    .sort((a, b) => b.length - a.length);
}

/** A document's path relative to its crate root; outside any crate, its whole path. */
export function enginePathOf(uri: string): string {
  const root = roots.find((r) => uri.startsWith(r));
  return root ? URI.parse(uri).path.slice(URI.parse(root).path.length) : URI.parse(uri).path;
}
