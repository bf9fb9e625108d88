// files.exclude as the workspace scan applies it: VS Code's glob forms, false to keep, and `when`.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FileExclude, globToRegExp } from '../src/server/fileExclude';

const none = () => false;

describe('globToRegExp', () => {
  const cases: [string, string[], string[]][] = [
    ['**/generated', ['generated', 'a/b/generated'], ['generated2', 'a/generated/x.rs']],
    ['**/generated/**', ['generated/x.rs', 'a/generated/b/x.rs'], ['generated', 'a/gen/x.rs']],
    ['src/*.rs', ['src/lib.rs'], ['src/a/lib.rs', 'lib.rs']],
    ['**/*.{rs,toml}', ['a/b.rs', 'Cargo.toml'], ['a/b.txt']],
    ['file?.rs', ['file1.rs'], ['file10.rs', 'file/.rs']],
    ['[ab]*.rs', ['a.rs', 'bz.rs'], ['c.rs']],
    ['[!ab]*.rs', ['c.rs'], ['a.rs']],
    ['out/', ['out'], ['out/x']],
  ];
  for (const [glob, yes, no] of cases) {
    it(glob, () => {
      const regex = globToRegExp(glob);
      assert.ok(regex);
      for (const p of yes) assert.ok(regex.test(p), `${glob} should match ${p}`);
      for (const p of no) assert.ok(!regex.test(p), `${glob} should not match ${p}`);
    });
  }

  it('refuses an unclosed brace', () => assert.equal(globToRegExp('{a,b'), null));
});

describe('FileExclude', () => {
  it('takes true patterns and ignores false and malformed ones', () => {
    const exclude = new FileExclude({ '**/gen': true, '**/keep': false, '**/odd': 'yes', '{x': true });
    assert.equal(exclude.excludes('a/gen', '/w/a/gen', none), true);
    assert.equal(exclude.excludes('a/keep', '/w/a/keep', none), false);
    assert.equal(exclude.excludes('a/odd', '/w/a/odd', none), false);
  });

  it('matches absolute patterns against the absolute path', () => {
    const exclude = new FileExclude({ '/w/skip/**': true });
    assert.equal(exclude.excludes('skip/x.rs', '/w/skip/x.rs', none), true);
    assert.equal(exclude.excludes('x/skip/x.rs', '/w/x/skip/x.rs', none), false);
  });

  it('applies a when clause only beside the named sibling', () => {
    const exclude = new FileExclude({ '**/*.rs': { when: '$(basename).rs.in' } });
    assert.equal(
      exclude.excludes('src/gen.rs', '/w/src/gen.rs', (n) => n === 'gen.rs.in'),
      true,
    );
    assert.equal(exclude.excludes('src/gen.rs', '/w/src/gen.rs', none), false);
  });

  it('is empty for anything but an object', () => {
    for (const setting of [undefined, null, [], 'x', { a: false }]) assert.ok(new FileExclude(setting).empty);
  });
});
