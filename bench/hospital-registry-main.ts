// Hospital registry benchmark: lookup by CCCD and name + date-of-birth search p50/p99 among N patients
// (default 1,000,000), and the bulk insert rate.
//   npm run bench:registry -- [patients] [full|normal]   (bundled to dist/bench-registry.mjs with esbuild, then run)
import { loadavg } from 'node:os';
import { benchRegistry } from './hospital-registry.js';

const patients = Number(process.argv[2] ?? 1_000_000);
const durability = process.argv[3] === 'normal' ? 'normal' : 'full';
const loadBefore = loadavg()[0]!.toFixed(2);
const r = await benchRegistry({ patients, durability });
console.log(`hospital registry bench (node ${process.version}, ${process.platform}/${process.arch}), ${r.patients} patients, synchronous=${r.durability.toUpperCase()}`);
console.log(`  fill: ${r.patients} patients in ${r.loadSeconds} s, one transaction (${r.insertPerSec}/s); database ${(r.dbBytes / 1048576).toFixed(1)} MiB`);
console.log(`  lookup by CCCD (getPatient): p50 ${r.lookupP50Ms} ms, p99 ${r.lookupP99Ms} ms   (goal p99 <= 1 ms)`);
console.log(`  name + DOB search (searchPatients, with its audit entry): p50 ${r.searchP50Ms} ms, p99 ${r.searchP99Ms} ms   (goal p99 <= 10 ms)`);
console.log(`  the search's SQL alone: p50 ${r.searchQueryP50Ms} ms, p99 ${r.searchQueryP99Ms} ms; ${r.searchHitsMean} hits per search on average (limit 20)`);
console.log(`  machine load average (1 min) ${loadBefore} at start, ${loadavg()[0]!.toFixed(2)} at end: p99s on a busy machine are its scheduling, not the index`);
console.log(`  checks: ${r.lookupsFound} of 1000 lookups found their patient, ${r.searchesWithHits} of 1000 searches found someone`);
