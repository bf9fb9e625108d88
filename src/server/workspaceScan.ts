import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { FileChangeType, type Connection, type FileEvent } from 'vscode-languageserver';
import { analyzeTextSteps } from '../engine';
import type { FileItems } from '../engine/semantics/fileItems';
import { findingSnippets } from '../shared/findingSnippet';
import { FINDINGS_NOTIFICATION, type FindingsParams } from '../shared/protocol';
import type { Finding } from '../shared/types';
import { toDiagnostic } from './diagnostics';
import type { RustDocuments } from './documents';
import { enginePathOf } from './enginePath';
import { describeError } from './errors';
import type { ManifestDiagnostics } from './manifestDiagnostics';
import { ScanProgress } from './scanProgress';
import { ScanWorker } from './scanWorker';
import type { SettingsStore } from './settings';
import { runInSlices } from './slicedRun';
import type { Validator } from './validation';
import { readSmall, type WorkspaceCrates } from './workspaceCrates';
import { isSkippedFolder, listRustFiles } from './workspaceFiles';
import { readScanSettings, type WorkspaceScanSettings } from './workspaceSettings';
import { yieldTurn } from './yieldTurn';

/** Files scanned per workspace at most; beyond it the scan says so and stops listing. */
export const WORKSPACE_FILE_LIMIT = 20_000;

/** Shorter than an open document's slices: a keystroke waits for at most one of these. */
const SCAN_SLICE_MS = 4;

export interface WorkspaceScanDeps {
  connection: Connection;
  documents: RustDocuments;
  validator: Validator;
  settings: SettingsStore;
  /** Absent when the client asked for no crate index: files are analysed on their own text. */
  crates?: WorkspaceCrates;
  /** The client answers `workspace/configuration`. */
  canPull: boolean;
  /** Where the grammar is: the scan's worker thread loads it. Without it, the scan runs here. */
  grammarDir?: string;
  /** The warnings on Cargo.toml files: a deleted folder takes those of its own along. */
  manifests?: ManifestDiagnostics;
  /** A folder that came holds a crate (its Cargo.toml, maybe a clippy.toml): settings are read again. */
  onCrateAdded?: () => void;
}

interface Folder {
  /** As the client named it. */
  uri: string;
  path: string;
  settings: WorkspaceScanSettings;
}

/** One pass over every file of the workspace. */
interface FullScan {
  generation: number;
  files: string[];
  next: number;
  progress: ScanProgress;
  /** The crate of the file last analysed, whose index the pass holds. */
  crateRoot?: string | null;
}

/**
 * Whole-workspace diagnostics: every Rust file of the workspace folders is analysed from disk in
 * the background and its findings published while it is not open. An open document's own
 * analysis wins; when it closes, its findings on disk come back. Files and folders changed outside
 * the editor (`workspace/didChangeWatchedFiles`) or by its file operations are analysed again. The
 * work goes a slice at a time and waits whenever an open document waits for analysis, so that no
 * edit is held up by it.
 */
export class WorkspaceScan {
  private folderUris: string[] = [];
  private folders: Folder[] = [];
  /** Bumped by each restart: a pass of an older one stops. */
  private generation = 0;
  private full: FullScan | undefined;
  /** Files to analyse before the full pass goes on (changed on disk, or just closed): path → URI. */
  private readonly urgent = new Map<string, string>();
  /** Files whose findings on disk the client holds (or whose open findings it still shows): path → URI. */
  private readonly published = new Map<string, string>();
  private pumping = false;
  private disposed = false;
  /** The thread the files are parsed and analysed on; undefined: this one, in slices. */
  private worker: ScanWorker | undefined | null = null;

  constructor(private readonly deps: WorkspaceScanDeps) {}

  /** Started on first use, so a server with no workspace folder never starts a thread. */
  private scanWorker(): ScanWorker | undefined {
    if (this.worker === null) {
      const { grammarDir, crates } = this.deps;
      this.worker = grammarDir
        ? ScanWorker.start(grammarDir, crates !== undefined, (message) =>
            this.deps.connection.console.warn(message),
          )
        : undefined;
    }
    if (this.worker && !this.worker.alive) this.worker = undefined;
    return this.worker;
  }

  /**
   * The items of every file of the crate at `root`, indexed on the scan's worker thread, for open
   * documents' typed fixes; undefined where there is no worker (the index is built here then).
   */
  async indexCrate(root: string): Promise<FileItems[] | undefined> {
    const worker = this.disposed ? undefined : this.scanWorker();
    if (!worker) return undefined;
    try {
      return await worker.index(root);
    } finally {
      // With no folder to scan, the thread (its parser, its copy of the index) is not kept: the
      // next crate starts another.
      if (this.folders.length === 0 && worker.idle && this.worker === worker) {
        worker.dispose();
        this.worker = null;
      }
    }
  }

