import os from 'node:os';
import type { Parser } from 'web-tree-sitter';
import type { AnalyzeOptions, CrateIndex } from '../engine';
import { type CrateConfig, crateConfigResolver } from '../shared/clippyConfigFiles';
import { scanSettings, warnAboutCrateConfig } from './crateSettings';
import { crateIndexes } from './crateIndexes';
import { partialCrates } from './partialCrates';
import { createEnginePathResolver } from '../shared/cratePath';
import type { Finding } from '../shared/types';
import { ChangedOnDiskError, writeFileAtomically } from './atomicWrite';
import { fsPath } from './exactPath';
import { FixScope } from './fixScope';
import { ReplacedFiles } from './replacedFiles';
import { describeError, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, printError, printWarning } from './errors';
import { formatJsonChunks } from './formatJson';
import { reportWriter } from './reportWriter';
import { formatSarif } from './formatSarif';
import { findingJson } from './findingJson';
import { formatText } from './formatText';
import { findGrammarDir } from './grammarDir';
import { loadAnalysis } from './loadAnalysis';
import { readSource, withBom } from './readSource';
import { findingCount, plural, type FileFindings, type ScanResult } from './scanResult';
import { scanFiles } from './scanFiles';
import { stdout } from './stdout';
import { verifyFixes, type PlannedFix } from './verifyFixes';
import { collectSourceFiles, type SourceFile } from './walk';

export type ScanFormat = 'text' | 'json' | 'sarif';

export interface ScanOptions {
  /** A Buffer is a path that is not valid UTF-8 (rawArgs.ts). */
  paths: (string | Buffer)[];
  format: ScanFormat;
  fix: boolean;
  /** With `fix`: write only fixes that `cargo check` accepts (verifyFixes.ts). */
  verify?: boolean;
  /** Only these rules; undefined for the default set. */
  rules: string[] | undefined;
  includeTests: boolean;
  failOnFindings: boolean;
  /** Threads analysing files; 1 analyses on the main thread. Ignored with `fix`. */
  jobs?: number;
  /** Reuse findings of unchanged files from earlier runs (not with `fix`). */
  cache?: boolean;
}

/** The CLI's entry file, which worker threads run too; unset when the CLI is used as a library. */
let cliEntry: string | undefined;
export function setCliEntry(file: string): void {
  cliEntry = file;
}

export function defaultJobs(): number {
  return Math.max(1, os.availableParallelism());
}

interface FixTally {
  fixes: number;
  files: number;
  /** A fixed file that could not be written: the user asked for a change that did not happen. */
  writeFailed: boolean;
}

/** A file's fixes that `--verify` writes once cargo has checked the package as it was. */
interface PendingFix extends PlannedFix {
  fixes: number;
  /** The findings reported for the file: those of the fixed text, replaced if the fixes are not kept. */
  found: FileFindings;
  /** The findings of the file as it was. */
  unfixed: () => FileFindings;
}

/** What `--fix` keeps across files. */
interface FixRun {
  scope: FixScope;
  tally: FixTally;
  /** With --verify: the fixes go here instead of to disk. */
  pending: PendingFix[] | undefined;
  /** Files written, whose replaced copies are looked at once more when all are done. */
  replaced: ReplacedFiles<WrittenFix>;
}

/** A file's fixes on disk, and how to take back their report if they turn out not to have stuck. */
interface WrittenFix {
  display: string;
  fixes: number;
  found: FileFindings;
  unfixed: () => FileFindings;
}

