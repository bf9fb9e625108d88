import path from 'node:path';

/** The `grammars/` folder next to a bundle in `dist/`, or at the repository root when run from source. */
export function defaultGrammarDir(fromDir: string): string {
  return path.resolve(fromDir, '..', 'grammars');
}
