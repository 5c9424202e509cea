/** The registry benchmark runs on a small registry and its queries work (figures are printed, never asserted). */
import { expect, it } from 'vitest';
import { benchRegistry } from '../../bench/hospital-registry.js';
import '../unit/service/fixtures/storage-helpers.js'; // a temp key folder of the tests' own

it('benchRegistry fills, looks up and searches', async () => {
  const r = await benchRegistry({ patients: 3000, queries: 200, durability: 'normal' });
  expect(r.patients).toBe(3000);
  expect(r.lookupsFound).toBe(200);
  expect(r.searchesWithHits).toBe(200);
  for (const v of [r.lookupP50Ms, r.lookupP99Ms, r.searchP50Ms, r.searchP99Ms, r.searchQueryP99Ms, r.insertPerSec]) expect(Number.isFinite(v) && v >= 0).toBe(true);
  process.stdout.write(`registry bench (3000 patients): lookup p99 ${r.lookupP99Ms} ms, search p99 ${r.searchP99Ms} ms, ${r.insertPerSec} inserts/s\n`);
}, 120_000);