/** Runs `scan` and returns the exit code. Throws FatalError for a missing grammar. */
export async function runScan(options: ScanOptions): Promise<number> {
  // A missing path is an error, but the paths that do exist are still scanned.
  let missingPath = false;
  const cargoManifests = new Map<string, boolean>();
  const files = collectSourceFiles(
    options.paths,
    printWarning,
    (message) => {
      printError(message);
      missingPath = true;
    },
    cargoManifests,
  );
  if (missingPath && files.length === 0) return EXIT_ERROR;
  // The walk has listed most folders a crate root is looked for in.
  const enginePath = createEnginePathResolver(cargoManifests);
  const crateConfig = crateConfigResolver();
  warnAboutCrateConfig(crateConfig, files);
  const tally: FixTally = { fixes: 0, files: 0, writeFailed: false };
  const result: ScanResult = { files: [] };
  if (options.fix) {
    const parser = await loadAnalysis().createRustParser(findGrammarDir());
    const pending: PendingFix[] | undefined = options.verify ? [] : undefined;
    const crateOf = crateIndexes(parser);
    const scope = new FixScope(options.paths);
    const replaced = new ReplacedFiles<WrittenFix>((fix, why) => {
      printWarning(`${fix.display}: ${why}`);
      tally.fixes -= fix.fixes;
      tally.files -= 1;
      tally.writeFailed = true;
      result.files[result.files.indexOf(fix.found)] = fix.unfixed();
    });
    for (const file of files) {
      const path = enginePath(file.absolute, file.display);
      const scanned = fixFile(
        parser,
        file,
        path,
        options,
        { scope, tally, pending, replaced },
        crateConfig(file.absolute),
        crateOf(file.absolute),
      );
      if (scanned) result.files.push(scanned);
    }
    await replaced.settleAll();
    if (pending && pending.length > 0) {
      const verdicts = await verifyFixes(pending);
      pending.forEach((p, i) => {
        const verdict = verdicts[i];
        if (verdict === 'kept') {
          tally.fixes += p.fixes;
          tally.files += 1;
          return;
        }
        // Put back because it did not compile is --verify doing its job; the others did not happen.
        if (verdict !== 'restored') tally.writeFailed = true;
        result.files[result.files.indexOf(p.found)] = p.unfixed();
      });
    }
  } else {
    const { rules, includeTests } = options;
    const scanOptions = {
      rules,
      includeTests,
      jobs: options.jobs ?? defaultJobs(),
      cache: options.cache ?? true,
    };
    // No crate index here: a file whose crate has other files gets no safe typed fix (see partialCrates.ts).
    const partial = partialCrates(files, cargoManifests);
    const found = await scanFiles(
      files,
      enginePath,
      scanOptions,
      cliEntry,
      (f) => crateConfig(f).key,
      partial,
    );
    result.files = found.map(({ file, findingsJson }) => ({ ...location(file), findingsJson }));
  }

  // The JSON report is ASCII (asciiJson): written as Latin-1, its bytes are copied, not encoded.
  const encoding = options.format === 'json' ? 'latin1' : 'utf8';
  const write = reportWriter();
  for (const chunk of format(result, options.format)) write(chunk, encoding);
  if (options.fix) {
    // Machine-readable formats own stdout, so the tally goes to stderr there.
    const summary = `Applied ${plural(tally.fixes, 'fix', 'fixes')} in ${plural(tally.files, 'file')}.\n`;
    (options.format === 'text' ? stdout() : process.stderr).write(summary);
  }

  if (files.length > 0 && result.files.length === 0) {
    printError(`nothing could be scanned (${plural(files.length, 'file')} skipped)`);
    return EXIT_ERROR;
  }
  if (tally.writeFailed || missingPath) return EXIT_ERROR;
  return options.failOnFindings && findingCount(result) > 0 ? EXIT_FINDINGS : EXIT_OK;
}

function format(result: ScanResult, fmt: ScanFormat): Iterable<string> {
  if (fmt === 'json') return formatJsonChunks(result);
  if (fmt === 'sarif') return [formatSarif(result)];
  return [formatText(result)];
}

/** Reads, analyses and rewrites one file with its preferred fixes; null when it could not be scanned. */
function fixFile(
  parser: Parser,
  file: SourceFile,
  enginePath: string,
  options: ScanOptions,
  { scope, tally, pending, replaced }: FixRun,
  crateConfig: CrateConfig,
  crate?: CrateIndex,
): FileFindings | null {
  const read = readSource(fsPath(file.absolute, file.absoluteBytes));
  if (!read.ok) {
    printWarning(`${file.display}: ${read.reason}`);
    return null;
  }
  const { source } = read;
  const analyzeOptions: AnalyzeOptions = {
    settings: scanSettings(crateConfig.rules, options.rules, options.includeTests),
    ...(options.rules ? { only: options.rules } : {}),
    onRuleError: (rule, error) =>
      printWarning(`${file.display}: rule ${rule} failed: ${describeError(error)}`),
    onSkipped: (reason) => printWarning(`${file.display}: ${reason}`),
    ...(crate ? { crate } : {}),
    clippy: crateConfig.clippy,
  };
  try {
    const { analyzeText, fixText } = loadAnalysis();
    const outcome = fixText(parser, source.text, enginePath, analyzeOptions);
    if (outcome.fixesApplied === 0) return fileFindings(file, outcome.findings);
    const unfixed = () => fileFindings(file, analyzeText(parser, source.text, enginePath, analyzeOptions));
    // Not written by choice (outside the tree, read-only, linked from elsewhere): a warning, not a failure.
    const refusal = scope.refusal(file);
    if (refusal) {
      printWarning(`${file.display}: ${refusal}`);
      return unfixed();
    }
    if (pending) {
      const found = fileFindings(file, outcome.findings);
      const fixed = withBom(outcome.text, source.hadBom);
      pending.push({ file, source, fixed, fixes: outcome.fixesApplied, found, unfixed });
      return found;
    }
    const found = fileFindings(file, outcome.findings);
    const written: WrittenFix = { display: file.display, fixes: outcome.fixesApplied, found, unfixed };
    try {
      const target = fsPath(file.real, file.realBytes);
      const text = withBom(outcome.text, source.hadBom);
      writeFileAtomically(target, text, source.bytes, source.mode, (copy) => replaced.add(copy, written));
    } catch (error) {
      const why =
        error instanceof ChangedOnDiskError ? error.message : `cannot write: ${describeError(error)}`;
      printWarning(`${file.display}: ${why}`);
      tally.writeFailed = true;
      // Report what is really on disk, not the fixed text that was never written.
      return unfixed();
    }
    tally.fixes += outcome.fixesApplied;
    tally.files += 1;
    return found;
  } catch (error) {
    printWarning(`${file.display}: cannot analyse: ${describeError(error)}`);
    return null;
  }
}

function fileFindings(file: SourceFile, findings: Finding[]): FileFindings {
  return { ...location(file), findingsJson: findings.map(findingJson) };
}

function location(file: SourceFile): Omit<FileFindings, 'findingsJson'> {
  const { display, absolute, absoluteBytes } = file;
  return absoluteBytes === undefined ? { display, absolute } : { display, absolute, absoluteBytes };
}
