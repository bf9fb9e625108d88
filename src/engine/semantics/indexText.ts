import type { Parser } from 'web-tree-sitter';
import { FileContext } from '../context';
import { ParsedFile } from '../parsedFile';
import { fileItemsOf, type FileItems } from './fileItems';

/** The items of a file that is not being analysed (another file of the crate), from its text. */
export function indexText(parser: Parser, text: string, path: string): FileItems {
  const file = new ParsedFile(parser, text, path);
  const ctx = new FileContext(file);
  try {
    return fileItemsOf(ctx);
  } finally {
    ctx.dispose();
    file.dispose();
  }
}
