// An esbuild plugin that keeps web-tree-sitter's `Node` objects small. The library stores a node's
// last wasm handle in an integer-keyed field (`this[0]`); V8 gives every such object its own
// 17-slot elements array, 152 of a node's ~250 bytes. A named field holds the same number in the
// object itself. Each edit below must match exactly once, so a new library version that moved
// the code fails the build instead of bundling half a patch.
import { readFile } from 'node:fs/promises';

const EDITS = [
  [
    '  [0] = 0;\n  // Internal handle for Wasm\n  /** @internal */\n  _children;\n',
    '  _wasmHandle = 0;\n  // Internal handle for Wasm\n  /** @internal */\n  _children;\n',
  ],
  ['    this[0] = other;\n', '    this._wasmHandle = other;\n'],
  ['C.setValue(address, node[0], "i32");', 'C.setValue(address, node._wasmHandle, "i32");'],
];

/** Applies EDITS to the library's source; throws naming the first edit that does not match once. */
export function patchWebTreeSitter(source) {
  let out = source;
  for (const [from, to] of EDITS) {
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
      contents: patchWebTreeSitter(await readFile(args.path, 'utf8')),
      loader: 'js',
    }));
  },
};
