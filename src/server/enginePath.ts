// The Node host's path adapter. Browser bundles get `enginePath.browser.ts` (scripts/browserAdapters.mjs).
import { fileURLToPath } from 'node:url';
import { createEnginePathResolver } from '../shared/cratePath';

const crateRelative = createEnginePathResolver();

/**
 * The path the engine is given for a document: a `file:` URI's path relative to its crate root,
 * found on disk; other URIs keep their path part.
 */
export function enginePathOf(uri: string): string {
  if (!uri.startsWith('file:')) return new URL(uri).pathname;
  const absolute = fileURLToPath(uri);
  return crateRelative(absolute, absolute);
}
