// Issue 20.8: a damaged V8 code cache must never stop the server. Bytes are flipped at many
// positions of a real cache that dist/server.js saved; each start must serve diagnostics, exit
// cleanly, and leave an intact cache behind.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { builtServerSession as session } from '../support/builtServer';
import { tempDirs } from '../support/tempDirs';

const tempDir = tempDirs('rsc-v8cache-damage-');
/** As the attack did: this many consecutive bytes flipped, at this many positions spread over the file. */
const FLIPPED_BYTES = 8;
/** 36 in the full attack (`RSC_ATTACK_SCALE=3`); a third of them in every test run keeps it quick. */
const POSITIONS = 12 * Number(process.env.RSC_ATTACK_SCALE ?? 1);

const cacheFiles = (dir: string) => fs.readdirSync(dir).filter((f) => f.endsWith('.v8cache'));

describe('a damaged V8 code cache (dist/server.js)', () => {
  test(`starts and serves with ${FLIPPED_BYTES} bytes flipped at each of ${POSITIONS} positions`, async () => {
    const cache = tempDir();
    assert.deepEqual(await session(cache), { codes: ['unwrap-used'], exitCode: 0 });
    const [name] = cacheFiles(cache);
    assert.ok(name, 'the first session saved a cache');
    const file = path.join(cache, name);
    const intact = fs.readFileSync(file);
    const failures: string[] = [];
    for (let i = 0; i < POSITIONS; i++) {
      const at = Math.floor((i * (intact.length - FLIPPED_BYTES)) / (POSITIONS - 1));
      const damaged = Buffer.from(intact);
      for (let k = 0; k < FLIPPED_BYTES; k++) damaged[at + k] = (damaged[at + k] ?? 0) ^ 0xff;
      fs.writeFileSync(file, damaged);
      const outcome = await session(cache);
      if (outcome.exitCode !== 0 || outcome.codes.join() !== 'unwrap-used')
        failures.push(`at byte ${at}: ${JSON.stringify(outcome)}`);
      // The damaged cache was dropped and a good one saved at exit, so the next start is fast again.
      else if (!fs.existsSync(file) || fs.readFileSync(file).equals(damaged))
        failures.push(`at byte ${at}: the damaged cache was kept`);
    }
    console.log(
      `V8 cache of ${intact.length} bytes: ${POSITIONS - failures.length} of ${POSITIONS} damaged starts served`,
    );
    assert.deepEqual(failures, []);
  });
});
