/**
 * The kiosk's own dashboard at scale: a kiosk SQLite file holding `events` fleet events over 90 days (the
 * outbox and its hourly rollup, written as the kiosk writes them), then the dashboard's queries for the whole
 * 90 days (day buckets) and for the last 7 days (hour buckets), `runs` times each. Also what the outbox costs a
 * read: the append (event row + rollup upsert) per event, in batches and one transaction per event.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendFleetInTx, appendFleet, kioskId, localDashboard, openStorage, statement, transaction } from '../electron/service/storage/index.js';
import { syntheticFleetEvents } from './fleet-data.js';
import { FACETS } from '../electron/fleet/events.js';

const DAY = 86_400_000;
const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const r1 = (x: number): number => Math.round(x * 10) / 10;

export interface LocalDashboardBench {
  events: number;
  fillPerSec: number;
  singleAppendUs: number;
  rollupRows: number;
  dbBytes: number;
  day90: { p50Ms: number; p95Ms: number; firstMs: number };
  hour7: { p50Ms: number; p95Ms: number };
}

export async function benchLocalDashboard(opts: { events?: number; runs?: number; now?: number } = {}): Promise<LocalDashboardBench> {
  const n = opts.events ?? 1_000_000;
  const runs = opts.runs ?? 50;
  const now = opts.now ?? Date.now();
  const home = mkdtempSync(join(tmpdir(), 'chipid-bench-dash-'));
  const s = openStorage(home, { retention: false, checkpointIntervalMs: false, durability: 'normal' });
  try {
    kioskId(s.write);
    const from = now - 90 * DAY;
    const t0 = performance.now();
    let batch: Parameters<typeof appendFleetInTx>[1][] = [];
    const flush = (): void => {
      const b = batch;
      transaction(s.write, () => {
        for (const e of b) appendFleetInTx(s.write, e);
      });
      batch = [];
    };
    for (const e of syntheticFleetEvents(n, { fromMs: from, toMs: now - 60_000 })) {
      batch.push(e);
      if (batch.length === 10_000) flush();
    }
    if (batch.length) flush();
    const fillMs = performance.now() - t0;
    // One transaction per event, as a counter's read appends it (durability 'normal' here: no fsync per commit).
    const singles = 2000;
    const t1 = performance.now();
    for (const e of syntheticFleetEvents(singles, { fromMs: now - 60_000, toMs: now, seed: 7 })) appendFleet(s.write, e);
    const singleUs = ((performance.now() - t1) * 1000) / singles;
    let rollupRows = 0;
    for (const f of Object.values(FACETS)) rollupRows += (statement(s.read, `SELECT COUNT(*) AS n FROM ${f.table}`).get() as { n: number }).n;
    const id = kioskId(s.write);
    const q90 = { fromMs: from, toMs: now, bucket: 'day' as const, tzOffsetMin: 420 };
    const q7 = { fromMs: now - 7 * DAY, toMs: now, bucket: 'hour' as const, tzOffsetMin: 420 };
    const time = async (q: typeof q90 | typeof q7): Promise<number> => {
      const a = performance.now();
      const d = await localDashboard(s.read, q, { kioskId: id });
      if (d.totals.reads + d.totals.checkins === 0) throw new Error('bench: the dashboard is empty');
      return performance.now() - a;
    };
    const first = await time(q90);
    const t90: number[] = [];
    const t7: number[] = [];
    for (let i = 0; i < runs; i++) {
      t90.push(await time(q90));
      t7.push(await time(q7));
    }
    return {
      events: n + singles,
      fillPerSec: Math.round(n / (fillMs / 1000)),
      singleAppendUs: Math.round(singleUs),
      rollupRows,
      dbBytes: statSync(s.dbPath).size,
      day90: { p50Ms: r1(pct(t90, 50)), p95Ms: r1(pct(t90, 95)), firstMs: r1(first) },
      hour7: { p50Ms: r1(pct(t7, 50)), p95Ms: r1(pct(t7, 95)) },
    };
  } finally {
    s.close();
    rmSync(home, { recursive: true, force: true });
  }
}
