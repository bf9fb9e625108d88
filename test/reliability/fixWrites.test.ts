// Issue 20, items 1, 2, 4 and 5: where `--fix` may write, and how it writes without losing an edit,
// an owner, a read-only bit or a hard link. Runs the built CLI: `npm run build` first.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { APPENDED } from './appendDuringRename';
import { SLOW_WRITE } from './slowWriteAfterRename';
import { CAN_RUN_AS_NOBODY, FIXABLE, FIXED, REPO_ROOT, runCli, tempDir, write } from './builtCli';

const NOBODY = 65534;
const IS_ROOT = process.getuid?.() === 0;
const FINDING = /:2:12: warning\[unwrap-used\] /;

/** `tree/src` inside a fresh folder, with `outside/` beside `tree/`. */
function layout(): { base: string; src: string; outside: string } {
  const base = tempDir();
  const src = path.join(base, 'tree', 'src');
  const outside = path.join(base, 'outside');
  fs.mkdirSync(src, { recursive: true });
  fs.mkdirSync(outside);
  return { base, src, outside };
}

function warnings(stderr: string): string[] {
  return stderr.split('\n').filter((l) => l.startsWith('rust-safety-coach: warning: '));
}

describe('--fix writes only inside the paths given (item 1)', { concurrency: true }, () => {
  test('links to files and folders outside the tree are scanned, reported, and not written', async () => {
    const { base, src, outside } = layout();
    write(path.join(outside, 'victim.rs'));
    write(path.join(outside, 'absolute.rs'));
    fs.mkdirSync(path.join(outside, 'home'));
    write(path.join(outside, 'home', 'notes.rs'));
    fs.symlinkSync('../../outside/victim.rs', path.join(src, 'relative.rs'));
    fs.symlinkSync(path.join(outside, 'absolute.rs'), path.join(src, 'absolute.rs'));
    fs.symlinkSync(path.join(outside, 'home'), path.join(src, 'home'));

    const r = await runCli(base, ['scan', '--fix', 'tree']);

    assert.equal(r.code, 0, r.stderr);
    for (const f of ['victim.rs', 'absolute.rs', path.join('home', 'notes.rs')])
      assert.equal(fs.readFileSync(path.join(outside, f), 'utf8'), FIXABLE, `${f} was written`);
    for (const name of ['relative.rs', 'absolute.rs', 'home'])
      assert.ok(fs.lstatSync(path.join(src, name)).isSymbolicLink(), `${name} is still a link`);
    // Read through the links, as before: their findings are reported, each with why it was not fixed.
    for (const shown of ['tree/src/relative.rs', 'tree/src/absolute.rs', 'tree/src/home/notes.rs'])
      assert.match(r.stdout, new RegExp(`^${shown}:2:12: warning\\[unwrap-used\\] `, 'm'));
    const said = warnings(r.stderr);
    assert.equal(said.length, 3, r.stderr);
    for (const line of said) assert.match(line, /: its real path .* is outside the paths given; not fixed$/);
    assert.match(r.stdout, /^Applied 0 fixes in 0 files\.$/m);
  });

  test('a link inside the tree is written through, as rustfmt does: the target changes, the link stays', async () => {
    const { base, src } = layout();
    write(path.join(src, 'real.rs'));
    fs.symlinkSync('real.rs', path.join(src, 'alias.rs'));
    // Named on the command line, a link is what the user asked for: its target is fixed.
    const elsewhere = path.join(base, 'named.rs');
    write(elsewhere);
    fs.symlinkSync(elsewhere, path.join(base, 'tree', 'named-link.rs'));

    const r = await runCli(base, ['scan', '--fix', 'tree', 'tree/named-link.rs']);

    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    assert.equal(fs.readFileSync(path.join(src, 'real.rs'), 'utf8'), FIXED);
    assert.equal(fs.readlinkSync(path.join(src, 'alias.rs')), 'real.rs');
    assert.equal(fs.readFileSync(elsewhere, 'utf8'), FIXED);
    assert.equal(fs.readlinkSync(path.join(base, 'tree', 'named-link.rs')), elsewhere);
    assert.match(r.stdout, /^Applied 2 fixes in 2 files\.$/m);
  });
});

