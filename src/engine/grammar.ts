import path from 'node:path';
import { Language, Parser } from 'web-tree-sitter';

let language: Promise<Language> | undefined;

/**
 * Loads the Rust grammar once per process. The caller names the folder holding
 * `web-tree-sitter.wasm` and `tree-sitter-rust.wasm`, because bundling breaks
 * the library's own `import.meta.url` lookup.
 */
export function loadRustLanguage(grammarDir: string): Promise<Language> {
  language ??= (async () => {
    await Parser.init({ locateFile: (file: string) => path.join(grammarDir, file) });
    return Language.load(path.join(grammarDir, 'tree-sitter-rust.wasm'));
  })();
  return language;
}

export async function createRustParser(grammarDir: string): Promise<Parser> {
  const language = await loadRustLanguage(grammarDir);
  const parser = new Parser();
  parser.setLanguage(language);
  return parser;
}

/** The `grammars/` folder next to a bundle in `dist/`, or at the repository root when run from source. */
export function defaultGrammarDir(fromDir: string): string {
  return path.resolve(fromDir, '..', 'grammars');
}
