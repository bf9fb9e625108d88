#!/usr/bin/env node
// The newcomer's one command (`npm start`): sets up a real VS Code (code-server 4.100.3 =
// VS Code 1.100.3), packages the extension, installs it into a cached demo profile and
// opens a copy of the learner crate (scratch/demo-crate) at http://127.0.0.1:PORT. The copy
// keeps your edits from one run to the next; `--fresh` copies the sample again. Ctrl+C stops
// everything.
//
//   PORT=8080 node scripts/demo.mjs [--fresh]      (npm start -- --fresh)
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkPortFree, prepareDemoCrate } from './demoSetup.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const toolsDir = process.env.RUST_SAFETY_COACH_TOOLS ?? path.join(root, '.tools');
const entry = path.join(toolsDir, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const demoDir = path.join(toolsDir, 'demo');
const userDataDir = path.join(demoDir, 'user-data');
const extensionsDir = path.join(demoDir, 'extensions');
const vsix = path.join(root, 'rust-safety-coach.vsix');
const sample = path.join(root, 'test', 'fixtures', 'learner-crate');
// The demo's own copy: a quick fix applied in the demo must not edit the fixture the tests read.
const folder = path.join(root, 'scratch', 'demo-crate');
const fresh = process.argv.includes('--fresh');
const unknown = process.argv.slice(2).filter((arg) => arg !== '--fresh');
const port = Number(process.env.PORT ?? 8080);
const host = '127.0.0.1';

const log = (message) => console.log(`[demo] ${message}`);
const die = (message) => {
  console.error(`[demo] ERROR: ${message}`);
  process.exit(1);
};

if (!Number.isInteger(port) || port <= 0 || port > 65535)
  die(`PORT must be a port number, got ${process.env.PORT}`);
if (unknown.length > 0) die(`unknown argument ${unknown[0]}; the only option is --fresh`);
if (!fs.existsSync(path.join(sample, 'Cargo.toml'))) die(`the learner crate is missing: ${sample}`);
// Before the slow steps: a busy port would otherwise end in a ready line for someone else's server.
try {
  await checkPortFree(host, port);
} catch (error) {
  die(error.message);
}

/** Runs a command in the repository, streaming its output; exits on failure. */
function run(title, command, args) {
  log(title);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) die(`${title} failed (${result.error?.message ?? `exit code ${result.status}`})`);
}

// code-server's config file and XDG folders stay inside the demo folder, not in ~/.config.
const env = {
  ...process.env,
  XDG_CONFIG_HOME: path.join(demoDir, 'xdg-config'),
  XDG_DATA_HOME: path.join(demoDir, 'xdg-data'),
};
for (const key of Object.keys(env)) {
  if (key.startsWith('VSCODE_') || key === 'ELECTRON_RUN_AS_NODE') delete env[key];
}
delete env.PASSWORD;
delete env.HASHED_PASSWORD;

const common = [
  '--config',
  path.join(demoDir, 'config.yaml'),
  '--user-data-dir',
  userDataDir,
  '--extensions-dir',
  extensionsDir,
];

run('1/4 Setting up VS Code (code-server 4.100.3) in .tools/code-server', 'bash', [
  path.join(root, 'test', 'e2e', 'setup-vscode.sh'),
]);
run('2/4 Packaging the extension (npm run package)', 'npm', ['run', '--silent', 'package']);
if (!fs.existsSync(vsix)) die(`npm run package did not produce ${vsix}`);

