// The server on the web host beside the Node one, same machine and run: first diagnostics after
// opening a 4k-line file, and per-keystroke latency (debounce 0) on it. The web server is
// dist/serverWorker.js in a Web Worker of headless Chromium, started as the web client starts it
// (script and wasm fetched, worker from a Blob URL, wasm bytes posted); the Node one is
// dist/server.js over stdio (bench/lsp.ts). Prints Markdown rows for docs/benchmarks.md.
//
//   npm run package && node --import tsx bench/webHost.ts [--smoke]
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser } from '../test/support/browser';
import { fileUri, LspProcess } from './lsp';

const ROOT = path.resolve(__dirname, '..');
const SMOKE = process.argv.includes('--smoke');
const TARGET = process.env.BENCH_TARGET ?? '/usr/src/rustc-1.63.0/library/core/src/slice/mod.rs';
const RUNS = SMOKE ? 2 : 7;
const EDITS = SMOKE ? 10 : 200;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)] ?? NaN;
const spread = (xs: number[]) =>
  `${median(xs).toFixed(0)} (${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}, n=${xs.length})`;
const editRow = (xs: number[]) =>
  `p50 ${median(xs).toFixed(1)}, p95 ${percentile(xs, 95).toFixed(1)}, max ${Math.max(...xs).toFixed(1)}`;

/** The edit of bench/run.ts: a space at the start of a line spread over the file. */
function editLine(i: number, lineCount: number): number {
  return Math.floor(((i * 7919) % EDITS) * (lineCount / EDITS));
}

async function nodeFirstDiagnostics(text: string, cacheDir: string): Promise<number> {
  const server = new LspProcess(process.execPath, [path.join(ROOT, 'dist', 'server.js'), '--stdio'], {
    RUST_SAFETY_COACH_CACHE_DIR: cacheDir,
  });
  await server.initialize();
  const uri = fileUri(TARGET);
  const diagnostics = server.diagnosticsFor(uri);
  server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'rust', version: 1, text } });
  await diagnostics;
  const ms = performance.now() - server.spawnedAt;
  await server.stop();
  return ms;
}

async function nodeEdits(text: string): Promise<number[]> {
  const server = new LspProcess(process.execPath, [path.join(ROOT, 'dist', 'server.js'), '--stdio'], {
    RUST_SAFETY_COACH_DEBOUNCE_MS: '0',
  });
  await server.initialize();
  const uri = fileUri(TARGET);
  const opened = server.diagnosticsFor(uri);
  server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'rust', version: 1, text } });
  await opened;
  const lineCount = text.split('\n').length;
  const latencies: number[] = [];
  for (let i = 0; i < EDITS; i++) {
    const version = i + 2;
    const line = editLine(i, lineCount);
    const done = server.diagnosticsFor(uri, version);
    const start = performance.now();
    server.notify('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: ' ' }],
    });
    await done;
    latencies.push(performance.now() - start);
  }
  await server.stop();
  return latencies;
}

/** Serves the bundle, the wasm and the target file to the page. */
function serve(): Promise<{ url: string; close: () => void }> {
  const files: Record<string, string> = {
    '/serverWorker.js': path.join(ROOT, 'dist', 'serverWorker.js'),
    '/web-tree-sitter.wasm': path.join(ROOT, 'grammars', 'web-tree-sitter.wasm'),
    '/tree-sitter-rust.wasm': path.join(ROOT, 'grammars', 'tree-sitter-rust.wasm'),
    '/target.rs': TARGET,
  };
  const server = http.createServer((request, response) => {
    const file = files[request.url ?? ''];
    if (request.url === '/') response.end('<!doctype html><title>bench</title>');
    else if (file) response.end(fs.readFileSync(file));
    else response.writeHead(404).end();
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
        close: () => server.close(),
      }),
    ),
  );
}

interface WebRun {
  first: number;
  edits: number[];
}

/**
 * One worker: from fetching its script to the first diagnostics of the target, then `edits`
 * keystrokes. The debounce is set to 0 as the Node run's environment variable sets it: a `process`
 * shim before the bundle, which only validation.ts reads (its `on` is for startServer's guard).
 */
