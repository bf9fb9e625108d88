import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Language, Parser } from 'web-tree-sitter';
export { defaultGrammarDir } from './grammarDir';

let language: Promise<Language> | undefined;

/**
 * Loads the Rust grammar once per process. The caller names the folder holding
 * `web-tree-sitter.wasm` and `tree-sitter-rust.wasm`, because bundling breaks
 * the library's own `import.meta.url` lookup.
 */
export function loadRustLanguage(grammarDir: string): Promise<Language> {
  language ??= (async () => {
    // Both modules compile on V8's background threads from the start, while the caller goes on
    // (the server loads its LSP libraries meanwhile).
    const runtime = compileWasm(path.join(grammarDir, 'web-tree-sitter.wasm'));
    const grammar = compileWasm(path.join(grammarDir, 'tree-sitter-rust.wasm'));
    // `runtime` itself too, so that a failed compile rejects at once rather than stall the init.
    const [, , grammarModule] = await Promise.all([initRuntime(runtime), runtime, grammar]);
    return Language.loadSync(grammarModule);
  })();
  return language;
}

/** Emscripten's callback for a module instantiated by its `instantiateWasm` hook. */
type Receive = (instance: WebAssembly.Instance, module: WebAssembly.Module) => void;

/** `Parser.init`, but with the runtime module the caller is already compiling. */
function initRuntime(runtime: Promise<WebAssembly.Module>): Promise<void> {
  return new Promise((resolve, reject) => {
    const instantiateWasm = (imports: WebAssembly.Imports, receive: Receive) => {
      runtime
        .then(async (module) => receive(await WebAssembly.instantiate(module, imports), module))
        .catch(reject);
      return {};
    };
    Parser.init({ instantiateWasm }).then(resolve, reject);
  });
}

function compileWasm(file: string): Promise<WebAssembly.Module> {
  try {
    return WebAssembly.compile(readFileSync(file));
  } catch (error) {
    return Promise.reject(error);
  }
}

export async function createRustParser(grammarDir: string): Promise<Parser> {
  const language = await loadRustLanguage(grammarDir);
  const parser = new Parser();
  parser.setLanguage(language);
  return parser;
}