describe('--fix never loses a concurrent edit (item 2)', () => {
  test('a write that lands on the file during the rename is put back and reported', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'lib.rs');
    write(file);
    const preload = path.join(REPO_ROOT, 'test', 'reliability', 'appendDuringRename.ts');

    const r = await runCli(dir, ['scan', '--fix', 'lib.rs'], { preload });

    assert.equal(fs.readFileSync(file, 'utf8'), FIXABLE + APPENDED, 'the other program’s edit is on disk');
    assert.equal(r.code, 2, r.stderr);
    assert.deepEqual(warnings(r.stderr), [
      'rust-safety-coach: warning: lib.rs: changed on disk while it was being written; that edit was kept and the fixes were not',
    ]);
    assert.match(r.stdout, FINDING, 'the findings reported are those of the file as it is');
    assert.deepEqual(fs.readdirSync(dir), ['lib.rs']);
  });

  test('a write that reaches the replaced file after it was written is put back too', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'lib.rs');
    const other = path.join(dir, 'other.rs');
    write(file);
    write(other);
    const preload = path.join(REPO_ROOT, 'test', 'reliability', 'slowWriteAfterRename.ts');

    const r = await runCli(dir, ['scan', '--fix', '.'], { preload });

    assert.equal(fs.readFileSync(file, 'utf8'), FIXABLE + SLOW_WRITE, 'the slow write is on disk');
    assert.equal(fs.readFileSync(other, 'utf8'), FIXED, 'the other file is fixed');
    assert.equal(r.code, 2, r.stderr);
    assert.deepEqual(warnings(r.stderr), [
      'rust-safety-coach: warning: lib.rs: changed on disk while it was being written; that edit was kept and the fixes were not',
    ]);
    assert.match(r.stdout, /^lib\.rs:2:12: warning\[unwrap-used\] /m);
    assert.match(r.stdout, /^Applied 1 fix in 1 file\.$/m);
    assert.deepEqual(fs.readdirSync(dir).sort(), ['lib.rs', 'other.rs']);
  });
});

