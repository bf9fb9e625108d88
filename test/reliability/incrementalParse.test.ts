// An edited tree must give what a parse of the text alone gives: around syntax errors tree-sitter's
// incremental parse can recover differently, and a seed of the LSP edit test (906322) once caught
// it. Replayed here in process, quickly, with that seed and others, after every batch of edits.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze, ParsedFile } from '../../src/engine';
import { testParser } from '../support/engine';
import { FIXTURES } from '../support/fixtures';
import { randomEdit } from '../support/randomEdits';
import { prng } from '../support/reliability';

const LEARNER = fs
  .readdirSync(path.join(FIXTURES, 'learner-crate', 'src'))
  .filter((f) => f.endsWith('.rs'))
  .map((f) => path.join(FIXTURES, 'learner-crate', 'src', f));
const SOURCES = LEARNER.map((f) => fs.readFileSync(f, 'utf8'));
const SEEDS = [906322, 1, 2, Number(process.env.RSC_SEED ?? Date.now() % 1_000_000)];

describe('incremental parses after random edits', () => {
  for (const seed of SEEDS) {
    test(`match a fresh parse, findings and fixes included (seed ${seed})`, async () => {
      const parser = await testParser();
      for (const [index, file] of LEARNER.entries()) {
        const rand = prng(seed + index);
        const model = TextDocument.create('file:///x.rs', 'rust', 1, SOURCES[index] ?? '');
        const parsed = new ParsedFile(parser, model.getText(), `src/${path.basename(file)}`);
        try {
          for (let version = 2; version <= 200; version++) {
            const changes = [];
            for (let i = rand() < 0.2 ? 3 : 1; i > 0; i--) {
              const e = randomEdit(rand, model.getText(), SOURCES);
              const change = {
                range: { start: model.positionAt(e.start), end: model.positionAt(e.end) },
                text: e.newText,
              };
              TextDocument.update(model, [change], version);
              changes.push(change);
            }
            parsed.applyChanges(changes, model.getText());
            if (version % 10 !== 0) continue;
            const fresh = new ParsedFile(parser, model.getText(), parsed.path);
            try {
              const context = `seed ${seed}, ${path.basename(file)} at version ${version}`;
              assert.equal(parsed.tree.rootNode.toString(), fresh.tree.rootNode.toString(), context);
              assert.deepEqual(analyze(parsed), analyze(fresh), context);
            } finally {
              fresh.dispose();
            }
          }
        } finally {
          parsed.dispose();
        }
      }
    });
  }
});
