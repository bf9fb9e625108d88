import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Parser } from 'web-tree-sitter';
import { CrateIndex, indexText } from '../engine';
import { type CrateConfig, crateConfigResolver } from '../shared/clippyConfigFiles';
import { crateRelativePath, crateRootFinder } from '../shared/crateRoot';
import type { ManifestProblem } from './manifestDiagnostics';

/** Files beyond this are not indexed (as the CLI's limit on what it reads). */
const MAX_FILE_BYTES = 5 * 1024 * 1024;

/**
 * The crate index of each crate that open documents belong to, built from disk in the background
 * (between other work, a file at a time) so that no edit waits for it. Until it is ready a document
 * is analysed with its own items only; when it is, `onReady` re-validates the crate's documents.
 */
export class WorkspaceCrates {
  private readonly indexes = new Map<string, CrateIndex | 'building'>();
  private readonly findRoot = crateRootFinder();
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
  ) {}

  /** The index of the document's crate, if built; asking starts the build. */
  indexFor(uri: string): CrateIndex | undefined {
    const root = this.rootOf(uri);
    if (!root) return undefined;
    const index = this.indexes.get(root);
    if (index === undefined) {
      this.indexes.set(root, 'building');
      this.build(root).catch((error: unknown) => this.log(`Indexing ${root} failed: ${String(error)}`));
      return undefined;
    }
    return index === 'building' ? undefined : index;
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

  /** A Cargo.toml or clippy.toml changed: every crate's configuration is read again when next asked. */
  configChanged(): void {
    this.crateConfig.forget();
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

  /** A file saved or changed on disk: its items are read again. */
  refresh(uri: string): void {
    const root = this.rootOf(uri);
    const index = root ? this.indexes.get(root) : undefined;
    if (!index || index === 'building') return;
    const file = fileURLToPath(uri);
    const text = readSmall(file);
    const key = crateRelativePath(root as string, file);
    if (text === null) index.remove(key);
    else index.update(indexText(this.parser, text, key));
  }

  private async build(root: string): Promise<void> {
    const index = new CrateIndex();
    for (const file of rustFiles(root)) {
      // One file per turn of the event loop: edits and requests in between are answered first.
      await new Promise<void>((resolve) => setImmediate(resolve));
      const text = readSmall(file);
      if (text !== null) index.update(indexText(this.parser, text, crateRelativePath(root, file)));
    }
    this.indexes.set(root, index);
    this.onReady(root);
  }
}

function readSmall(file: string): string | null {
  try {
    if (fs.statSync(file).size > MAX_FILE_BYTES) return null;
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** Every `.rs` file under a crate root, skipping `target/` and hidden folders; links are not followed. */
function rustFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.name.startsWith('.') || e.name === 'target') continue;
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.isFile() && e.name.endsWith('.rs')) out.push(full);
    }
  };
  walk(root);
  return out;
}
