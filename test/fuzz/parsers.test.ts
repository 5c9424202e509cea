/**
 * Property-based fuzzing of every parser that takes outside bytes or JSON (see docs/fuzzing.md): each
 * target runs a fixed number of inputs from a fixed seed, printed, so a failure reproduces exactly;
 * fast-check shrinks a failing input to a small one. Long runs with random seeds: `npm run fuzz`.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { targets } from './targets.js';
import { corpus } from './corpus.js';
import { readMasterList } from '../../electron/pki/masterlist.js';
import { testPki } from '../../electron/devkit/pki-build.js';

const SEED = Number(process.env.CHIPID_FUZZ_SEED ?? 20261203);
const all = targets();

describe('fuzz: parsers refuse hostile input with a typed error, never crash or hang', () => {
  beforeAll(async () => {
    for (const t of all) await t.setup?.();
  }, 120_000);

  it('the false-verified properties start from inputs that do verify (so they can fail)', () => {
    const ml = readMasterList(corpus().masterLists[0]!, { roots: [testPki().csca.cert], at: new Date('2026-11-22T10:00:00Z') });
    expect(ml.verification.verified).toBe(true);
    // the verdict target's setup() throws unless the genuine virtual card reads as verified
  });

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
