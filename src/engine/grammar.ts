import { Language, Parser } from 'web-tree-sitter';
import { readGrammarWasm } from './grammarDir';
export { defaultGrammarDir } from './grammarDir';

/** The two wasm modules as bytes: what a host without a file system (a Web Worker) hands the engine. */
export interface GrammarWasm {
  /** `web-tree-sitter.wasm`. */
  runtime: BufferSource;
  /** `tree-sitter-rust.wasm`. */
  grammar: BufferSource;
  /** `highlights.scm`, tree-sitter-rust's highlights query: only the lesson panel's code needs it. */
  highlightsQuery?: string;
}

/** A folder holding both wasm files (read by the host's `grammarDir` adapter), or their bytes. */
export type GrammarSource = string | GrammarWasm;

let language: Promise<Language> | undefined;

/**
 * Loads the Rust grammar once per process. A folder is read by the host adapter (`grammarDir.ts`
 * in Node; the web has no folders and passes bytes), because bundling breaks the library's own
 * `import.meta.url` lookup.
 */
export function loadRustLanguage(source: GrammarSource): Promise<Language> {
  language ??= (async () => {
    const wasm = typeof source === 'string' ? readGrammarWasm(source) : source;
    // Both modules compile on background threads from the start, while the caller goes on
    // (the server loads its LSP libraries meanwhile).
    const runtime = compileWasm(() => wasm.runtime);
    const grammar = compileWasm(() => wasm.grammar);
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

/** A read that throws (a missing file) rejects like a failed compile. */
function compileWasm(bytes: () => BufferSource): Promise<WebAssembly.Module> {
  try {
    return WebAssembly.compile(bytes());
  } catch (error) {
    return Promise.reject(error);
  }
}

export async function createRustParser(source: GrammarSource): Promise<Parser> {
  const language = await loadRustLanguage(source);
  const parser = new Parser();
  parser.setLanguage(language);
  return parser;
}
