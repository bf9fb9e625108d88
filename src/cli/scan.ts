import path from 'node:path';
import type { Parser } from 'web-tree-sitter';
import { createRustParser, type AnalyzeOptions } from '../engine';
import { ChangedOnDiskError, writeFileAtomically } from './atomicWrite';
import { createEnginePathResolver } from '../shared/cratePath';
import { describeError, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, printError, printWarning } from './errors';
import { formatJson } from './formatJson';
import { formatSarif } from './formatSarif';
import { formatText } from './formatText';
import { analyzeText, fixText } from './fixSource';
import { findGrammarDir } from './grammarDir';
import { readSource, withBom } from './readSource';
import { findingCount, plural, type FileFindings, type ScanResult } from './scanResult';
import { collectSourceFiles, type SourceFile } from './walk';

export type ScanFormat = 'text' | 'json' | 'sarif';

export interface ScanOptions {
  paths: string[];
  format: ScanFormat;
  fix: boolean;
  /** Only these rules; undefined for the default set. */
  rules: string[] | undefined;
  includeTests: boolean;
  failOnFindings: boolean;
}

interface FixTally {
  fixes: number;
  files: number;
  /** A fixed file that could not be written: the user asked for a change that did not happen. */
  writeFailed: boolean;
}

/** Runs `scan` and returns the exit code. Throws FatalError for a missing path or grammar. */
export async function runScan(options: ScanOptions): Promise<number> {
  const files = collectSourceFiles(options.paths, printWarning);
  const parser = await createRustParser(findGrammarDir());
  const enginePath = createEnginePathResolver();
  const tally: FixTally = { fixes: 0, files: 0, writeFailed: false };
  const result: ScanResult = { files: [] };
  for (const file of files) {
    const scanned = scanFile(parser, file, enginePath(file.absolute, file.display), options, tally);
    if (scanned) result.files.push(scanned);
  }

  process.stdout.write(format(result, options.format));
  if (options.fix) {
    // Machine-readable formats own stdout, so the tally goes to stderr there.
    const summary = `Applied ${plural(tally.fixes, 'fix', 'fixes')} in ${plural(tally.files, 'file')}.\n`;
    (options.format === 'text' ? process.stdout : process.stderr).write(summary);
  }

  if (files.length > 0 && result.files.length === 0) {
    printError(`nothing could be scanned (${plural(files.length, 'file')} skipped)`);
    return EXIT_ERROR;
  }
  if (tally.writeFailed) return EXIT_ERROR;
  return options.failOnFindings && findingCount(result) > 0 ? EXIT_FINDINGS : EXIT_OK;
}

function format(result: ScanResult, fmt: ScanFormat): string {
  if (fmt === 'json') return formatJson(result);
  if (fmt === 'sarif') return formatSarif(result);
  return formatText(result);
}

/** Reads, analyses and (with `--fix`) rewrites one file; null when it could not be scanned. */
function scanFile(
  parser: Parser,
  file: SourceFile,
  enginePath: string,
  options: ScanOptions,
  tally: FixTally,
): FileFindings | null {
  const read = readSource(file.absolute);
  if (!read.ok) {
    printWarning(`${file.display}: ${read.reason}`);
    return null;
  }
  const { source } = read;
  const analyzeOptions: AnalyzeOptions = {
    settings: { rules: {}, includeTests: options.includeTests },
    ...(options.rules ? { only: options.rules } : {}),
    onRuleError: (rule, error) =>
      printWarning(`${file.display}: rule ${rule} failed: ${describeError(error)}`),
  };
  try {
    if (!options.fix) {
      return { ...location(file), findings: analyzeText(parser, source.text, enginePath, analyzeOptions) };
    }
    const outcome = fixText(parser, source.text, enginePath, analyzeOptions);
    if (outcome.fixesApplied === 0) return { ...location(file), findings: outcome.findings };
    try {
      writeFileAtomically(file.real, withBom(outcome.text, source.hadBom), source.bytes, source.mode);
    } catch (error) {
      const why =
        error instanceof ChangedOnDiskError ? error.message : `cannot write: ${describeError(error)}`;
      printWarning(`${file.display}: ${why}`);
      tally.writeFailed = true;
      // Report what is really on disk, not the fixed text that was never written.
      return { ...location(file), findings: analyzeText(parser, source.text, enginePath, analyzeOptions) };
    }
    tally.fixes += outcome.fixesApplied;
    tally.files += 1;
    return { ...location(file), findings: outcome.findings };
  } catch (error) {
    printWarning(`${file.display}: cannot analyse: ${describeError(error)}`);
    return null;
  }
}

function location(file: SourceFile): { display: string; absolute: string } {
  return { display: file.display, absolute: path.resolve(file.absolute) };
}
