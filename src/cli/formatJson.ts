import { fileUriOfBytes } from './fileUri';
import { asciiJson } from './findingJson';
import type { ScanResult } from './scanResult';

/** About this many characters per chunk: small enough to reuse memory, large enough for few writes. */
const CHUNK = 64 * 1024;

/**
 * The `--format json` document (a `ScanReport`): positions stay 0-based UTF-16, as the engine and
 * LSP give them. Not indented, but one finding per line, so line tools (`grep`, `head`, `wc -l`)
 * still work on it; each line is the cached finding JSON with its `file` put in front (and `fileUri`,
 * the exact bytes as a `file:` URI, when the name is not valid UTF-8). ASCII only:
 * other characters are `\u` escapes (see asciiJson).
 */
export function formatJson(result: ScanResult): string {
  return [...formatJsonChunks(result)].join('');
}

/**
 * formatJson in pieces, for writing one by one: a report of megabytes built as one string costs
 * fresh memory twice (the string and its bytes), which is slower than the writes.
 */
export function* formatJsonChunks(result: ScanResult): Generator<string> {
  let chunk = `{"version":1,"files":${result.files.length},"findings":[`;
  let first = true;
  for (const file of result.files) {
    // A name that is not UTF-8 shows as U+FFFD in `file`; `fileUri` then names it exactly.
    const uri =
      file.absoluteBytes === undefined ? '' : `"fileUri":${asciiJson(fileUriOfBytes(file.absoluteBytes))},`;
    const head = `{"file":${asciiJson(file.display)},${uri}`;
    // findingJson() always yields a non-empty object: drop its `{`, keep the rest.
    for (const finding of file.findingsJson) {
      chunk += `${first ? '\n' : ',\n'}${head}${finding.slice(1)}`;
      first = false;
      if (chunk.length >= CHUNK) {
        yield chunk;
        chunk = '';
      }
    }
  }
  yield `${chunk}${first ? '' : '\n'}]}\n`;
}