  /** The workspace folders (URIs) to scan; scanning starts (again) with them. */
  setFolders(uris: readonly string[]): void {
    this.folderUris = uris.filter((uri) => uri.startsWith('file:'));
    this.restart();
  }

  /** Settings changed (or the folders): every file is analysed again, and what is now left out cleared. */
  restart(): void {
    if (this.disposed) return;
    // The worker's crates are read again too (a restart follows every configuration change).
    this.worker?.configChanged();
    const generation = ++this.generation;
    this.full?.progress.done();
    this.full = undefined;
    this.plan(generation).catch((error: unknown) => this.log('Listing the workspace files failed', error));
  }

  /**
   * A document closed: whether its findings on disk replace the ones it had (true), or the caller
   * should clear them (false: the file lies outside the scanned folders).
   */
  closed(uri: string): boolean {
    const file = filePath(uri);
    if (!file || !this.covers(file)) return false;
    this.published.set(file, uri);
    this.urgent.set(file, uri);
    this.pump();
    return true;
  }

  /**
   * Files or folders created, changed or deleted (`workspace/didChangeWatchedFiles`, and the
   * editor's file operations as such events). A folder comes as one event, not one per file.
   */
  changed(changes: readonly FileEvent[]): void {
    for (const { uri, type } of changes) {
      const file = filePath(uri);
      if (!file) continue;
      if (type === FileChangeType.Deleted) {
        this.deleted(file, uri);
      } else if (isDirectory(file)) {
        this.walk(file).catch((error: unknown) => this.log(`Scanning ${uri} failed`, error));
      } else if (file.endsWith('.rs')) {
        this.refresh(uri);
        this.urgent.set(file, this.published.get(file) ?? uri);
      }
    }
    this.pump();
  }

  /** A file or folder deleted (or renamed away): the findings of what it held are cleared. */
  private deleted(file: string, uri: string): void {
    for (const [published] of this.published) if (isAtOrBelow(published, file)) this.publish(published, []);
    for (const [queued] of this.urgent) if (isAtOrBelow(queued, file)) this.urgent.delete(queued);
    // The crate indexes drop its items (a folder's: of every file it held).
    this.refresh(uri);
    if (file.endsWith('.rs')) return;
    // A folder, as far as can be told once it is gone. Crates' settings read from its files are
    // forgotten (it may come back with others); every file they applied to was in it.
    this.deps.manifests?.drop((manifest) => isAtOrBelow(filePath(manifest) ?? '', file));
    this.deps.crates?.configChanged();
    this.worker?.configChanged();
  }

  /** A folder created or renamed to: its Rust files are analysed, as the full pass would. */
  private async walk(dir: string): Promise<void> {
    if (!this.reaches(dir, true)) return;
    const { files } = await listRustFiles(dir, { limit: WORKSPACE_FILE_LIMIT });
    const covered = files.filter((file) => this.covers(file));
    const uris = covered.map((file) => this.published.get(file) ?? pathToFileURL(file).href);
    for (const uri of uris) {
      // A crate index kept on this thread parses the file here: edits go first.
      await this.giveWay();
      this.refresh(uri);
    }
    const { crates, onCrateAdded } = this.deps;
    // A crate came with it: its settings apply, and the full pass that follows analyses its files.
    if (onCrateAdded && uris.some((uri) => isAtOrBelow(crates?.rootOf(uri) ?? '', dir))) {
      onCrateAdded();
    } else {
      covered.forEach((file, i) => this.urgent.set(file, uris[i] as string));
      this.pump();
    }
  }

  /** A Rust file changed on disk: the crate indexes read it again. */
  private refresh(uri: string): void {
    this.deps.crates?.refresh(uri);
    this.worker?.refresh(uri);
  }

  dispose(): void {
    this.disposed = true;
    this.worker?.dispose();
    this.full?.progress.done();
    this.full = undefined;
    this.urgent.clear();
  }

