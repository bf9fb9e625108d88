// An `unsafe fn`'s contract binds its callers, an `unsafe trait`'s its implementers: the finding
// and the section its fix inserts must name the right party.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits } from '../src/engine';
import { findingsIn } from './support/engine';

async function finding(text: string) {
  const found = (await findingsIn(text)).filter((f) => f.rule === 'missing-safety-doc');
  assert.equal(found.length, 1, JSON.stringify(found));
  const only = found[0]!;
  const fix = only.fixes[0];
  assert.ok(fix, 'a fix that adds the section');
  return { message: `${only.message}\n${only.advice}`, fixed: applyEdits(text, fix.edits) };
}

describe('missing-safety-doc names who keeps the contract', () => {
  it('an unsafe trait: its implementers', async () => {
    const { message, fixed } = await finding('pub unsafe trait Marker {}\n');
    assert.match(message, /contract for its implementers/);
    assert.match(fixed, /^\/\/\/ Implementers must guarantee that …$/m);
    assert.doesNotMatch(fixed, /caller/i);
  });

  it('an unsafe fn: its callers', async () => {
    const { message, fixed } = await finding('pub unsafe fn raw() {}\n');
    assert.match(message, /contract for its callers/);
    assert.match(fixed, /^\/\/\/ The caller must ensure that …$/m);
  });
});
