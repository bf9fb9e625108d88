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

/**
 * Runs `file` as a CommonJS module, compiled from the code cache in `dir` when one was saved for
 * exactly this bundle, Node and CPU. V8 checks its own version and flags but only the source's
 * length, so the file name carries a hash of the content: a new build never runs old code.
 * A missing, unreadable or rejected cache only costs the compile it would have saved.
 */
export function runWithCodeCache(file: string, dir: string): CachedRun {
  const source = fs.readFileSync(file, 'utf8');
  const key = createHash('sha1').update(source).update(process.version).update(process.arch).digest('hex');
  const cacheFile = path.join(dir, `${PREFIX}${key}${SUFFIX}`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(wrap(source), { filename: file, ...(cachedData ? { cachedData } : {}) });
  const usedCache = cachedData !== undefined && !script.cachedDataRejected;
  const module = { exports: {}, filename: file, id: file, loaded: false };
  const run = script.runInThisContext() as ModuleFunction;
  run.call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
  module.loaded = true;
  return { usedCache, save: () => saveCache(script, dir, cacheFile) };
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

/** Writes beside the target and renames, so a server starting meanwhile never reads half a file. */
function saveCache(script: vm.Script, dir: string, cacheFile: string): boolean {
  const temp = `${cacheFile}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(temp, script.createCachedData());
    fs.renameSync(temp, cacheFile);
    // Older builds' caches are of no further use.
    for (const name of fs.readdirSync(dir)) {
      if (name.startsWith(PREFIX) && name.endsWith(SUFFIX) && name !== path.basename(cacheFile))
        fs.rmSync(path.join(dir, name), { force: true });
    }
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
