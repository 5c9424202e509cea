/**
 * chipid bench --fleet: the fleet's figures on a private PostgreSQL 15 cluster (test/helpers/postgres.ts) on
 * loopback. One kiosk's sync throughput; 100 kiosks at once (each its own connection), with the CPU used by
 * PostgreSQL and by this process; catch-up of a week offline with the peak RSS; the dashboard's queries over
 * 90 days × 1,000,000 events (p50/p95 of centralDashboard); and the fault run: a scripted sync of 1,000,000
 * events from a child process SIGKILLed at random points while PostgreSQL restarts at random points, then
 * checked for 0 lost and 0 duplicated. Figures are printed, never asserted.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCentral, sqlRunner, type CentralDb } from '../electron/fleet/central/db.js';
import { dashboardSql } from '../electron/fleet/dashboard.js';
import { centralDashboard } from '../electron/fleet/central/dashboard.js';
import { migrate } from '../electron/fleet/central/migrations/index.js';
import { syncOnce } from '../electron/fleet/sync.js';
import { startPostgres, type PgCluster } from '../test/helpers/postgres.js';
import { bundleFleetChild } from './fleet-build.js';
import { SqliteFleetSource } from './fleet-source.js';
import { FACETS, ROLLUP_TOTAL_SQL } from '../electron/fleet/events.js';

export interface FleetBenchOptions {
  oneKiosk?: number;
  kiosks?: number;
  perKiosk?: number;
  catchUp?: number;
  faultEvents?: number;
  dashboardRuns?: number;
  log?: (s: string) => void;
}

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 5, 1);
const r1 = (x: number): number => Math.round(x * 10) / 10;
const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]!;
};

/** CPU ms of a PostgreSQL cluster so far: the postmaster, its reaped children and the living ones (/proc). */
function pgCpuMs(dataDir: string): number {
  const pid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const tick = 10; // USER_HZ is 100 on Linux
  const fields = (p: number | string): string[] | null => {
    try {
      const s = readFileSync(`/proc/${p}/stat`, 'utf8');
      return s.slice(s.lastIndexOf(')') + 2).split(' ');
    } catch {
      return null;
    }
  };
  const own = fields(pid);
  if (!own) return 0;
  // After ')': [0] state, [1] ppid, … utime is field 14 of the whole line = index 11 here.
  let ms = (Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14])) * tick;
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const f = fields(d);
    if (f && Number(f[1]) === pid) ms += (Number(f[11]) + Number(f[12])) * tick;
  }
  return ms;
}

async function count(db: CentralDb, sql: string): Promise<number> {
  return Number((await db.query(sql))[0]?.n ?? 0);
}