describe('--fix keeps owners and read-only files (item 4)', { concurrency: true }, () => {
  test(
    'as root: a file owned by another user keeps its owner and group; a read-only one is skipped',
    { skip: IS_ROOT ? false : 'needs root, to own files as another user' },
    async () => {
      const dir = tempDir();
      const owned = path.join(dir, 'owned.rs');
      const groupOnly = path.join(dir, 'group.rs');
      const readOnly = path.join(dir, 'readonly.rs');
      for (const f of [owned, groupOnly, readOnly]) write(f);
      fs.chownSync(owned, NOBODY, NOBODY);
      fs.chmodSync(owned, 0o664);
      fs.chownSync(groupOnly, 0, NOBODY);
      // Root may write any file; it leaves one without write bits alone by choice (README).
      fs.chmodSync(readOnly, 0o444);

      const r = await runCli(dir, ['scan', '--fix', '.']);

      assert.equal(r.code, 0, r.stderr);
      assert.equal(fs.readFileSync(owned, 'utf8'), FIXED);
      const o = fs.statSync(owned);
      assert.deepEqual([o.uid, o.gid, o.mode & 0o7777], [NOBODY, NOBODY, 0o664]);
      assert.equal(fs.readFileSync(groupOnly, 'utf8'), FIXED);
      assert.deepEqual([fs.statSync(groupOnly).uid, fs.statSync(groupOnly).gid], [0, NOBODY]);
      assert.equal(fs.readFileSync(readOnly, 'utf8'), FIXABLE);
      assert.equal(fs.statSync(readOnly).mode & 0o7777, 0o444);
      assert.deepEqual(warnings(r.stderr), [
        'rust-safety-coach: warning: readonly.rs: read-only (no write permission); not fixed',
      ]);
      assert.match(r.stdout, /^readonly\.rs:2:12: warning\[unwrap-used\] /m);
      assert.match(r.stdout, /^Applied 2 fixes in 2 files\.$/m);
      assert.deepEqual(fs.readdirSync(dir).sort(), ['group.rs', 'owned.rs', 'readonly.rs']);
    },
  );

  test(
    'as another user: files it may not write are skipped, even in a folder it may write',
    { skip: CAN_RUN_AS_NOBODY ? false : 'setpriv cannot run node as nobody here' },
    async () => {
      const dir = tempDir();
      fs.chownSync(dir, NOBODY, NOBODY); // a rename here would succeed: only the file's bits forbid it
      const mine = path.join(dir, 'mine.rs');
      const mineReadOnly = path.join(dir, 'mine-readonly.rs');
      const roots = path.join(dir, 'roots.rs');
      for (const f of [mine, mineReadOnly, roots]) write(f);
      fs.chownSync(mine, NOBODY, NOBODY);
      fs.chownSync(mineReadOnly, NOBODY, NOBODY);
      fs.chmodSync(mineReadOnly, 0o444);
      fs.chmodSync(roots, 0o644); // root's, world-readable

      const r = await runCli(dir, ['scan', '--fix', '.'], { asNobody: true });

      assert.equal(r.code, 0, r.stderr);
      assert.equal(fs.readFileSync(mine, 'utf8'), FIXED);
      assert.equal(fs.readFileSync(mineReadOnly, 'utf8'), FIXABLE);
      assert.equal(fs.readFileSync(roots, 'utf8'), FIXABLE);
      assert.equal(fs.statSync(roots).uid, 0, 'still root’s');
      assert.deepEqual(warnings(r.stderr), [
        'rust-safety-coach: warning: mine-readonly.rs: read-only (no write permission); not fixed',
        'rust-safety-coach: warning: roots.rs: read-only (no write permission); not fixed',
      ]);
    },
  );
});

describe('--fix keeps hard links (item 5)', { concurrency: true }, () => {
  test('two names for one file: reported once, fixed once, in place, still one file', async () => {
    const dir = tempDir();
    const a = path.join(dir, 'a.rs');
    const b = path.join(dir, 'b.rs');
    write(a);
    fs.linkSync(a, b);
    const inode = fs.statSync(a).ino;

    const json = await runCli(dir, ['scan', '--format', 'json', '.']);
    const report = JSON.parse(json.stdout) as { files: number; findings: Array<{ file: string }> };
    assert.equal(report.files, 1);
    assert.deepEqual(
      report.findings.map((f) => f.file),
      ['a.rs'],
    );

    const r = await runCli(dir, ['scan', '--fix', '.']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    assert.match(r.stdout, /^Applied 1 fix in 1 file\.$/m);
    assert.equal(fs.readFileSync(a, 'utf8'), FIXED);
    assert.equal(fs.statSync(a).ino, inode, 'written in place');
    assert.equal(fs.statSync(b).ino, inode);
    assert.equal(fs.statSync(a).nlink, 2);
    assert.deepEqual(fs.readdirSync(dir).sort(), ['a.rs', 'b.rs'], 'no backup or temp file left');
  });

  test('a file with a hard link outside the tree is skipped, with a clear message', async () => {
    const { base, src, outside } = layout();
    const inside = path.join(src, 'lib.rs');
    write(inside);
    fs.linkSync(inside, path.join(outside, 'copy.rs'));

    const r = await runCli(base, ['scan', '--fix', 'tree']);

    assert.equal(r.code, 0, r.stderr);
    assert.equal(fs.readFileSync(inside, 'utf8'), FIXABLE);
    assert.equal(fs.statSync(inside).nlink, 2);
    assert.deepEqual(warnings(r.stderr), [
      'rust-safety-coach: warning: tree/src/lib.rs: it has 2 hard links and one is not among the files scanned; not fixed',
    ]);
  });
});
