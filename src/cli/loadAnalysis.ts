import path from 'node:path';

export type Analysis = typeof import('./analysis');

/** The analysing half's bundle, beside `dist/cli.js`. */
export const ANALYSIS_BUNDLE = 'cliAnalysis.js';

/** `dist/cliAnalysis.js` beside the CLI bundle, or `analysis.ts` when the CLI runs from source. */
function analysisFile(): string {
  return path.join(__dirname, __filename.endsWith('.ts') ? 'analysis.ts' : ANALYSIS_BUNDLE);
}

let loaded: Analysis | undefined;

/**
 * The parser and the rules' analysis, loaded on first use: compiling and starting them is a tenth
 * of a scan that the cache answers. The path is computed so that esbuild leaves them out of `cli.js`.
 */
export function loadAnalysis(): Analysis {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded at run time on purpose
  loaded ??= require(analysisFile()) as Analysis;
  return loaded;
}
