// An esbuild plugin that defers a Node built-in a bundled library requires at its top but uses only
// on paths a start-up never takes. For the server:
// - vscode-jsonrpc loads node:crypto (4–6 ms with the streams it brings) to name sockets and pipes
//   and to make registration ids; the server speaks stdio or IPC, and registers at most once,
//   after its handshake;
// - vscode-languageserver's `Files` helpers load node:child_process (5 ms) to ask npm and yarn
//   where global modules are, which the server never does. (An IPC child, as VS Code starts the
//   server, has it loaded already; a stdio one does not.)
// The library gets an object whose properties load the module on first use.

/** The module's source: `name` is required when a property is first read, not when it is imported. */
export function lazyModuleSource(name) {
  const load = `() => (loaded ??= require(${JSON.stringify(`node:${name}`)}))`;
  return [
    'let loaded;',
    `const load = ${load};`,
    'module.exports = new Proxy({}, {',
    '  get: (_target, key) => load()[key],',
    '  has: (_target, key) => key in load(),',
    '  ownKeys: () => Reflect.ownKeys(load()),',
    '  getOwnPropertyDescriptor: (_target, key) => {',
    '    const found = Reflect.getOwnPropertyDescriptor(load(), key);',
    '    return found && { ...found, configurable: true };',
    '  },',
    '});',
  ].join('\n');
}

/** Makes `require(name)` lazy for each of `names`, in files whose path matches `importers`. */
export function lazyBuiltins(names, importers) {
  const filter = new RegExp(`^(?:node:)?(?:${names.join('|')})$`);
  return {
    name: 'lazy-builtins',
    setup(build) {
      build.onResolve({ filter }, (args) =>
        importers.test(args.importer) ? { path: args.path.replace(/^node:/, ''), namespace: 'lazy-builtin' } : undefined,
      );
      build.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (args) => ({
        contents: lazyModuleSource(args.path),
        loader: 'js',
      }));
    },
  };
}
