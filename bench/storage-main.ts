// Storage benchmark: prints event insert p50/p99 (FULL and NORMAL), keyed-hash lookup p50/p99 among
// 1,000,000 events, bulk-load time and database size.
//   npm run bench:storage -- [events]   (bundles this file to dist/bench-storage.mjs with esbuild and runs it)
import { benchStorage } from './storage.js';

const events = Number(process.argv[2] ?? 1_000_000);
const r = benchStorage({ events });
const mb = (b: number): string => `${(b / 1048576).toFixed(1)} MiB`;
console.log(`storage bench (node ${process.version}, ${process.platform}/${process.arch})`);
for (const [mode, f] of Object.entries(r.insert)) {
  console.log(`  insert event+audit, synchronous=${mode.toUpperCase()}: p50 ${f.p50Ms} ms, p99 ${f.p99Ms} ms, max ${f.maxMs} ms (n=${f.n})`);
}
console.log(`  bulk load: ${r.bulkLoad.events} events (+ audit entries) in ${r.bulkLoad.seconds} s, one transaction (${r.bulkLoad.eventsPerSecond}/s)`);
console.log(`  findByIdHash hit among ${r.lookupHit.among}: p50 ${r.lookupHit.p50Ms} ms, p99 ${r.lookupHit.p99Ms} ms, max ${r.lookupHit.maxMs} ms (${r.lookupHit.rowsPerHit} rows/hit, n=${r.lookupHit.n})`);
console.log(`  findByIdHash miss among ${r.lookupMiss.among}: p50 ${r.lookupMiss.p50Ms} ms, p99 ${r.lookupMiss.p99Ms} ms, max ${r.lookupMiss.maxMs} ms (n=${r.lookupMiss.n})`);
console.log(`  database: ${mb(r.dbBytes)} (${(r.dbBytes / r.bulkLoad.events).toFixed(0)} B/event incl. audit entry), files on disk ${mb(r.fileBytes)}`);
