import os from 'node:os';
import path from 'node:path';

/**
 * Where the scan cache and the server's compiled code live: `$RUST_SAFETY_COACH_CACHE_DIR`, else
 * `$XDG_CACHE_HOME/rust-safety-coach`, else `~/.cache/rust-safety-coach`. One place per user,
 * whatever the working folder.
 */
export function cacheDir(): string {
  const env = process.env;
  if (env.RUST_SAFETY_COACH_CACHE_DIR) return env.RUST_SAFETY_COACH_CACHE_DIR;
  const base = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'rust-safety-coach');
}
