import { describe, expect, it } from 'vitest';
import { icaoVectors, h } from '../helpers/shared.js';
import { benchActiveAuthentication, benchChipAuthentication, benchPace, type BenchFigure } from '../../bench/pace.js';
import { parseDg15 } from '../../electron/emrtd/lds/dg15.js';

// Benchmarks run here only to prove they work; figures are printed, never asserted (house style).
const show = (f: BenchFigure): void => {
  process.stdout.write(`[bench] ${f.name}: median ${f.medianMs.toFixed(2)} ms, max ${f.maxMs.toFixed(2)} ms (target ≤ ${f.targetMs} ms, ${f.runs} runs)\n`);
};

describe('bench functions', () => {
  it('benchPace / benchChipAuthentication / benchActiveAuthentication run and report', async () => {
    const figures = [await benchPace(10), await benchChipAuthentication(10), benchActiveAuthentication(20)];
    const v = icaoVectors().realSessions.gmrtd_AA_RSA1792_SHA256;
    figures.push(benchActiveAuthentication(20, { key: parseDg15(h(v.dg15)).publicKey, challenge: h(v.rndIFD), signature: h(v.signature) }));
    for (const f of figures) {
      show(f);
      expect(f.runs).toBeGreaterThan(0);
      expect(Number.isFinite(f.medianMs)).toBe(true);
    }
  });
});
