/**
 * End-to-end: Cargo.toml's `[lints.clippy]` in a real VS Code 1.100 (code-server). Editing the
 * temp copy of the learner crate's Cargo.toml on disk to `unwrap_used = "allow"` silences the
 * unwrap findings (the server watches Cargo.toml); a lint level that is none is a warning on
 * Cargo.toml itself.
 *
 *   bash test/e2e/setup-vscode.sh && npm run package && node --import tsx --test test/e2e/cargoLints.e2e.ts
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { Session, e2eSkipReason, readProblemsByFile, waitFor, type ProblemRow } from './session';
import { openFile } from './workbench';

describe('Cargo.toml lint settings (code-server)', { skip: e2eSkipReason(), timeout: 240_000 }, () => {
  const session = new Session('cargo-lints');
  const page = () => session.page;
  let manifest = '';

  before(async () => {
    await session.start();
    manifest = session.read('Cargo.toml');
  });
  after(() => session.stop());

  /** Waits until the Problems panel's rows satisfy `ok`; fails with what it last showed. */
  async function problemsUntil(ok: (rows: ProblemRow[]) => boolean, what: string): Promise<ProblemRow[]> {
    let seen: ProblemRow[] = [];
    return waitFor(
      async () => {
        seen = await readProblemsByFile(page());
        return ok(seen) ? seen : undefined;
      },
      () => `${what}; Problems shows ${JSON.stringify(seen.map((r) => `${r.file} ${r.code} ${r.line}`))}`,
      30_000,
    );
  }

  const codesIn = (rows: ProblemRow[], file: string) =>
    rows.filter((r) => r.file.startsWith(file)).map((r) => r.code);

  it('[lints.clippy] unwrap_used = "allow" in Cargo.toml silences unwrap-used, and only it', async () => {
    await openFile(page(), 'src/main.rs');
    await problemsUntil(
      (rows) =>
        codesIn(rows, 'main.rs').includes('unwrap-used') && codesIn(rows, 'main.rs').includes('expect-used'),
      'no unwrap-used and expect-used in main.rs',
    );
    await session.shot('before');
    fs.writeFileSync(session.file('Cargo.toml'), `${manifest}\n[lints.clippy]\nunwrap_used = "allow"\n`);
    const rows = await problemsUntil(
      (seen) => !codesIn(seen, 'main.rs').includes('unwrap-used') && codesIn(seen, 'main.rs').length > 0,
      'unwrap-used is still reported in main.rs',
    );
    assert.ok(codesIn(rows, 'main.rs').includes('expect-used'), 'expect-used went too');
    await session.shot('unwrap-allowed');
  });

  it('a lint level that is none is a warning on Cargo.toml, naming the key', async () => {
    fs.writeFileSync(session.file('Cargo.toml'), `${manifest}\n[lints.clippy]\nunwrap_used = "alow"\n`);
    const rows = await problemsUntil(
      (seen) =>
        seen.some((r) => r.file.startsWith('Cargo.toml') && r.text.includes('lints.clippy.unwrap_used')),
      'no warning on Cargo.toml',
    );
    const row = rows.find((r) => r.file.startsWith('Cargo.toml'));
    assert.match(row?.text ?? '', /`alow` is not a lint level/);
    // The bad entry is ignored: unwrap-used is back at its default.
    assert.ok(codesIn(rows, 'main.rs').includes('unwrap-used'));
    await session.shot('bad-level');
    session.assertNoExtensionErrors();
  });
});
