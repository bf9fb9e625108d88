// The lesson panel after a window reload: document versions start again, so a finding saved in the
// panel's state must be recognised by its text, not flagged "the file changed" (it was, wrongly).
// Run: node --import tsx --test test/findingRestore.test.ts
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePanelState } from '../src/client/lessonPanel/args';
import { currentFinding, findingView } from '../src/client/lessonPanel/findingView';
import { textHash } from '../src/shared/textHash';
import { RUST, UNWRAP_FINDING } from './support/lessonPanelFixture';

describe('a finding restored after a reload', () => {
  it('is current at its own version, and takes the text hash along', () => {
    const shown = currentFinding(UNWRAP_FINDING, { version: 3, text: RUST, wasOpen: true });
    assert.equal(shown.stale, false);
    assert.equal(shown.finding.version, 3);
    assert.equal(shown.finding.textHash, textHash(RUST));
  });

  it('survives the panel state round trip and a reload that restarts versions at 1', () => {
    const shown = currentFinding(UNWRAP_FINDING, { version: 3, text: RUST, wasOpen: true });
    // What the webview saves with setState, as JSON, and what the serializer reads back.
    const saved: unknown = JSON.parse(
      JSON.stringify({ restore: { lesson: 'unwrap-used', finding: shown.finding } }),
    );
    const restored = parsePanelState(saved);
    assert.ok(restored?.finding);
    assert.equal(restored.finding.textHash, textHash(RUST));

    // After the reload the editor is not restored yet: the panel opens the document, at version 1.
    const afterReload = currentFinding(restored.finding, { version: 1, text: RUST, wasOpen: false });
    assert.equal(afterReload.stale, false);
    assert.equal(afterReload.finding.version, 1, 'the fix is applied at the new version');
    const view = findingView(afterReload.finding, RUST, { file: 'src/main.rs', stale: afterReload.stale });
    assert.equal(view.stale, false);
    assert.ok(view.fix, 'the fix is still offered');
  });

  it('is stale when the text really changed, whatever the version says', () => {
    const shown = currentFinding(UNWRAP_FINDING, { version: 3, text: RUST, wasOpen: true }).finding;
    const edited = RUST.replace('unwrap()', 'expect("port")');
    assert.equal(currentFinding(shown, { version: 1, text: edited, wasOpen: false }).stale, true);
    // A new session that happens to reach the same version number with other text.
    assert.equal(currentFinding(shown, { version: 3, text: edited, wasOpen: true }).stale, true);
    assert.equal(currentFinding(shown, { version: 4, text: edited, wasOpen: true }).stale, true);
  });

  it('without a hash, trusts only a document that was already open at the same version', () => {
    assert.equal(currentFinding(UNWRAP_FINDING, { version: 3, text: RUST, wasOpen: false }).stale, true);
    assert.equal(currentFinding(UNWRAP_FINDING, { version: 4, text: RUST, wasOpen: true }).stale, true);
  });

  it('drops a malformed hash from untrusted arguments', () => {
    const state = { restore: { lesson: 'unwrap-used', finding: { ...UNWRAP_FINDING, textHash: '<b>' } } };
    assert.equal(parsePanelState(state)?.finding?.textHash, undefined);
  });

  it('hashes differ for texts that differ in one character or in length', () => {
    assert.notEqual(textHash('fn main() {}'), textHash('fn main() {} '));
    assert.notEqual(textHash('ab'), textHash('ba'));
    assert.match(textHash(''), /^0-[0-9a-f]{16}$/);
  });
});
