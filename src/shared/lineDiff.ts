// A line diff for the lesson panel's fix preview, shown unified-diff style: only the changed lines
// with a little context. Plain code, no dependency: the common head and tail are cut off first (a
// fix changes a few lines of a file), and the rest is a longest-common-subsequence table.

export type DiffLine =
  | { kind: 'context'; oldLine: number; newLine: number; text: string }
  | { kind: 'removed'; oldLine: number; text: string }
  | { kind: 'added'; newLine: number; text: string };

/** A run of changes with its context; line numbers are 1-based, as editors show them. */
export interface DiffHunk {
  oldStart: number;
  oldCount: number;
  newStart: number;
  newCount: number;
  lines: DiffLine[];
}

export interface DiffOptions {
  /** Unchanged lines shown around each change; changes closer than twice this share a hunk. */
  context?: number;
  /**
   * Largest LCS table (lines before × lines after, once the common head and tail are cut off). A
   * bigger middle is shown as all removed, then all added: still right, just not minimal.
   */
  maxCells?: number;
}

type Op = 'equal' | 'removed' | 'added';

/** The edit script between the middles `a` and `b`: removals before additions where both fit. */
function middleOps(a: readonly string[], b: readonly string[], maxCells: number): Op[] {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0 || n * m > maxCells) {
    return [...Array<Op>(n).fill('removed'), ...Array<Op>(m).fill('added')];
  }
  // lcs[i * (m + 1) + j]: the LCS length of a[i..] and b[j..].
  const width = m + 1;
  const lcs = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * width + j] =
        a[i] === b[j]
          ? (lcs[(i + 1) * width + j + 1] ?? 0) + 1
          : Math.max(lcs[(i + 1) * width + j] ?? 0, lcs[i * width + j + 1] ?? 0);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      ops.push('equal');
      i++;
      j++;
    } else if ((lcs[(i + 1) * width + j] ?? 0) >= (lcs[i * width + j + 1] ?? 0)) {
      ops.push('removed');
      i++;
    } else {
      ops.push('added');
      j++;
    }
  }
  while (i++ < n) ops.push('removed');
  while (j++ < m) ops.push('added');
  return ops;
}

/** Every line of `before` and `after` as context, removed or added, in order. */
export function diffAll(
  before: readonly string[],
  after: readonly string[],
  maxCells = 4_000_000,
): DiffLine[] {
  let head = 0;
  while (head < before.length && head < after.length && before[head] === after[head]) head++;
  let tail = 0;
  while (
    tail < before.length - head &&
    tail < after.length - head &&
    before[before.length - 1 - tail] === after[after.length - 1 - tail]
  ) {
    tail++;
  }
  const ops: Op[] = [
    ...Array<Op>(head).fill('equal'),
    ...middleOps(before.slice(head, before.length - tail), after.slice(head, after.length - tail), maxCells),
    ...Array<Op>(tail).fill('equal'),
  ];
  const lines: DiffLine[] = [];
  let oldLine = 0;
  let newLine = 0;
  for (const op of ops) {
    if (op === 'equal') {
      lines.push({
        kind: 'context',
        oldLine: oldLine + 1,
        newLine: newLine + 1,
        text: before[oldLine] ?? '',
      });
      oldLine++;
      newLine++;
    } else if (op === 'removed') {
      lines.push({ kind: 'removed', oldLine: oldLine + 1, text: before[oldLine] ?? '' });
      oldLine++;
    } else {
      lines.push({ kind: 'added', newLine: newLine + 1, text: after[newLine] ?? '' });
      newLine++;
    }
  }
  return lines;
}

/** The changes between two texts' lines as hunks with `context` unchanged lines around them. */
export function diffHunks(
  before: readonly string[],
  after: readonly string[],
  { context = 2, maxCells }: DiffOptions = {},
): DiffHunk[] {
  const all = diffAll(before, after, maxCells);
  const changed = all.flatMap((line, i) => (line.kind === 'context' ? [] : [i]));
  const hunks: DiffHunk[] = [];
  let k = 0;
  while (k < changed.length) {
    const from = Math.max(0, (changed[k] ?? 0) - context);
    let last = changed[k] ?? 0;
    // Changes whose contexts touch or overlap go into one hunk.
    while (k + 1 < changed.length && (changed[k + 1] ?? 0) - last <= 2 * context + 1)
      last = changed[++k] ?? 0;
    k++;
    const lines = all.slice(from, Math.min(all.length, last + context + 1));
    hunks.push(hunk(lines, all, from));
  }
  return hunks;
}

function hunk(lines: DiffLine[], all: readonly DiffLine[], from: number): DiffHunk {
  // Where the hunk starts in each text: the number of lines of that text before it, plus one.
  const before = all.slice(0, from);
  const oldStart = before.filter((l) => l.kind !== 'added').length + 1;
  const newStart = before.filter((l) => l.kind !== 'removed').length + 1;
  return {
    oldStart,
    oldCount: lines.filter((l) => l.kind !== 'added').length,
    newStart,
    newCount: lines.filter((l) => l.kind !== 'removed').length,
    lines,
  };
}

/** The lines of a text, split at any line break. */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}
