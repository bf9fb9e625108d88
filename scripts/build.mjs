// Bundles the extension, the server, the CLI and the webview script, and copies the wasm grammars.
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, chmodSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import {
  assertNoExternalImports,
  BROWSER_PATCH_BANNER,
  browserAdapters,
  webTreeSitterBrowserPatch,
} from './browserAdapters.mjs';
import { lazyBuiltins } from './lazyBuiltins.mjs';
import { PATCH_BANNER, webTreeSitterPatch } from './webTreeSitterPatch.mjs';

const require = createRequire(import.meta.url);
const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const production = process.argv.includes('--production');

// A production build writes no source maps, and removes those a dev build left: `npm run package`
// would otherwise ship maps of code that is no longer there.
const dist = path.join(root, 'dist');
if (production && existsSync(dist)) {
  for (const file of readdirSync(dist, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.map'))) {
    rmSync(path.join(dist, file), { force: true });
  }
}

// The only parts of the two packages the product uses. tree-sitter-rust is a devDependency, and
// .npmrc's ignore-scripts keeps its install script from building the native binding nothing loads.
mkdirSync(path.join(root, 'grammars'), { recursive: true });
copyFileSync(require.resolve('web-tree-sitter/web-tree-sitter.wasm'), path.join(root, 'grammars/web-tree-sitter.wasm'));
copyFileSync(
  path.join(path.dirname(require.resolve('tree-sitter-rust/package.json')), 'tree-sitter-rust.wasm'),
  path.join(root, 'grammars/tree-sitter-rust.wasm'),
);
// The grammar's own highlights query: the server colours the lesson panel's Rust code with it.
copyFileSync(
  path.join(path.dirname(require.resolve('tree-sitter-rust/package.json')), 'queries/highlights.scm'),
  path.join(root, 'grammars/highlights.scm'),
);

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  absWorkingDir: root,
  // web-tree-sitter calls createRequire(import.meta.url), which esbuild's CJS output leaves empty.
  define: { 'import.meta.url': '__importMetaUrl' },
  banner: { js: `const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;\n${PATCH_BANNER}` },
  plugins: [webTreeSitterPatch],
};

// VS Code for the Web: the `browser` entry runs in the web extension host (a Web Worker), the server in
// a worker it starts. Node-only modules are swapped for their `*.browser.ts` adapters.
const browserCommon = {
  bundle: true,
  platform: 'browser',
  target: 'chrome120',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  absWorkingDir: root,
  metafile: true,
  plugins: [browserAdapters],
};
/** The sidebar builds its lesson catalog synchronously; on the web the files come bundled. */
function bundledLessons() {
  const dir = path.join(root, 'lessons');
  const files = readdirSync(dir).filter((name) => name.endsWith('.md'));
  return Object.fromEntries(files.map((name) => [name, readFileSync(path.join(dir, name), 'utf8')]));
}
const browserBuilds = Promise.all([
  build({
    ...browserCommon,
    entryPoints: ['src/client/browserExtension.ts'],
    outfile: 'dist/extensionWeb.js',
    format: 'cjs',
    external: ['vscode'],
    define: { RSC_BUNDLED_LESSONS: JSON.stringify(bundledLessons()) },
  }).then((result) => assertNoExternalImports(result, ['vscode'])),
  build({
    ...browserCommon,
    entryPoints: ['src/server/browserMain.ts'],
    outfile: 'dist/serverWorker.js',
    format: 'iife',
    // Started from a Blob URL; the grammar never locates files by it (the client posts the bytes).
    define: { 'import.meta.url': '__rscScriptUrl' },
    banner: { js: `var __rscScriptUrl = self.location.href;\n${BROWSER_PATCH_BANNER}` },
    plugins: [...browserCommon.plugins, webTreeSitterBrowserPatch],
  }).then((result) => assertNoExternalImports(result)),
]);

await Promise.all([
  browserBuilds,
  build({ ...common, entryPoints: ['src/client/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] }),
  // Even in development the server is minified, but for its names: V8 parses a third less at every start.
  build({
    ...common,
    entryPoints: ['src/server/main.ts'],
    outfile: 'dist/serverMain.js',
    minifyWhitespace: true,
    minifySyntax: true,
    plugins: [...common.plugins, lazyBuiltins(['crypto', 'child_process'], /[\\/]vscode-(jsonrpc|languageserver)[\\/]/)],
  }),
  // What editors start: runs serverMain.js from V8's code cache (src/server/codeCache.ts).
  build({ ...common, entryPoints: ['src/server/launch.ts'], outfile: 'dist/server.js' }),
  build({ ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: `#!/usr/bin/env node\n${common.banner.js}` } }),
  // The parser and analysis, which cli.js loads only when a file is not in the scan cache.
  build({ ...common, entryPoints: ['src/cli/analysis.ts'], outfile: 'dist/cliAnalysis.js' }),
  // The lesson panel's script runs in the webview (a browser); its CSS import becomes lessonPanel.css.
  build({
    entryPoints: ['webview/lessonPanel.ts'],
    outfile: 'dist/webview/lessonPanel.js',
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
    sourcemap: !production,
    minify: production,
    logLevel: 'warning',
    absWorkingDir: root,
  }),
]);
chmodSync(path.join(root, 'dist/cli.js'), 0o755);
