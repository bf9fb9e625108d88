// How many findings each lesson has in each file, kept up to date as findings arrive: the
// workspace Findings view lists lessons and files from it without walking every finding.
// No `vscode` import.
import type { FindingsParams } from '../../shared/protocol';
import { SEVERITIES, type Severity } from '../../shared/types';

export interface FileCount {
  count: number;
  /** The most severe of the file's findings of the lesson. */
  severity: Severity;
}

/** The more severe of two severities (`SEVERITIES` runs from most severe). */
export function worse(a: Severity, b: Severity): Severity {
  return SEVERITIES.indexOf(b) < SEVERITIES.indexOf(a) ? b : a;
}

export class LessonFileIndex {
  /** lesson → file URI → its findings of the lesson. */
  private readonly byLesson = new Map<string, Map<string, FileCount>>();

  /** Counts a document's findings; `remove` its previous ones first. */
  add(params: FindingsParams): void {
    for (const [lesson, count] of countByLesson(params)) {
      let files = this.byLesson.get(lesson);
      if (!files) this.byLesson.set(lesson, (files = new Map()));
      files.set(params.uri, count);
    }
  }

  remove(params: FindingsParams): void {
    for (const lesson of new Set(params.findings.map((f) => f.lesson))) {
      const files = this.byLesson.get(lesson);
      files?.delete(params.uri);
      if (files?.size === 0) this.byLesson.delete(lesson);
    }
  }

  clear(): void {
    this.byLesson.clear();
  }

  /** Every lesson with findings, and its files. */
  lessons(): IterableIterator<[string, ReadonlyMap<string, FileCount>]> {
    return this.byLesson.entries();
  }

  files(lesson: string): ReadonlyMap<string, FileCount> | undefined {
    return this.byLesson.get(lesson);
  }
}

function countByLesson(params: FindingsParams): Map<string, FileCount> {
  const counts = new Map<string, FileCount>();
  for (const { lesson, severity } of params.findings) {
    const known = counts.get(lesson);
    if (known) {
      known.count++;
      known.severity = worse(known.severity, severity);
    } else {
      counts.set(lesson, { count: 1, severity });
    }
  }
  return counts;
}