function webRun(page: Page, edits: number, lineStep: number[]): Promise<WebRun> {
  const inPage = async ({ edits, lineStep }: { edits: number; lineStep: number[] }): Promise<WebRun> => {
    const t0 = performance.now();
    const [script, runtime, grammar, text] = await Promise.all([
      fetch('/serverWorker.js').then((r) => r.text()),
      fetch('/web-tree-sitter.wasm').then((r) => r.arrayBuffer()),
      fetch('/tree-sitter-rust.wasm').then((r) => r.arrayBuffer()),
      fetch('/target.rs').then((r) => r.text()),
    ]);
    const shim = edits > 0 ? 'var process = { env: { RUST_SAFETY_COACH_DEBOUNCE_MS: "0" }, on() {} };\n' : '';
    const worker = new Worker(URL.createObjectURL(new Blob([shim + script], { type: 'text/javascript' })));
    worker.postMessage({ type: 'rustSafetyCoach/init', runtime, grammar, crateRoots: [] }, [
      runtime,
      grammar,
    ]);
    type Msg = { id?: number; method?: string; params?: { uri?: string; version?: number } };
    const waiters: { test: (m: Msg) => boolean; resolve: () => void }[] = [];
    worker.onmessage = ({ data }: MessageEvent<Msg>) => {
      const i = waiters.findIndex((w) => w.test(data));
      if (i >= 0) waiters.splice(i, 1)[0]?.resolve();
    };
    const wait = (test: (m: Msg) => boolean) =>
      new Promise<void>((resolve) => waiters.push({ test, resolve }));
    const send = (m: object) => worker.postMessage({ jsonrpc: '2.0', ...m });
    const uri = 'file:///bench/core/src/slice/mod.rs';
    const diagnostics = (version?: number) =>
      wait(
        (m) =>
          m.method === 'textDocument/publishDiagnostics' &&
          m.params?.uri === uri &&
          (version === undefined || m.params.version === version),
      );
    const initialized = wait((m) => m.id === 1 && m.method === undefined);
    send({ id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
    await initialized;
    send({ method: 'initialized', params: {} });
    const opened = diagnostics();
    send({
      method: 'textDocument/didOpen',
      params: { textDocument: { uri, languageId: 'rust', version: 1, text } },
    });
    await opened;
    const first = performance.now() - t0;
    const latencies: number[] = [];
    for (let i = 0; i < edits; i++) {
      const version = i + 2;
      const line = lineStep[i] ?? 0;
      const done = diagnostics(version);
      const start = performance.now();
      send({
        method: 'textDocument/didChange',
        params: {
          textDocument: { uri, version },
          contentChanges: [
            { range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: ' ' },
          ],
        },
      });
      await done;
      latencies.push(performance.now() - start);
    }
    worker.terminate();
    return { first, edits: latencies };
  };
  // As source: tsx names the functions it compiles with a `__name` helper the page lacks.
  return page.evaluate(
    `(() => { const __name = (f) => f; return (${inPage.toString()})(${JSON.stringify({ edits, lineStep })}); })()`,
  ) as Promise<WebRun>;
}

function size(file: string): string {
  const bytes = fs.readFileSync(path.join(ROOT, file));
  return `${(bytes.length / 1024).toFixed(0)} KB (gzip ${(gzipSync(bytes).length / 1024).toFixed(0)} KB)`;
}

async function main(): Promise<void> {
  const text = fs.readFileSync(TARGET, 'utf8');
  const lineCount = text.split('\n').length;
  const lines = Array.from({ length: EDITS }, (_, i) => editLine(i, lineCount));
  const { url, close } = await serve();
  const browser = await launchBrowser();
  const page = await browser.newPage();
  await page.goto(url);
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'rsc-bench-cache-'));
  await nodeFirstDiagnostics(text, cache); // fills the code cache, as every start but the first
  await webRun(page, 0, []); // Chromium's first worker start, as the browser's second and later
  const node: number[] = [];
  const web: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    node.push(await nodeFirstDiagnostics(text, cache));
    web.push((await webRun(page, 0, [])).first);
  }
  const nodeKeys = await nodeEdits(text);
  const webKeys = (await webRun(page, EDITS, lines)).edits;
  const chromium = browser.version();
  await browser.close();
  close();
  fs.rmSync(cache, { recursive: true, force: true });
  const name = `core/src/slice/mod.rs (${lineCount} lines)`;
  const rows = [
    ['First diagnostics after didOpen of ' + name + ', Node server: from spawn (ms)', spread(node)],
    ['… web server: from fetching its script to the worker’s diagnostics (ms)', spread(web)],
    [`Per-edit latency, ${name}, ${EDITS} edits, debounce 0, Node server (ms)`, editRow(nodeKeys)],
    ['… web server in a Web Worker (ms)', editRow(webKeys)],
    ['Browser bundles: dist/extensionWeb.js', size('dist/extensionWeb.js')],
    ['… dist/serverWorker.js', size('dist/serverWorker.js')],
    [
      '… grammars (both .wasm, shared with the Node server)',
      `${((fs.statSync(path.join(ROOT, 'grammars/web-tree-sitter.wasm')).size + fs.statSync(path.join(ROOT, 'grammars/tree-sitter-rust.wasm')).size) / 1024).toFixed(0)} KB`,
    ],
    [
      'Node bundles: dist/extension.js / dist/serverMain.js',
      `${size('dist/extension.js')} / ${size('dist/serverMain.js')}`,
    ],
  ];
  if (fs.existsSync(path.join(ROOT, 'rust-safety-coach.vsix'))) {
    rows.push([
      '.vsix (both hosts)',
      `${(fs.statSync(path.join(ROOT, 'rust-safety-coach.vsix')).size / 1024 / 1024).toFixed(2)} MB`,
    ]);
  }
  console.log(
    `Chromium ${chromium}, Node ${process.version}, ${os.cpus().length} CPUs, load ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  console.log('| Measure | Value |\n| --- | --- |');
  for (const [measure, value] of rows) console.log(`| ${measure} | ${value} |`);
}

void main();
