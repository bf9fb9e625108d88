import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  applySafeFixes,
  compileAll,
  corpusPrograms,
  notQuestionLines,
  type FixOutcome,
} from './support/corpus';

// The learner-style corpus (test/fixtures/corpus): every safe fix compiles, no `?` where none may
// go, and a safe `?` in at least 95% of the programs that admit one.
describe('typed `?` fixes on the learner corpus', () => {
  const programs = corpusPrograms();
  const outcomes = new Map<string, FixOutcome>();

  it('every program compiles as written', async () => {
    const failures = await compileAll(programs);
    assert.deepEqual([...failures.keys()], [], [...failures.values()].join('\n'));
  });

  it('after every safe fix, every program still compiles', async () => {
    for (const p of programs) outcomes.set(p.name, await applySafeFixes(p.text));
    const fixed = programs.filter((p) => (outcomes.get(p.name)?.applied ?? 0) > 0);
    const failures = await compileAll(
      fixed.map((p) => ({ name: p.name, text: outcomes.get(p.name)?.text ?? '' })),
    );
    assert.deepEqual([...failures.keys()], [], [...failures.values()].join('\n'));
  });

  it('no safe `?` where none may go', () => {
    const wrong: string[] = [];
    for (const p of programs) {
      const outcome = outcomes.get(p.name);
      assert.ok(outcome, p.name);
      if (p.expect !== 'safe' && outcome.editedLines.size > 0)
        wrong.push(`${p.name}: line ${[...outcome.editedLines].map((l) => l + 1).join(', ')}`);
      for (const line of notQuestionLines(p.text))
        if (outcome.editedLines.has(line)) wrong.push(`${p.name}: line ${line + 1} is marked not-?`);
    }
    assert.deepEqual(wrong, []);
  });

  it('where `?` would change meaning, it is offered as a suggestion', () => {
    const missing = programs
      .filter((p) => p.expect === 'suggestion' && (outcomes.get(p.name)?.suggestions ?? 0) === 0)
      .map((p) => p.name);
    assert.deepEqual(missing, []);
  });

  it('a safe `?` in at least 95% of the programs that admit one', () => {
    const admit = programs.filter((p) => p.expect === 'safe');
    const missed = admit
      .filter((p) => (outcomes.get(p.name)?.editedLines.size ?? 0) === 0)
      .map((p) => p.name);
    const recall = (admit.length - missed.length) / admit.length;
    assert.ok(
      recall >= 0.95,
      `recall ${(recall * 100).toFixed(1)}% (${admit.length - missed.length}/${admit.length}); missed:\n${missed.join('\n')}`,
    );
  });
});
