/**
 * Property-based fuzzing of every parser that takes outside bytes or JSON (see docs/fuzzing.md): each
 * target runs a fixed number of inputs from a fixed seed, printed, so a failure reproduces exactly;
 * fast-check shrinks a failing input to a small one. Long runs with random seeds: `npm run fuzz`.
 */
import { beforeAll, describe, it } from 'vitest';
import fc from 'fast-check';
import { targets } from './targets.js';

const SEED = Number(process.env.CHIPID_FUZZ_SEED ?? 20261203);
const all = targets();

describe('fuzz: parsers refuse hostile input with a typed error, never crash or hang', () => {
  beforeAll(async () => {
    for (const t of all) await t.setup?.();
  }, 120_000);

  for (const t of all) {
    it(`${t.name}: ${t.what}`, async () => {
      console.log(`fuzz ${t.name}: seed ${SEED}, ${t.runs} runs`);
      await fc.assert(
        fc.asyncProperty(t.arb(), async (input) => {
          await t.run(input);
        }),
        { seed: SEED, numRuns: t.runs, endOnFailure: false },
      );
    }, 240_000);
  }
});
