// Run by test/cliScan.test.ts under `--require tsx/cjs`, which worker threads inherit (the ESM hook
// of `--import tsx` they do not): analyses the files in argv on two worker threads only, as the
// main thread never gets its analyser, and prints the outcomes as JSON.
import path from 'node:path';
import { findGrammarDir } from '../../src/cli/grammarDir';
import { jobList } from '../../src/cli/jobList';
import { analyzeInThreads, type FileAnalyzer, type ScanOutcome } from '../../src/cli/scanWorkers';

const entry = path.join(__dirname, '..', '..', 'src', 'cli', 'main.ts');
const jobs = process.argv.slice(2).map((absolute, index) => ({
  index,
  absolute,
  display: path.basename(absolute),
  enginePath: `src/${path.basename(absolute)}`,
  size: index,
}));
const outcomes: ScanOutcome[] = [];
const data = { rules: undefined, includeTests: false, knownKeys: undefined, grammarDir: findGrammarDir() };
const never = new Promise<FileAnalyzer>(() => {});
void analyzeInThreads(entry, 2, data, jobList(jobs), never, (o) => outcomes.push(o)).then(() => {
  process.stdout.write(JSON.stringify(outcomes.sort((a, b) => a.index - b.index)));
});