  private async plan(generation: number): Promise<void> {
    const folders: Folder[] = [];
    for (const uri of this.folderUris) {
      const folderPath = filePath(uri);
      if (!folderPath) continue;
      const pushed = this.deps.settings.pushedSection;
      const settings = await readScanSettings(this.deps.connection, this.deps.canPull, uri, pushed);
      folders.push({ uri, path: folderPath, settings });
    }
    if (generation !== this.generation) return;
    this.folders = folders;
    const enabled = folders.filter((f) => f.settings.enabled);
    const files: string[] = [];
    if (enabled.length > 0) {
      for (const folder of enabled) {
        const limit = WORKSPACE_FILE_LIMIT - files.length;
        const listed = await listRustFiles(folder.path, { exclude: folder.settings.exclude, limit });
        if (generation !== this.generation) return;
        // A folder inside another is one workspace folder's files, not two.
        for (const file of listed.files) if (this.folderOf(file) === folder) files.push(file);
        if (listed.truncated) {
          this.deps.connection.console.warn(
            `Workspace diagnostics: more than ${WORKSPACE_FILE_LIMIT} Rust files; the rest are not scanned.`,
          );
          break;
        }
      }
    }
    // Findings of files no longer scanned (excluded, switched off) go now; the rest are replaced.
    const scanned = new Set(files);
    for (const [file] of this.published) {
      if (!scanned.has(file) && !this.isOpen(file)) this.publish(file, []);
    }
    // Nothing to scan (no folder, or switched off): no progress flashes by.
    if (files.length === 0) return;
    const progress = await ScanProgress.begin(this.deps.connection, files.length);
    if (generation !== this.generation) return progress.done();
    this.full = { generation, files, next: 0, progress };
    this.pump();
  }

  /** Works through the urgent files, then the full pass, one file at a time, giving way to edits. */
  private pump(): void {
    if (this.pumping || this.disposed) return;
    this.pumping = true;
    this.drain()
      .catch((error: unknown) => this.log('The workspace scan failed', error))
      .finally(() => {
        this.pumping = false;
        // Work that arrived as the loop ended.
        if (this.urgent.size > 0 || this.full) this.pump();
      });
  }

  private async drain(): Promise<void> {
    for (;;) {
      await this.deps.validator.whenIdle();
      if (this.disposed) return;
      const [urgent] = this.urgent;
      if (urgent) {
        const [file, uri] = urgent;
        this.urgent.delete(file);
        await this.analyse(file, uri);
        continue;
      }
      const full = this.full;
      if (!full) return;
      if (full.next < full.files.length) {
        const file = full.files[full.next++] as string;
        const uri = this.published.get(file) ?? pathToFileURL(file).href;
        this.moveToCrate(full, uri);
        await this.analyse(file, uri);
        full.progress.report(full.next, full.files.length);
        continue;
      }
      this.moveToCrate(full, undefined);
      full.progress.done();
      this.full = undefined;
      return;
    }
  }

  /**
   * The full pass goes crate by crate (the walk keeps a crate's files together): the index of the
   * crate it leaves is dropped unless an open document needs it.
   */
  private moveToCrate(full: FullScan, uri: string | undefined): void {
    const crates = this.deps.crates;
    if (!crates) return;
    const root = uri ? crates.rootOf(uri) : null;
    const left = full.crateRoot;
    full.crateRoot = root;
    if (!left || left === root) return;
    if (this.deps.documents.all().some((doc) => crates.rootOf(doc.uri) === left)) return;
    crates.release(left);
    if (this.worker) this.worker.release(left);
  }

  /** Analyses a file on disk and publishes its findings, unless it is open, gone or left out. */
  private async analyse(file: string, uri: string): Promise<void> {
    try {
      await this.analyseOrThrow(file, uri);
    } catch (error) {
      // One file's failure is logged; the others are still scanned.
      this.log(`Scanning ${uri} failed`, error);
    }
  }

