// The CLI's analysing half, bundled on its own (`dist/cliAnalysis.js`) and loaded on first use
// (loadAnalysis.ts): a scan served wholly from its cache never loads the parser.
export { analyzeText, createRustParser, CrateIndex, indexText } from '../engine';
export { fixText } from './fixSource';
