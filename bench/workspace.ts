// Whole-workspace diagnostics (issue 17): how long the built server takes to check every file of a
// workspace in the background, what an edit in an open file costs while it does, and the server's
// peak memory after it.
import fs from 'node:fs';
import { fileUri, LspProcess } from './lsp';

export interface WorkspaceScanFigures {
  /** Files the scan went through, as its progress counted them. */
  files: number;
  /** Files published with findings. */
  publishedFiles: number;
  /** From `initialized` to the progress's end, every file's diagnostics published (ms). */
  scanMs: number;
  /** The server's VmHWM after the scan (MB). */
  peakMb: number;
}

interface ProgressValue {
  kind?: string;
  message?: string;
}

const SCAN_TIMEOUT_MS = 30 * 60_000;

function start(folders: string[], debounceZero: boolean): LspProcess {
  return new LspProcess(
    process.execPath,
    ['dist/server.js', '--stdio'],
    debounceZero ? { RUST_SAFETY_COACH_DEBOUNCE_MS: '0' } : {},
  ).withInitialize({
    workspaceFolders: folders.map((f) => ({ uri: fileUri(f), name: f })),
    capabilities: { window: { workDoneProgress: true } },
  });
}

/** Waits for the scan's progress to end; resolves with the file count its begin message gave. */
function scanDone(server: LspProcess): { total: Promise<number>; end: Promise<unknown> } {
  const value = (m: { params?: unknown }) => (m.params as { value?: ProgressValue } | undefined)?.value;
  const total = server
    .waitFor((m) => m.method === '$/progress' && value(m)?.kind === 'begin', SCAN_TIMEOUT_MS)
    .then((m) => Number(/\/(\d+)$/.exec(value(m)?.message ?? '')?.[1]));
  const end = server.waitFor((m) => m.method === '$/progress' && value(m)?.kind === 'end', SCAN_TIMEOUT_MS);
  return { total, end };
}

/** One scan of the folders, nothing open. */
export async function workspaceScan(folders: string[]): Promise<WorkspaceScanFigures> {
  const server = start(folders, false);
  const published = new Set<string>();
  server.onMessage((m) => {
    if (m.method === 'textDocument/publishDiagnostics' && m.params?.uri && m.params.diagnostics?.length)
      published.add(m.params.uri);
  });
  const { total, end } = scanDone(server);
  const t0 = await server.initialize();
  await end;
  const scanMs = performance.now() - t0;
  const figures = { files: await total, publishedFiles: published.size, scanMs, peakMb: server.peakRssMb() };
  await server.stop();
  return figures;
}

/**
 * Edits in `file` (opened right after `initialized`), each timed until its diagnostics arrive, with
 * the workspace scan of `folders` running (or none when empty). `duringScan` counts the edits made
 * before the scan ended.
 */
export async function editsWhileScanning(
  folders: string[],
  file: string,
  edits: number,
): Promise<{ latencies: number[]; duringScan: number }> {
  const server = start(folders, true);
  let scanning = folders.length > 0;
  const { end } = scanDone(server);
  void end.then(() => (scanning = false)).catch(() => undefined);
  await server.initialize();
  const text = fs.readFileSync(file, 'utf8');
  const lineCount = text.split('\n').length;
  const uri = fileUri(file);
  const opened = server.diagnosticsFor(uri, 1);
  server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'rust', version: 1, text } });
  await opened;
  const latencies: number[] = [];
  let duringScan = 0;
  for (let i = 0; i < edits; i++) {
    const version = i + 2;
    const line = Math.floor(((i * 7919) % edits) * (lineCount / edits));
    const done = server.diagnosticsFor(uri, version);
    const t = performance.now();
    server.notify('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: ' ' }],
    });
    await done;
    latencies.push(performance.now() - t);
    if (scanning) duringScan++;
    // A typist's pause: the scan gets its turn between keystrokes, as it would in the editor.
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await server.stop();
  return { latencies, duringScan };
}