log(`3/4 Installing rust-safety-coach.vsix into ${path.relative(root, demoDir)}`);
fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
fs.mkdirSync(extensionsDir, { recursive: true });
const settingsFile = path.join(userDataDir, 'User', 'settings.json');
const quietSettings = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'git.openRepositoryInParentFolders': 'never',
};
let settings = {};
try {
  settings = JSON.parse(fs.readFileSync(settingsFile, 'utf8'));
} catch {
  // missing (first run) or edited into something that is not plain JSON: start over
}
// Only missing keys are added: a newcomer's own changes to the demo settings are kept.
fs.writeFileSync(settingsFile, `${JSON.stringify({ ...quietSettings, ...settings }, null, 2)}\n`);
const install = spawnSync(process.execPath, [entry, ...common, '--force', '--install-extension', vsix], {
  cwd: root,
  env,
  encoding: 'utf8',
});
if (install.status !== 0 || !/successfully installed/i.test(`${install.stdout}${install.stderr}`)) {
  die(`installing the VSIX failed:\n${install.stdout}${install.stderr}`);
}

const copy = prepareDemoCrate(sample, folder, { fresh });
const copyNote = {
  created: `a fresh copy of the sample crate in ${path.relative(root, folder)}`,
  reset: `${path.relative(root, folder)}, copied again from the sample (--fresh)`,
  kept: `your copy in ${path.relative(root, folder)}, edits kept (npm start -- --fresh resets it)`,
}[copy];
log(`4/4 Starting VS Code on ${host}:${port}`);
const server = spawn(
  process.execPath,
  [
    entry,
    ...common,
    '--auth',
    'none',
    '--bind-addr',
    `${host}:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    folder,
  ],
  { cwd: folder, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
);
const serverLog = fs.createWriteStream(path.join(demoDir, 'code-server.log'), { flags: 'a' });
server.stdout.pipe(serverLog);
server.stderr.pipe(serverLog);
// Show code-server's own errors (e.g. the port is taken) on the console too.
server.stderr.on('data', (chunk) => {
  const text = String(chunk)
    .split('\n')
    .filter((line) => !line.includes('vsda')) // Microsoft's closed-source module, absent in code-server
    .join('\n');
  if (text.trim()) process.stderr.write(text);
});

let stopping = false;
let ready = false;

function stopServer(signal, exitCode = 0) {
  if (stopping) return;
  stopping = true;
  log(`${signal}: stopping VS Code (pid ${server.pid})...`);
  const killGroup = (sig) => {
    try {
      process.kill(-server.pid, sig); // code-server, its extension host and the language server
    } catch {
      // already gone
    }
  };
  killGroup('SIGTERM');
  const force = setTimeout(() => killGroup('SIGKILL'), 5_000);
  server.once('exit', () => {
    clearTimeout(force);
    killGroup('SIGKILL'); // children that outlived the main process
    log('stopped.');
    process.exit(exitCode);
  });
}

process.on('SIGINT', () => stopServer('SIGINT'));
process.on('SIGTERM', () => stopServer('SIGTERM'));
process.on('SIGHUP', () => stopServer('SIGHUP'));

server.once('exit', (code, signal) => {
  if (stopping) return;
  die(`VS Code exited (${signal ?? `exit code ${code}`}); see ${path.join(demoDir, 'code-server.log')}`);
});

function healthy() {
  return new Promise((resolve) => {
    const request = http.get({ host, port, path: '/healthz', timeout: 2_000 }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(false));
  });
}

const deadline = Date.now() + 60_000;
while (!ready && !stopping) {
  if (await healthy()) {
    ready = true;
    break;
  }
  if (Date.now() > deadline) {
    console.error(`[demo] ERROR: VS Code did not answer on ${host}:${port} within 60 s`);
    stopServer('timeout', 1);
    break;
  }
  await new Promise((resolve) => setTimeout(resolve, 250));
}
if (ready) {
  const url = `http://${host}:${port}/?folder=${encodeURIComponent(folder).replace(/%2F/g, '/')}`;
  console.log('');
  console.log(`Rust Safety Coach demo: ${url}`);
  console.log('');
  log(`Opened ${copyNote}.`);
  log('Open src/main.rs: unwrap() calls are underlined; hover one for its lesson, Ctrl+. for a fix.');
  log('Press Ctrl+C to stop.');
}
