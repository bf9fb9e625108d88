import path from 'node:path';
import type { Parser } from 'web-tree-sitter';
import { analyze, createRustParser, ParsedFile, type AnalyzeOptions } from '../../src/engine';
import type { Finding } from '../../src/shared/types';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const GRAMMAR_DIR = path.join(REPO_ROOT, 'grammars');

let parser: Promise<Parser> | undefined;

/** One parser for the whole test process; `npm run build` copies the wasm files into grammars/. */
export function testParser(): Promise<Parser> {
  parser ??= createRustParser(GRAMMAR_DIR);
  return parser;
}

export async function findingsIn(
  text: string,
  options: AnalyzeOptions = {},
  filePath = 'src/lib.rs',
): Promise<Finding[]> {
  const file = new ParsedFile(await testParser(), text, filePath);
  try {
    return analyze(file, {
      onRuleError: (rule, error) => {
        throw new Error(`${rule}: ${String(error)}`);
      },
      ...options,
    });
  } finally {
    file.dispose();
  }
}
