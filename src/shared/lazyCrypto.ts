/**
 * node:crypto, loaded when a hash or random name is really needed: with the streams it brings, it
 * costs 4–6 ms, a few percent of a scan the cache answers or of a server's start, which need neither.
 */
export function crypto(): typeof import('node:crypto') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when needed
  return require('node:crypto') as typeof import('node:crypto');
}
