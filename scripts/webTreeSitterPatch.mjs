// An esbuild plugin with two edits to web-tree-sitter:
// - Keep `Node` objects small. The library stores a node's last wasm handle in an integer-keyed
//   field (`this[0]`); V8 gives every such object its own 17-slot elements array, 152 of a node's
//   ~250 bytes. A named field holds the same number in the object itself.
// - Load `node:module` with the bundle's `require` (the banner's `__rscNodeModule`) instead of a
//   dynamic `import()`, which code run from V8's code cache (src/server/codeCache.ts) cannot do.
// Each edit must match exactly once, so a new library version that moved the code fails the build
// instead of bundling half a patch.
import { readFile } from 'node:fs/promises';

const NODE_EDITS = [
  [
    '  [0] = 0;\n  // Internal handle for Wasm\n  /** @internal */\n  _children;\n',
    '  _wasmHandle = 0;\n  // Internal handle for Wasm\n  /** @internal */\n  _children;\n',
  ],
  ['    this[0] = other;\n', '    this._wasmHandle = other;\n'],
  ['C.setValue(address, node[0], "i32");', 'C.setValue(address, node._wasmHandle, "i32");'],
];
// Only the ES module build imports it; the CommonJS one calls `require` already.
const ESM_EDITS = [['const { createRequire } = await import("module");', 'const { createRequire } = __rscNodeModule;']];

/** The banner line that defines what the edits refer to. */
export const PATCH_BANNER = "const __rscNodeModule = require('node:module');";

/** Applies the edits to the library's source (`esm`: web-tree-sitter.js); throws naming an edit that does not match once. */
export function patchWebTreeSitter(source, esm = false) {
  let out = source;
  for (const [from, to] of esm ? [...NODE_EDITS, ...ESM_EDITS] : NODE_EDITS) {
    const count = out.split(from).length - 1;
    if (count !== 1) {
      throw new Error(`web-tree-sitter patch: expected ${JSON.stringify(from)} once, found it ${count} times`);
    }
    out = out.replace(from, to);
  }
  return out;
}

export const webTreeSitterPatch = {
  name: 'web-tree-sitter-node-size',
  setup(build) {
    build.onLoad({ filter: /[\\/]web-tree-sitter[\\/]web-tree-sitter\.c?js$/ }, async (args) => ({
      contents: patchWebTreeSitter(await readFile(args.path, 'utf8'), args.path.endsWith('.js')),
      loader: 'js',
    }));
  },
};
