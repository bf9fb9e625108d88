// Allowing a specific rule keeps the general rule it replaces away too: an unwrap proved by an
// `is_some()` check is `unnecessary-unwrap`'s, and allowing that must not bring `unwrap-used` back.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsIn } from './support/engine';

const proved = (allow: string) => `pub fn f(x: Option<u8>) -> u8 {
    if x.is_some() {
        ${allow}
        x.unwrap()
    } else {
        0
    }
}
`;

describe('an allow on a specific rule', () => {
  it('without the allow, the specific rule reports the unwrap, once', async () => {
    assert.deepEqual(
      (await findingsIn(proved(''))).map((f) => f.rule),
      ['unnecessary-unwrap'],
    );
  });

  it('with the safety-coach comment, nothing comes back in its place', async () => {
    assert.deepEqual(await findingsIn(proved('// safety-coach: allow(unnecessary-unwrap)')), []);
  });

  it("with clippy's attribute on the fn, nothing comes back in its place", async () => {
    const text = `#[allow(clippy::unnecessary_unwrap)]\n${proved('')}`;
    assert.deepEqual(await findingsIn(text), []);
  });

  it('allowing the general rule alone leaves the specific finding', async () => {
    assert.deepEqual(
      (await findingsIn(proved('// safety-coach: allow(unwrap-used)'))).map((f) => f.rule),
      ['unnecessary-unwrap'],
    );
  });
});
