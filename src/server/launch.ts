// Entry point of the `dist/server.js` bundle: starts the server bundle (`dist/serverMain.js`,
// from `main.ts`) from V8's code cache, which takes compiling half a megabyte of JavaScript, and
// compiling each function at its first call, off every start after the first.
import path from 'node:path';
import { cacheDir } from '../shared/cacheDir';
import { runWithCodeCache } from './codeCache';
import { applyServerV8Flags } from './v8Flags';

/** No home folder to put a cache in (`os.homedir()` can throw) must not stop the server. */
function cacheDirOrNone(): string | undefined {
  try {
    return cacheDir();
  } catch {
    return undefined;
  }
}

/** Long enough for the first documents to be analysed, so their code is in the cache too. */
const SAVE_AFTER_MS = 20_000;

// Before compiling: V8 accepts a code cache only under the flags it was made with.
applyServerV8Flags();
const run = runWithCodeCache(path.join(__dirname, 'serverMain.js'), cacheDirOrNone());
if (!run.usedCache) {
  let saved = false;
  const save = () => {
    if (saved) return;
    saved = true;
    run.save();
  };
  // At exit when the editor closes us; after a while when it never does (or kills us).
  process.once('exit', save);
  setTimeout(save, SAVE_AFTER_MS).unref();
}
