import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { describe, it } from 'node:test';
import { checkPortFree, portInUseMessage, prepareDemoCrate } from '../scripts/demoSetup.mjs';
import { REPO_ROOT } from './support/engine';
import { tempDirs } from './support/tempDirs';

const tempDir = tempDirs('rsc-demo-');
const HOST = '127.0.0.1';

/** A server listening on a free port of HOST, as someone else's server would. */
async function busyPort(): Promise<{ port: number; close: () => Promise<void> }> {
  const server = net.createServer((socket) => socket.end());
  await new Promise<void>((resolve) => server.listen(0, HOST, resolve));
  const { port } = server.address() as net.AddressInfo;
  return { port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('npm start (scripts/demo.mjs)', () => {
  it('a busy port is a clear error, not a ready line for the other server', async () => {
    const busy = await busyPort();
    try {
      await assert.rejects(checkPortFree(HOST, busy.port), { message: portInUseMessage(busy.port) });
      assert.match(portInUseMessage(8080), /^port 8080 is in use; set PORT=.* or stop the other server$/);
    } finally {
      await busy.close();
    }
    // Closed again, the same port is free.
    await checkPortFree(HOST, busy.port);
  });

  it('the script checks the port before setting anything up and exits non-zero', async () => {
    const busy = await busyPort();
    try {
      const run = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = execFile(
          process.execPath,
          [path.join(REPO_ROOT, 'scripts', 'demo.mjs')],
          { cwd: REPO_ROOT, env: { ...process.env, PORT: String(busy.port) } },
          (_error, stdout, stderr) => resolve({ code: child.exitCode, stdout, stderr }),
        );
      });
      assert.equal(run.code, 1);
      assert.equal(run.stderr, `[demo] ERROR: ${portInUseMessage(busy.port)}\n`);
      assert.doesNotMatch(run.stdout, /1\/4|demo:/, 'nothing was set up, no ready line');
    } finally {
      await busy.close();
    }
  });

  it('opens a copy of the sample crate: made when missing, kept with edits, reset by --fresh', () => {
    const sample = tempDir();
    fs.mkdirSync(path.join(sample, 'src'));
    fs.mkdirSync(path.join(sample, 'target', 'debug'), { recursive: true });
    fs.writeFileSync(path.join(sample, 'Cargo.toml'), '[package]\nname = "sample"\n');
    fs.writeFileSync(path.join(sample, 'src', 'main.rs'), 'fn main() { None::<u8>.unwrap(); }\n');
    fs.writeFileSync(path.join(sample, 'target', 'debug', 'sample'), 'binary');
    const copy = path.join(tempDir(), 'scratch', 'demo-crate');
    const main = path.join(copy, 'src', 'main.rs');

    assert.equal(prepareDemoCrate(sample, copy), 'created');
    assert.equal(fs.readFileSync(main, 'utf8'), 'fn main() { None::<u8>.unwrap(); }\n');
    assert.equal(fs.existsSync(path.join(copy, 'target')), false, 'build output is not copied');

    fs.writeFileSync(main, 'fn main() {} // the learner fixed it\n');
    assert.equal(prepareDemoCrate(sample, copy), 'kept');
    assert.equal(fs.readFileSync(main, 'utf8'), 'fn main() {} // the learner fixed it\n');

    fs.writeFileSync(path.join(copy, 'src', 'extra.rs'), '// a file the learner added\n');
    assert.equal(prepareDemoCrate(sample, copy, { fresh: true }), 'reset');
    assert.equal(fs.readFileSync(main, 'utf8'), 'fn main() { None::<u8>.unwrap(); }\n');
    assert.equal(fs.existsSync(path.join(copy, 'src', 'extra.rs')), false);
    // The sample itself was never written.
    assert.equal(
      fs.readFileSync(path.join(sample, 'src', 'main.rs'), 'utf8'),
      'fn main() { None::<u8>.unwrap(); }\n',
    );
  });

  it('the copy lives in an ignored folder, and the demo opens it, not the fixture', () => {
    assert.match(fs.readFileSync(path.join(REPO_ROOT, '.gitignore'), 'utf8'), /^scratch\/$/m);
    const demo = fs.readFileSync(path.join(REPO_ROOT, 'scripts', 'demo.mjs'), 'utf8');
    assert.match(demo, /const folder = path\.join\(root, 'scratch', 'demo-crate'\);/);
  });
});
