import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ruleInfos } from '../engine/ruleInfo';
import { bytesOf } from './exactPath';
import { fileUriOfBytes, relativeUriOfBytes } from './fileUri';
import type { Fix, Range, Severity } from '../shared/types';
import { findingsOf, type ScanResult } from './scanResult';
import { VERSION } from './version';

const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const SRCROOT = '%SRCROOT%';

type SarifLevel = 'error' | 'warning' | 'note';

function level(severity: Severity): SarifLevel {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}

interface ArtifactLocation {
  uri: string;
  uriBaseId?: string;
}

/**
 * SARIF wants URIs: relative to `%SRCROOT%` (the working folder, which is what code
 * scanning maps to the repository), or absolute `file:` URIs for files outside it.
 */
function artifactLocation(absolute: string, cwd: string, absoluteBytes?: string): ArtifactLocation {
  // A name that is not UTF-8 goes by its bytes, so the URI names it exactly (`lat%E9.rs`).
  const exact = absoluteBytes !== undefined;
  const from = exact ? bytesOf(cwd) : cwd;
  const to = absoluteBytes ?? absolute;
  const relative = path.relative(from, to);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
    return { uri: exact ? fileUriOfBytes(to) : pathToFileURL(absolute).href };
  }
  const uri = exact
    ? relativeUriOfBytes(relative)
    : relative.split(path.sep).map(encodeURIComponent).join('/');
  return { uri, uriBaseId: SRCROOT };
}

/** SARIF regions are 1-based; `endColumn` is exclusive, like LSP's end character. */
function region(r: Range) {
  return {
    startLine: r.start.line + 1,
    startColumn: r.start.character + 1,
    endLine: r.end.line + 1,
    endColumn: r.end.character + 1,
  };
}

function sarifFix(fix: Fix, location: ArtifactLocation) {
  return {
    description: { text: fix.title },
    properties: { applicability: fix.applicability },
    artifactChanges: [
      {
        artifactLocation: location,
        replacements: fix.edits.map((e) => ({
          deletedRegion: region(e.range),
          insertedContent: { text: e.newText },
        })),
      },
    ],
  };
}

/** A SARIF 2.1.0 log with one run, in the shape GitHub code scanning accepts. */
export function formatSarif(result: ScanResult, cwd = process.cwd()): string {
  const infos = ruleInfos();
  const ruleIndex = new Map(infos.map((r, i) => [r.id, i]));
  const rules = infos.map((r) => ({
    id: r.id,
    shortDescription: { text: r.summary },
    defaultConfiguration: { level: level(r.defaultSeverity) },
    help: { text: `Lesson: ${r.lesson}. ${r.summary}` },
    ...(r.docs ? { helpUri: r.docs } : {}),
    properties: {
      lesson: r.lesson,
      clippyAllows: r.clippyAllows,
      inspiredBy: r.inspiredBy,
      enabledByDefault: r.enabledByDefault,
    },
  }));
  const results = result.files.flatMap((file) => {
    const location = artifactLocation(file.absolute, cwd, file.absoluteBytes);
    return findingsOf(file).map((f) => {
      return {
        ruleId: f.rule,
        ruleIndex: ruleIndex.get(f.rule),
        level: level(f.severity),
        // The short line first: code scanning shows it as the alert's title, the advice below it.
        message: { text: `${f.message}\n${f.advice}` },
        locations: [{ physicalLocation: { artifactLocation: location, region: region(f.range) } }],
        // Every fix, each saying whether bulk fixing would apply it.
        ...(f.fixes.length > 0 ? { fixes: f.fixes.map((x) => sarifFix(x, location)) } : {}),
      };
    });
  });
  const log = {
    $schema: SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'rust-safety-coach',
            version: VERSION,
            semanticVersion: VERSION,
            rules,
          },
        },
        // Engine positions count UTF-16 code units; saying so keeps columns right after non-ASCII text.
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
