// The parts of `npm start` (demo.mjs) that decide something before code-server starts, kept apart
// so that tests run them: the learner's copy of the sample crate, and whether the port is free.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/**
 * The demo opens a copy of the sample crate, never `test/fixtures/` itself (tests assert on it).
 * The copy is made when missing and then kept, with the learner's edits; `fresh` replaces it.
 * Build output (`target/`) is not copied.
 */
export function prepareDemoCrate(source, target, { fresh = false } = {}) {
  const existed = fs.existsSync(path.join(target, 'Cargo.toml'));
  if (existed && !fresh) return 'kept';
  fs.rmSync(target, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.cpSync(source, target, {
    recursive: true,
    filter: (from) =>
      !['target', 'Cargo.lock'].includes(path.relative(source, from).split(path.sep)[0] ?? ''),
  });
  return existed ? 'reset' : 'created';
}

/** The error for a port something else listens on: the demo must not point at someone else's server. */
export function portInUseMessage(port) {
  return `port ${port} is in use; set PORT=… to another port or stop the other server`;
}

/**
 * Resolves when nothing listens on `host:port` (it binds the port and lets it go again); rejects
 * with `portInUseMessage` when something does, or with the system's reason for other errors.
 */
export function checkPortFree(host, port) {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (error) => {
      reject(
        new Error(
          error.code === 'EADDRINUSE'
            ? portInUseMessage(port)
            : `cannot use ${host}:${port}: ${error.message}`,
        ),
      );
    });
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve()));
  });
}
