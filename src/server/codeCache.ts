import { isAscii } from 'node:buffer';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import { readCacheFile, writeCacheFile } from '../shared/cacheDir';
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
/**
 * A cache file is this tag, the SHA-256 of the payload, then V8's payload. V8 checks its payload's
 * version, flags and source length but not its content: 8 bytes flipped crashed or hung the server
 * on every start (`unreachable code`, failed checks, out of memory) at 22 of 36 positions tried,
 * and at most others it ran code from the damaged cache.
 */
const MAGIC = Buffer.from('RSC-V8C1', 'latin1');
const DIGEST_BYTES = 32;
/** Caches of other Node versions (another editor's runtime) are left alone unless this stale. */
const STALE_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * Runs `file` as a CommonJS module, compiled from the code cache in `dir` when one was saved for
 * exactly this bundle, Node and CPU. V8 checks its own version and flags but only the source's
 * length, so the file name also names the bundle file itself (see `bundleKey`): a new build never
 * runs old code. A missing, unreadable, damaged or rejected cache (or no `dir` at all) only costs
 * the compile it would have saved.
 */
export function runWithCodeCache(file: string, dir: string | undefined): CachedRun {
  const source = readSource(file);
  const cacheFile = dir && path.join(dir, `${runtimePrefix()}${bundleKey(file)}${SUFFIX}`);
  const cachedData = cacheFile ? readCache(cacheFile) : undefined;
  const script = new vm.Script(wrap(source), { filename: file, ...(cachedData ? { cachedData } : {}) });
  const usedCache = cachedData !== undefined && !script.cachedDataRejected;
  const module = { exports: {}, filename: file, id: file, loaded: false };
  const run = script.runInThisContext() as ModuleFunction;
  run.call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
  module.loaded = true;
  return { usedCache, save: () => !!cacheFile && saveCache(script, cacheFile) };
}

/**
 * The payload of the cache file, when its checksum holds; a damaged file is deleted, so the next
 * save replaces it. Neither a missing file nor a FIFO at its path blocks (see `readCacheFile`).
 */
function readCache(cacheFile: string): Buffer | undefined {
  const bytes = readCacheFile(cacheFile);
  if (!bytes) return undefined;
  const payload = bytes.subarray(MAGIC.length + DIGEST_BYTES);
  const intact =
    bytes.length > MAGIC.length + DIGEST_BYTES &&
    bytes.subarray(0, MAGIC.length).equals(MAGIC) &&
    digest(payload).equals(bytes.subarray(MAGIC.length, MAGIC.length + DIGEST_BYTES));
  if (intact) return payload;
  remove(cacheFile);
  return undefined;
}

function digest(payload: Uint8Array): Buffer {
  return crypto().createHash('sha256').update(payload).digest();
}

function remove(cacheFile: string): void {
  try {
    fs.rmSync(cacheFile, { force: true });
  } catch {
    // Read-only folder: the cache stays unused, and each start compiles.
  }
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
 * slower than that. Hashing the content instead would cost every start before the cache is even
 * looked for (4–6 ms when measured: loading node:crypto and hashing half a megabyte).
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

/** Written whole under a temp name then renamed, so a server starting meanwhile never reads half a file. */
function saveCache(script: vm.Script, cacheFile: string): boolean {
  const payload = script.createCachedData();
  if (!writeCacheFile(cacheFile, Buffer.concat([MAGIC, digest(payload), payload]))) return false;
  try {
    pruneOthers(path.dirname(cacheFile), path.basename(cacheFile));
  } catch {
    // The folder became unreadable: pruning waits for next time.
  }
  return true;
}
