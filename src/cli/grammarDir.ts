import fs from 'node:fs';
import path from 'node:path';
import { defaultGrammarDir } from '../engine/grammarDir';
import { FatalError } from './errors';

/**
 * Where the wasm grammars are. `__dirname` rather than `import.meta.url`, which esbuild's CJS
 * bundle breaks: from `dist/cli.js` it is `dist/`, from source (tsx) it is `src/cli/`.
 */
export function findGrammarDir(): string {
  const candidates = [defaultGrammarDir(__dirname), path.resolve(__dirname, '..', '..', 'grammars')];
  const found = candidates.find((dir) => fs.existsSync(path.join(dir, 'tree-sitter-rust.wasm')));
  if (!found) {
    throw new FatalError(
      `cannot find tree-sitter-rust.wasm in ${candidates.join(' or ')}; run \`npm run build\``,
    );
  }
  return found;
}