export async function benchFleet(o: FleetBenchOptions = {}): Promise<Record<string, unknown>> {
  const log = o.log ?? ((s: string) => process.stderr.write(s + '\n'));
  const out: Record<string, unknown> = {};
  const dir = mkdtempSync(join(tmpdir(), 'chipid-bench-fleet-'));
  const pg: PgCluster = await startPostgres({ maxConnections: 250 });
  try {
    // 1. One kiosk → PostgreSQL on loopback, batches of 2000.
    {
      const n = o.oneKiosk ?? 200_000;
      const src = new SqliteFleetSource(':memory:', 'kiosk-one');
      src.append(n, T0, 10_000);
      const db = await openCentral(pg.database('one'));
      await migrate(db);
      const cpu0 = process.cpuUsage();
      const r = await syncOnce(src, db, { batchSize: 2000 });
      const cpu = process.cpuUsage(cpu0);
      out.oneKiosk = { events: r.sent, ms: r.ms, eventsPerS: Math.round((r.sent / r.ms) * 1000), nodeCpuMs: Math.round((cpu.user + cpu.system) / 1000) };
      log(`one kiosk: ${r.sent} events in ${r.ms} ms = ${Math.round((r.sent / r.ms) * 1000)} events/s`);
      await db.close();
      src.close();
    }
    // 2. A week offline: 50,000 events from a file outbox, memory bounded by the batch.
    {
      const n = o.catchUp ?? 50_000;
      const src = new SqliteFleetSource(join(dir, 'week.sqlite'), 'kiosk-week');
      src.append(n, Date.now() - 7 * DAY, Math.floor((7 * DAY) / n));
      const db = await openCentral(pg.database('week'));
      await migrate(db);
      global.gc?.();
      const rss0 = process.memoryUsage().rss;
      let peak = rss0;
      const t = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
      const r = await syncOnce(src, db, { batchSize: 2000 });
      clearInterval(t);
      peak = Math.max(peak, process.memoryUsage().rss);
      out.catchUp = { events: r.sent, ms: r.ms, rssBeforeMb: r1(rss0 / 2 ** 20), rssPeakMb: r1(peak / 2 ** 20), rssGrowthMb: r1((peak - rss0) / 2 ** 20) };
      log(`catch-up: ${r.sent} events (a week offline) in ${r.ms} ms; RSS ${r1(rss0 / 2 ** 20)} → peak ${r1(peak / 2 ** 20)} MB`);
      await db.close();
      src.close();
    }
    // 3. 100 kiosks at once, each its own connection: 90 days × perKiosk events each (the dashboard's data set).
    const fleetUrl = pg.database('fleet');
    {
      const k = o.kiosks ?? 100;
      const per = o.perKiosk ?? 10_000;
      const step = Math.floor((90 * DAY) / per);
      const srcs = Array.from({ length: k }, (_, i) => {
        const s = new SqliteFleetSource(':memory:', `kiosk-${String(i).padStart(3, '0')}`, `Quầy ${i}`);
        s.append(per, T0, step);
        return s;
      });
      const first = await openCentral(fleetUrl);
      await migrate(first);
      const dbs = await Promise.all(srcs.map(() => openCentral(fleetUrl, { max: 1 })));
      const pg0 = pgCpuMs(pg.dataDir);
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const rs = await Promise.all(srcs.map((s, i) => syncOnce(s, dbs[i]!, { batchSize: 2000 })));
      const ms = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      await Promise.all(dbs.map((d) => d.close()));
      await new Promise((ok) => setTimeout(ok, 300));
      const pgMs = pgCpuMs(pg.dataDir) - pg0;
      const sent = rs.reduce((a, r) => a + r.sent, 0);
      out.hundredKiosks = { kiosks: k, events: sent, ms: Math.round(ms), eventsPerS: Math.round((sent / ms) * 1000), postgresCpuMs: pgMs, nodeCpuMs: Math.round((cpu.user + cpu.system) / 1000), cores: 2 };
      log(`${k} kiosks at once: ${sent} events in ${Math.round(ms)} ms = ${Math.round((sent / ms) * 1000)} events/s; CPU postgres ${pgMs} ms, node ${Math.round((cpu.user + cpu.system) / 1000)} ms`);
      for (const s of srcs) s.close();
      // 4. The dashboard over 90 days of those events.
      for (const f of Object.values(FACETS)) await first.query(`VACUUM ANALYZE ${f.table}`);
      await first.query('VACUUM ANALYZE fleet_events');
      const events = await count(first, 'SELECT COUNT(*) AS n FROM fleet_events');
      let rollupRows = 0;
      for (const f of Object.values(FACETS)) rollupRows += await count(first, `SELECT COUNT(*) AS n FROM ${f.table}`);
      const db = await openCentral(fleetUrl, { max: 9 });
      const q = { fromMs: T0, toMs: T0 + 90 * DAY, bucket: 'day' as const, tzOffsetMin: 420 };
      await centralDashboard(db, q);
      const times: number[] = [];
      for (let i = 0; i < (o.dashboardRuns ?? 50); i++) {
        const t = performance.now();
        await centralDashboard(db, i % 5 === 4 ? { ...q, kiosk: 'kiosk-007' } : q);
        times.push(performance.now() - t);
      }
      // Each part's query alone, one after the other (where the time goes).
      const parts = dashboardSql(q, 'fleet_events', true);
      const run = sqlRunner(db);
      const partMs: Record<string, number> = {};
      for (const [name, p] of Object.entries(parts)) {
        const t = performance.now();
        await run.all(p.sql, p.params);
        partMs[name] = r1(performance.now() - t);
      }
      out.dashboard = { partMs, events, rollupRows, days: 90, runs: times.length, p50Ms: r1(pct(times, 0.5)), p95Ms: r1(pct(times, 0.95)), maxMs: r1(Math.max(...times)) };
      log(`dashboard: 90 days, ${events} events (${rollupRows} rollup rows): p50 ${r1(pct(times, 0.5))} ms, p95 ${r1(pct(times, 0.95))} ms over ${times.length} runs`);
      await db.close();
      await first.close();
    }
    // 5. The fault run.
    out.fault = await faultRun(pg, dir, o.faultEvents ?? 1_000_000, log);
  } finally {
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

/** A scripted sync of `n` events from a child that is SIGKILLed, while PostgreSQL restarts, at random points. */
async function faultRun(pg: PgCluster, dir: string, n: number, log: (s: string) => void): Promise<Record<string, unknown>> {
  const file = join(dir, 'fault.sqlite');
  const src = new SqliteFleetSource(file, 'kiosk-fault');
  src.append(n, T0, Math.floor((90 * DAY) / n));
  src.close();
  const url = pg.database('fault');
  const child = await bundleFleetChild();
  let seed = 20_261_204;
  const rnd = (): number => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  let kills = 0;
  let restarts = 0;
  let runs = 0;
  const t0 = performance.now();
  const deadline = t0 + 20 * 60_000;
  try {
    for (;;) {
      runs++;
      const p: ChildProcess = spawn(process.execPath, [child, file, 'kiosk-fault', url, '2000'], { stdio: ['ignore', 'pipe', 'inherit'] });
      let outText = '';
      p.stdout!.on('data', (d: Buffer) => (outText = (outText + d.toString()).slice(-200)));
      const exited = new Promise<{ code: number | null; signal: string | null }>((ok) => p.on('exit', (code, signal) => ok({ code, signal })));
      let ended = false;
      void exited.then(() => (ended = true));
      // Faults while it runs: every 0.3–3 s, a SIGKILL of the child (60 %) or a PostgreSQL restart (40 %).
      for (;;) {
        const wait = 300 + rnd() * 2700;
        const r = await Promise.race([exited.then(() => 'exit' as const), new Promise<'tick'>((ok) => setTimeout(() => ok('tick'), wait))]);
        if (r === 'exit' || ended || performance.now() > deadline) break;
        if (rnd() < 0.6) {
          p.kill('SIGKILL');
          kills++;
          break;
        }
        pg.restart();
        restarts++;
      }
      const e = await exited;
      if (e.code === 0 && outText.includes('done')) break;
      if (e.code !== 0 && e.signal !== 'SIGKILL') throw new Error(`fault child exited ${e.code}`);
      if (performance.now() > deadline) throw new Error('fault run did not finish in 20 minutes');
    }
  } finally {
    rmSync(child, { force: true });
  }
  const ms = Math.round(performance.now() - t0);
  const db = await openCentral(url);
  const [row] = await db.query('SELECT COUNT(*) AS n, COUNT(DISTINCT uuid) AS u, MAX(seq) AS m FROM fleet_events');
  const rolled = await count(db, ROLLUP_TOTAL_SQL);
  const hwm = await count(db, 'SELECT hwm AS n FROM fleet_kiosks');
  await db.close();
  const total = Number(row!.n);
  const res = { events: n, ms, runs, kills, restarts, rows: total, distinctUuid: Number(row!.u), maxSeq: Number(row!.m), rollupSum: rolled, centralHwm: hwm, lost: n - Number(row!.u), duplicated: total - Number(row!.u) + (rolled - total) };
  log(`fault run: ${n} events in ${ms} ms over ${runs} child runs; ${kills} SIGKILLs and ${restarts} PostgreSQL restarts survived; rows ${total}, distinct uuid ${res.distinctUuid}, max seq ${res.maxSeq}, rollup sum ${rolled}: lost ${res.lost}, duplicated ${res.duplicated}`);
  return res;
}

export function fleetBenchLines(b: Record<string, unknown>): string[] {
  return Object.entries(b).map(([k, v]) => `${k}: ${JSON.stringify(v)}`);
}
