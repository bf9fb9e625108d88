import fs from 'node:fs';
import { stdout } from './stdout';

/**
 * Where the report goes. When stdout is a file (`> report.json`), straight to it: a stream would
 * first copy each chunk into a Buffer. Pipes and terminals keep `process.stdout`, which knows how
 * to wait for a full pipe.
 */
export function reportWriter(): (chunk: string, encoding: BufferEncoding) => void {
  let toFile = false;
  try {
    toFile = fs.fstatSync(1).isFile();
  } catch {
    toFile = false;
  }
  if (!toFile) return (chunk, encoding) => void stdout().write(chunk, encoding);
  return (chunk, encoding) => {
    const length = Buffer.byteLength(chunk, encoding);
    const written = fs.writeSync(1, chunk, null, encoding);
    // A file takes all of it unless the disk fills up; then the rest fails loudly on its own.
    if (written < length) fs.writeSync(1, Buffer.from(chunk, encoding).subarray(written));
  };
}
