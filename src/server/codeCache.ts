import { isAscii } from 'node:buffer';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import { crypto } from '../shared/lazyCrypto';

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
 * length, so the file name also names the bundle file itself (see `bundleKey`): a new build never
 * runs old code. A missing, unreadable or rejected cache (or no `dir` at all) only costs the
 * compile it would have saved.
 */
export function runWithCodeCache(file: string, dir: string | undefined): CachedRun {
  const source = readSource(file);
  const cacheFile = dir && path.join(dir, `${runtimePrefix()}${bundleKey(file)}${SUFFIX}`);
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

/**
 * The bundle's text. esbuild writes ASCII (other characters become escapes), which reads as Latin-1
 * with no UTF-8 decoding: 3 ms less of every start, and half the fresh memory. Anything else is
 * decoded as UTF-8.
 */
function readSource(file: string): string {
  const bytes = fs.readFileSync(file);
  return isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
}

/**
 * The bundle file's identity and last change: device, inode, size, and modification and change
 * times in nanoseconds. Any write to the file moves its change time, which no tool can set back, so
 * a rebuilt or reinstalled bundle gets a new key. Only a rewrite of the same size within one tick
 * of the file system's clock (a few ms) could keep the key, and builds and installs are far
 * slower than that. Hashing the content instead cost every start 4–6 ms (loading node:crypto and
 * hashing half a megabyte).
 */
function bundleKey(file: string): string {
  const st = fs.statSync(file, { bigint: true });
  return [st.dev, st.ino, st.size, st.mtimeNs, st.ctimeNs].join('-');
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
  const temp = `${cacheFile}.${crypto().randomBytes(6).toString('hex')}.tmp`;
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
