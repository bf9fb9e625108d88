// esbuild plugins for the browser bundles (VS Code for the Web).
// - Host adapters: a relative import of `x` resolves to `x.browser.ts` where that file exists, as
//   package.json's `browser` field swaps files. The Node-only pieces (reading the grammar folder,
//   looking for Cargo.toml, the crate index's walk, the sidebar's lesson files) sit behind them.
// - web-tree-sitter's Node branch (`if (ENVIRONMENT_IS_NODE)`) imports `module` and `fs/promises`;
//   a worker never takes it, so those imports get an empty module instead of failing the build,
//   and its `require("fs")`-style calls (on a local `require`) become `undefined`.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { patchWebTreeSitter } from './webTreeSitterPatch.mjs';

export const browserAdapters = {
  name: 'browser-adapters',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      if (args.importer.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      const adapter = `${path.resolve(args.resolveDir, args.path)}.browser.ts`;
      return existsSync(adapter) ? { path: adapter } : undefined;
    });
    build.onResolve({ filter: /^(node:)?(module|fs|fs\/promises|path|url)$/ }, (args) =>
      /[\\/]web-tree-sitter[\\/]/.test(args.importer) ? { path: args.path, namespace: 'unused-node-branch' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'unused-node-branch' }, () => ({ contents: 'export {};', loader: 'js' }));
  },
};

/** Throws when a browser bundle still imports anything but `allowed` (a Node built-in, say). */
export function assertNoExternalImports(result, allowed = []) {
  for (const [file, output] of Object.entries(result.metafile.outputs)) {
    const bad = output.imports.filter((i) => i.external && !allowed.includes(i.path)).map((i) => i.path);
    if (bad.length > 0) throw new Error(`${file} imports ${bad.join(', ')}: the web host has no such module`);
  }
}

/** The banner that defines what the Node edits of webTreeSitterPatch.mjs refer to; never used on the web. */
export const BROWSER_PATCH_BANNER = 'var __rscNodeModule = {};';

/** webTreeSitterPatch.mjs's edits, and the Node branch's built-in requires made inert. */
export const webTreeSitterBrowserPatch = {
  name: 'web-tree-sitter-browser',
  setup(build) {
    build.onLoad({ filter: /[\\/]web-tree-sitter[\\/]web-tree-sitter\.js$/ }, async (args) => {
      let source = patchWebTreeSitter(await readFile(args.path, 'utf8'), true);
      for (const name of ['fs', 'path', 'url']) {
        const call = `require("${name}")`;
        if (!source.includes(call)) throw new Error(`web-tree-sitter browser patch: no ${call}`);
        source = source.replaceAll(call, 'undefined');
      }
      return { contents: source, loader: 'js' };
    });
  },
};
