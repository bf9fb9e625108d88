import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Parser } from 'web-tree-sitter';
import { CrateIndex, indexText, indexTextSteps } from '../engine';
import type { FileItems } from '../engine/semantics/fileItems';
import type { ChunkLimits } from '../engine/chunks';
import { type CrateConfig, crateConfigResolver } from '../shared/clippyConfigFiles';
import { crateRelativePath, crateRootFinder, packageNameAt } from '../shared/crateRoot';
import type { ManifestProblem } from './manifestDiagnostics';
import { listRustFiles } from './workspaceFiles';
import { yieldTurn } from './yieldTurn';

/**
 * A file from 64K characters is indexed 32K characters at a time, a turn of the event loop each:
 * a whole parse of a 500K-character file held an edit up for 50 ms while an index was built.
 */
const INDEX_CHUNKS: ChunkLimits = { fileChars: 64 * 1024, chunkChars: 32 * 1024 };

/** Files beyond this are not indexed (as the CLI's limit on what it reads). */
const MAX_FILE_BYTES = 5 * 1024 * 1024;

/**
 * The crate index of each crate that open documents belong to, built from disk in the background
 * (between other work, a file at a time) so that no edit waits for it. Until it is ready a document
 * is analysed with its own items only; when it is, `onReady` re-validates the crate's documents.
 */
export class WorkspaceCrates {
  private readonly indexes = new Map<string, CrateIndex | 'building'>();
  /** Each build under way or done, for those who wait for an index rather than go on without. */
  private readonly builds = new Map<string, Promise<CrateIndex | undefined>>();
  /** Files changed while their crate's index was being built: read again once it is. */
  private readonly changedDuringBuild = new Set<string>();
  private disposed = false;
  private findRoot = crateRootFinder();
  /** The crate's clippy.toml, `rust-version` and Cargo.toml lint settings. */
  private readonly crateConfig = crateConfigResolver();
  /** Configurations already handed out: a new one is announced with `onConfigRead`. */
  private readonly announced = new WeakSet<CrateConfig>();

  constructor(
    private readonly parser: Parser,
    private readonly onReady: (root: string) => void,
    private readonly log: (message: string) => void,
    /** A crate's configuration files were read (again): their problems are shown. */
    private readonly onConfigRead: (problems: ManifestProblem[]) => void = () => undefined,
    private readonly builder: IndexBuilder = {},
  ) {}

  /** The index of the document's crate, if built; asking starts the build. */
  indexFor(uri: string): CrateIndex | undefined {
    const root = this.rootOf(uri);
    if (!root) return undefined;
    this.startBuild(root);
    const index = this.indexes.get(root);
    return index === 'building' ? undefined : index;
  }

  /** The index of the document's crate once built (the workspace scan waits for it); none outside a crate. */
  whenIndexed(uri: string): Promise<CrateIndex | undefined> {
    const root = this.rootOf(uri);
    return root ? this.startBuild(root) : Promise.resolve(undefined);
  }

  /** The index of the crate at `root` once built (a crate root, as `rootOf` gives). */
  indexOfRoot(root: string): Promise<CrateIndex | undefined> {
    return this.startBuild(root);
  }

  /**
   * Drops a crate's index (the next request builds it again): the workspace scan holds one crate's
   * index at a time, not every crate's of a large workspace.
   */
  release(root: string): void {
    if (this.indexes.get(root) === 'building') return;
    this.indexes.delete(root);
    this.builds.delete(root);
  }

  private startBuild(root: string): Promise<CrateIndex | undefined> {
    let build = this.builds.get(root);
    if (!build) {
      this.indexes.set(root, 'building');
      build = this.build(root).catch((error: unknown) => {
        this.log(`Indexing ${root} failed: ${String(error)}`);
        return undefined;
      });
      this.builds.set(root, build);
    }
    return build;
  }

