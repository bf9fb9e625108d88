import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

/** A CommonJS bundle run through V8's code cache, and how to save its compiled code for next time. */
export interface CachedRun {
  /** The cache held code V8 accepted: this start skipped compiling it. */
  usedCache: boolean;
  /** Writes the code compiled so far (with the functions that have run); false if it could not. */
  save(): boolean;
}

const PREFIX = 'server-';
const SUFFIX = '.v8cache';
/** Caches of other Node versions (another editor's runtime) are left alone unless this stale. */
const STALE_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * Runs `file` as a CommonJS module, compiled from the code cache in `dir` when one was saved for
 * exactly this bundle, Node and CPU. V8 checks its own version and flags but only the source's
 * length, so the file name carries a hash of the content: a new build never runs old code.
 * A missing, unreadable or rejected cache (or no `dir` at all) only costs the compile it would have saved.
 */
export function runWithCodeCache(file: string, dir: string | undefined): CachedRun {
  const source = fs.readFileSync(file, 'utf8');
  const hash = createHash('sha1').update(source).digest('hex');
  const cacheFile = dir && path.join(dir, `${runtimePrefix()}${hash}${SUFFIX}`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = cacheFile ? fs.readFileSync(cacheFile) : undefined;
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(wrap(source), { filename: file, ...(cachedData ? { cachedData } : {}) });
  const usedCache = cachedData !== undefined && !script.cachedDataRejected;
  const module = { exports: {}, filename: file, id: file, loaded: false };
  const run = script.runInThisContext() as ModuleFunction;
  run.call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
  module.loaded = true;
  return { usedCache, save: () => !!cacheFile && saveCache(script, cacheFile) };
}

type ModuleFunction = (
  exports: object,
  require: NodeJS.Require,
  module: object,
  filename: string,
  dirname: string,
) => void;

/** Node's own CommonJS wrapper, so the bundle sees the usual module variables. */
function wrap(source: string): string {
  return `(function (exports, require, module, __filename, __dirname) { ${source}\n})`;
}

/**
 * The runtime's part of a cache's name: VS Code's Node and the one another editor starts the
 * server with each keep their own cache instead of replacing each other's.
 */
function runtimePrefix(): string {
  return `${PREFIX}${process.version}-${process.arch}-`;
}

/** Older builds' caches for this runtime are of no further use; other runtimes' only when stale. */
function pruneOthers(dir: string, keep: string): void {
  const now = Date.now();
  for (const name of fs.readdirSync(dir)) {
    if (name === keep || !name.startsWith(PREFIX) || !name.endsWith(SUFFIX)) continue;
    const file = path.join(dir, name);
    try {
      if (name.startsWith(runtimePrefix()) || now - fs.statSync(file).mtimeMs > STALE_MS)
        fs.rmSync(file, { force: true });
    } catch {
      // Another server pruned it first.
    }
  }
}

/** Writes beside the target and renames, so a server starting meanwhile never reads half a file. */
function saveCache(script: vm.Script, cacheFile: string): boolean {
  const dir = path.dirname(cacheFile);
  const temp = `${cacheFile}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(temp, script.createCachedData());
    fs.renameSync(temp, cacheFile);
    pruneOthers(dir, path.basename(cacheFile));
    return true;
  } catch {
    try {
      fs.rmSync(temp, { force: true });
    } catch {
      // The folder itself is unusable: nothing was written.
    }
    return false;
  }
}
