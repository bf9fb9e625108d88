// The fix preview's line diff (src/shared/lineDiff.ts): minimal edit scripts, hunks with context,
// line numbers on both sides, and the fallback for middles too big for the LCS table.
// Run: node --import tsx --test test/lineDiff.test.ts
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diffAll, diffHunks, type DiffHunk, type DiffLine } from '../src/shared/lineDiff';

function script(lines: readonly DiffLine[]): string[] {
  const sign = { context: ' ', removed: '-', added: '+' } as const;
  return lines.map((l) => `${sign[l.kind]}${l.text}`);
}

/** Applies the diff's own lines to rebuild both texts: every diff must describe its two inputs. */
function sides(lines: readonly DiffLine[]): { before: string[]; after: string[] } {
  return {
    before: lines.filter((l) => l.kind !== 'added').map((l) => l.text),
    after: lines.filter((l) => l.kind !== 'removed').map((l) => l.text),
  };
}

function numbered(n: number, prefix = 'line'): string[] {
  return Array.from({ length: n }, (_, i) => `${prefix} ${i + 1}`);
}

describe('line diff', () => {
  it('finds nothing to show between equal texts', () => {
    assert.deepEqual(diffHunks(['a', 'b'], ['a', 'b']), []);
    assert.deepEqual(diffHunks([], []), []);
  });

  it('shows a one-line change with its context and both line numbers', () => {
    const before = numbered(12);
    const after = [...before];
    after[5] = 'line 6?';
    const hunks = diffHunks(before, after, { context: 2 });
    assert.deepEqual(hunks, [
      {
        oldStart: 4,
        oldCount: 5,
        newStart: 4,
        newCount: 5,
        lines: [
          { kind: 'context', oldLine: 4, newLine: 4, text: 'line 4' },
          { kind: 'context', oldLine: 5, newLine: 5, text: 'line 5' },
          { kind: 'removed', oldLine: 6, text: 'line 6' },
          { kind: 'added', newLine: 6, text: 'line 6?' },
          { kind: 'context', oldLine: 7, newLine: 7, text: 'line 7' },
          { kind: 'context', oldLine: 8, newLine: 8, text: 'line 8' },
        ],
      } satisfies DiffHunk,
    ]);
  });

  it('keeps a 3-line change in a long function to those lines, not the whole function', () => {
    // The report: a fix in `main` changed 3 lines and the preview showed 12 removed and 13 added.
    const before = [
      'fn main() {',
      '    let a = read("a").unwrap();',
      '    let b = 1;',
      '    let c = 2;',
      '    let d = 3;',
      '    let e = read("e").unwrap();',
      '    let f = 4;',
      '    let g = 5;',
      '    let h = 6;',
      '    let i = 7;',
      '    println!("{a}{e}");',
      '}',
    ];
    const after = [
      'fn main() -> Result<(), Box<dyn std::error::Error>> {',
      ...before.slice(1, 10).map((l) => l.replace('.unwrap()', '?')),
      '    println!("{a}{e}");',
      '    Ok(())',
      '}',
    ];
    const lines = diffHunks(before, after, { context: 1 }).flatMap((h) => h.lines);
    const changed = lines.filter((l) => l.kind !== 'context');
    assert.equal(changed.filter((l) => l.kind === 'removed').length, 3);
    assert.equal(changed.filter((l) => l.kind === 'added').length, 4);
    // The old preview showed every line of both versions: 12 + 13.
    assert.ok(lines.length <= 12, `${lines.length} lines shown`);
    assert.deepEqual(
      lines.filter((l) => l.kind === 'context').map((l) => l.text.trim()),
      ['let b = 1;', 'let d = 3;', 'let f = 4;', 'println!("{a}{e}");', '}'],
    );
  });

  it('merges changes whose contexts touch, splits those far apart', () => {
    const before = numbered(30);
    const near = [...before];
    near[4] = 'x';
    near[9] = 'y';
    assert.equal(diffHunks(before, near, { context: 2 }).length, 1);
    const far = [...before];
    far[2] = 'x';
    far[20] = 'y';
    const hunks = diffHunks(before, far, { context: 2 });
    assert.equal(hunks.length, 2);
    assert.deepEqual(
      hunks.map((h) => [h.oldStart, h.oldCount, h.newStart, h.newCount]),
      [
        [1, 5, 1, 5],
        [19, 5, 19, 5],
      ],
    );
  });

  it('numbers the new side after added and removed lines', () => {
    const before = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'];
    const after = ['a', 'new 1', 'new 2', 'b', 'c', 'd', 'e', 'f', 'g', 'i', 'j'];
    const hunks = diffHunks(before, after, { context: 1 });
    assert.deepEqual(
      hunks.map((h) => script(h.lines)),
      [
        [' a', '+new 1', '+new 2', ' b'],
        [' g', '-h', ' i'],
      ],
    );
    assert.deepEqual(
      hunks.map((h) => [h.oldStart, h.oldCount, h.newStart, h.newCount]),
      [
        [1, 2, 1, 4],
        [7, 3, 9, 2],
      ],
    );
  });

  it('is minimal: only lines outside the longest common subsequence change', () => {
    const before = ['a', 'b', 'c', 'a', 'b', 'b', 'a'];
    const after = ['c', 'b', 'a', 'b', 'a', 'c'];
    const lines = diffAll(before, after);
    assert.deepEqual(sides(lines), { before, after });
    // The LCS of these two is 4 long, so 3 removed and 2 added.
    assert.equal(lines.filter((l) => l.kind === 'context').length, 4);
  });

  it('handles additions and removals at the very start and end', () => {
    assert.deepEqual(script(diffAll(['b'], ['a', 'b', 'c'])), ['+a', ' b', '+c']);
    assert.deepEqual(script(diffAll(['a', 'b', 'c'], ['b'])), ['-a', ' b', '-c']);
    assert.deepEqual(script(diffAll([], ['x'])), ['+x']);
    assert.deepEqual(script(diffAll(['x'], [])), ['-x']);
  });

  it('falls back to removed-then-added when the middle is too big for the table, still exact', () => {
    const before = ['same', ...numbered(50, 'old'), 'tail'];
    const after = ['same', ...numbered(60, 'new'), 'tail'];
    const lines = diffAll(before, after, 100);
    assert.deepEqual(sides(lines), { before, after });
    assert.deepEqual(script(lines.slice(0, 2)), [' same', '-old 1']);
    assert.equal(lines.at(-1)?.kind, 'context');
  });

  it('diffs random texts into scripts that rebuild both sides', () => {
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let round = 0; round < 200; round++) {
      const before = Array.from({ length: random(12) }, () => 'abcd'[random(4)] ?? 'a');
      const after = Array.from({ length: random(12) }, () => 'abcd'[random(4)] ?? 'a');
      assert.deepEqual(sides(diffAll(before, after)), { before, after }, `${before} → ${after}`);
      const hunks = diffHunks(before, after, { context: 1 });
      for (const h of hunks) {
        assert.deepEqual(before.slice(h.oldStart - 1, h.oldStart - 1 + h.oldCount), sides(h.lines).before);
        assert.deepEqual(after.slice(h.newStart - 1, h.newStart - 1 + h.newCount), sides(h.lines).after);
      }
    }
  });
});