  /** The configuration of a document's crate (clippy.toml, Cargo.toml); the defaults outside one. */
  configFor(uri: string): CrateConfig | undefined {
    if (!uri.startsWith('file:')) return undefined;
    let config: CrateConfig;
    try {
      config = this.crateConfig(fileURLToPath(uri));
    } catch (error) {
      this.log(`Reading the crate configuration of ${uri} failed: ${String(error)}`);
      return undefined;
    }
    if (!this.announced.has(config)) {
      this.announced.add(config);
      this.onConfigRead(
        config.problems.map(({ file, line, message }) => ({ uri: pathToFileURL(file).href, line, message })),
      );
    }
    return config;
  }

  /**
   * A Cargo.toml or clippy.toml changed, came or went (a folder with one too): every crate's
   * configuration, and which crate a folder is in, are read again when next asked.
   */
  configChanged(): void {
    this.crateConfig.forget();
    this.findRoot = crateRootFinder();
  }

  /** Whether a document lies in a crate. */
  rootOf(uri: string): string | null {
    if (!uri.startsWith('file:')) return null;
    let file: string;
    try {
      file = fileURLToPath(uri);
    } catch {
      return null;
    }
    return this.findRoot(path.dirname(file));
  }

  /**
   * A file saved or changed on disk: its items are read again. A folder deleted or renamed away:
   * the items of every file it held go.
   */
  refresh(uri: string): void {
    const root = this.rootOf(uri);
    const index = root ? this.indexes.get(root) : undefined;
    if (index === 'building') this.changedDuringBuild.add(uri);
    if (!index || index === 'building') return;
    const file = fileURLToPath(uri);
    const key = crateRelativePath(root as string, file);
    if (!file.endsWith('.rs')) return index.removeUnder(key);
    const text = readSmall(file);
    if (text === null) index.remove(key);
    else index.update(indexText(this.parser, text, key));
  }

  private async build(root: string): Promise<CrateIndex | undefined> {
    const index =
      (await this.builtElsewhere(root)) ?? (this.disposed ? undefined : await this.buildHere(root));
    if (!index || this.disposed) return undefined;
    this.indexes.set(root, index);
    // What changed on disk meanwhile may be missing from it (the worker read the files earlier).
    for (const uri of [...this.changedDuringBuild]) {
      if (this.rootOf(uri) !== root) continue;
      this.changedDuringBuild.delete(uri);
      this.refresh(uri);
    }
    this.onReady(root);
    return index;
  }

  /** The server shuts down: no build starts or goes on (one the worker was asked for is not redone here). */
  dispose(): void {
    this.disposed = true;
  }

  private async builtElsewhere(root: string): Promise<CrateIndex | undefined> {
    if (!this.builder.offThread) return undefined;
    try {
      const files = await this.builder.offThread(root);
      return files ? new CrateIndex(files, packageNameAt(root)) : undefined;
    } catch (error) {
      this.log(`Indexing ${root} on the worker thread failed (${String(error)}); indexing it here.`);
      return undefined;
    }
  }

  private async buildHere(root: string): Promise<CrateIndex> {
    const giveWay = this.builder.giveWay ?? yieldTurn;
    const index = new CrateIndex([], packageNameAt(root));
    for (const file of (await listRustFiles(root)).files) {
      // One file, or one chunk of a long one, per turn of the event loop: edits and requests in
      // between are answered first.
      await giveWay();
      if (this.disposed) break;
      const text = readSmall(file);
      if (text === null) continue;
      const steps = indexTextSteps(this.parser, text, crateRelativePath(root, file), INDEX_CHUNKS);
      for (let step = steps.next(); ; step = steps.next()) {
        if (step.done) {
          index.update(step.value);
          break;
        }
        await giveWay();
      }
    }
    return index;
  }
}

/** How a crate's index is built. */
export interface IndexBuilder {
  /** Builds it on another thread; undefined or a failure: it is built here. */
  offThread?: (root: string) => Promise<FileItems[] | undefined>;
  /** What a build here runs between its steps: by default one turn of the event loop. */
  giveWay?: () => Promise<void>;
}

/** The file's text, or null when it is unreadable or longer than the server analyses. */
export function readSmall(file: string): string | null {
  try {
    if (fs.statSync(file).size > MAX_FILE_BYTES) return null;
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}