  private async analyseOrThrow(file: string, uri: string): Promise<void> {
    const generation = this.generation;
    if (this.isOpen(file)) return;
    const folder = this.folderOf(file);
    const text = folder && this.covers(file) ? readSmall(file) : null;
    if (!folder || text === null) return this.publish(file, []);
    const { crates, settings, connection } = this.deps;
    // Settings are the folder's (one request per folder, not per file), under the crate's own.
    const { settings: fileSettings, clippy } = this.deps.validator.crateSettings(
      uri,
      await settings.get(folder.uri),
    );
    const stillWanted = () => !this.disposed && this.generation === generation;
    const worker = this.scanWorker();
    if (worker) {
      // The worker keeps its own crate indexes: fixes are typed as in open documents.
      const request = { uri, path: enginePathOf(uri), text, settings: fileSettings };
      const found = await worker
        .analyse(clippy ? { ...request, clippy } : request)
        .catch((error: unknown) => {
          // The worker is gone: this file and the rest are analysed on this thread.
          this.log("The scan's worker thread failed", error);
          return undefined;
        });
      if (found) {
        if (stillWanted() && !this.isOpen(file)) this.publish(file, found, uri, findingSnippets(text, found));
        return;
      }
    }
    // Fixes in files that are not open are typed as in open ones: the crate's index comes first.
    const crate = await crates?.whenIndexed(uri);
    const steps = analyzeTextSteps(this.parser(), text, enginePathOf(uri), {
      settings: fileSettings,
      ...(crate ? { crate } : {}),
      ...(clippy ? { clippy } : {}),
      onRuleError: (rule, error) =>
        connection.console.error(`Rule ${rule} failed on ${uri}: ${describeError(error)}`),
      onSkipped: (reason) => connection.console.warn(`${uri}: ${reason}`),
    });
    const findings = await runInSlices(steps, stillWanted, this.giveWay, SCAN_SLICE_MS);
    // Opened meanwhile: the document's own analysis publishes. Restarted: the new pass does.
    if (!findings || !stillWanted() || this.isOpen(file)) return;
    this.publish(file, findings, uri, findingSnippets(text, findings));
  }

  private readonly giveWay = async (): Promise<void> => {
    await yieldTurn();
    await this.deps.validator.whenIdle();
  };

  /**
   * Sends a file's findings on disk, with their lines' snippets (the client does not have the
   * text); an empty list only to clear what the client holds.
   */
  private publish(
    file: string,
    findings: Finding[],
    uri = this.published.get(file),
    snippets: string[] = [],
  ): void {
    if (!uri) return;
    if (findings.length === 0 && !this.published.has(file)) return;
    if (findings.length === 0) this.published.delete(file);
    else this.published.set(file, uri);
    const { connection } = this.deps;
    const diagnostics = findings.map((f) => toDiagnostic(f, 0));
    connection.sendDiagnostics({ uri, diagnostics }).catch((e: unknown) => this.log('Publishing failed', e));
    const params: FindingsParams = { uri, version: 0, findings, onDisk: true };
    if (findings.length > 0) params.snippets = snippets;
    connection
      .sendNotification(FINDINGS_NOTIFICATION, params)
      .catch((e: unknown) => this.log('Publishing findings failed', e));
  }

  /** The innermost scanned folder holding the file. */
  private folderOf(file: string): Folder | undefined {
    let best: Folder | undefined;
    for (const folder of this.folders) {
      if (!folder.settings.enabled || !isBelow(file, folder.path)) continue;
      if (!best || folder.path.length > best.path.length) best = folder;
    }
    return best;
  }

  /** Whether the scan reports this file: in a scanned folder, in no skipped or excluded folder. */
  private covers(file: string): boolean {
    return file.endsWith('.rs') && this.reaches(file, false);
  }

  /** Whether the full pass's walk gets to this file or folder (nor it nor a folder above it is left out). */
  private reaches(target: string, isFolder: boolean): boolean {
    const folder = this.folderOf(target);
    if (!folder) return false;
    const parts = path.relative(folder.path, target).split(path.sep);
    let dir = folder.path;
    for (let i = 0; i < parts.length; i++) {
      const name = parts[i] as string;
      const isFile = !isFolder && i === parts.length - 1;
      const parent = dir;
      dir = path.join(dir, name);
      const crateOrTop = parent === folder.path || fs.existsSync(path.join(parent, 'Cargo.toml'));
      if (!isFile && isSkippedFolder(name, crateOrTop)) return false;
      const relative = parts.slice(0, i + 1).join('/');
      const sibling = (n: string) => fs.existsSync(path.join(parent, n));
      if (folder.settings.exclude.excludes(relative, dir.split(path.sep).join('/'), sibling)) return false;
    }
    return true;
  }

  private isOpen(file: string): boolean {
    return this.deps.documents.all().some((doc) => filePath(doc.uri) === file);
  }

  private parser() {
    return this.deps.documents.parser;
  }

  private log(what: string, error: unknown): void {
    this.deps.connection.console.error(`${what}: ${describeError(error)}`);
  }
}

function filePath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return path.resolve(fileURLToPath(uri));
  } catch {
    return undefined;
  }
}

function isBelow(file: string, folder: string): boolean {
  return file.startsWith(folder.endsWith(path.sep) ? folder : `${folder}${path.sep}`);
}

function isAtOrBelow(file: string, folder: string): boolean {
  return file === folder || isBelow(file, folder);
}

function isDirectory(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
}
