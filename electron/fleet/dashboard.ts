/**
 * The dashboard's queries: the same SQL text on the kiosk's SQLite and on the central PostgreSQL (and on the
 * embedded PGlite), over the hourly rollups (events.ts) and, for the alerts list, the events themselves.
 * Each query groups by the hour; the day buckets of the chosen time zone and the percentiles are made here,
 * so nothing depends on an engine's date functions. Pure: the engine is a `SqlRunner`.
 */
import type { Bucket, Dashboard, DashboardQuery } from '../contract/dashboard.js';
import { FACETS, FAILURE_CATEGORIES, HOUR_MS, LATENCY_EDGES_MS, histogramPercentile } from './events.js';

export type SqlValue = string | number;
export type SqlRow = Record<string, unknown>;

/** One engine: `?` placeholders (a PostgreSQL runner numbers them), rows as plain objects. */
export interface SqlRunner {
  all(sql: string, params: readonly SqlValue[]): Promise<SqlRow[]>;
}

export interface DashboardSource {
  source: 'kiosk' | 'central';
  /** The table of events with an `alert` column: the kiosk's `fleet_outbox`, the central `fleet_events`. */
  eventsTable: 'fleet_outbox' | 'fleet_events';
  /** The kiosks to list (central: from fleet_kiosks; a kiosk: itself). */
  kiosks(q: DashboardQuery): Promise<Dashboard['kiosks']>;
  /** An operator's name where it may be shown (a supervisor at the kiosk that knows them), else null. */
  operatorName?(id: string): string | null;
  /** The kiosk id a kiosk's own events are shown under (its outbox has no kiosk column). */
  selfKiosk?: string;
  now?(): number;
}

export const DAY_MS = 86_400_000;
export const DEFAULT_TZ_OFFSET_MIN = 420;

/** The start of every bucket of the period, in order (days start at local midnight of `tzOffsetMin`). */
export function bucketStarts(fromMs: number, toMs: number, bucket: Bucket, tzOffsetMin: number): number[] {
  const out: number[] = [];
  const first = bucketOf(fromMs, bucket, tzOffsetMin);
  const step = bucket === 'hour' ? HOUR_MS : DAY_MS;
  for (let t = first; t < toMs && out.length < 10_000; t += step) out.push(t);
  return out;
}

/** The start of the bucket holding `ms`. */
export function bucketOf(ms: number, bucket: Bucket, tzOffsetMin: number): number {
  if (bucket === 'hour') return Math.floor(ms / HOUR_MS) * HOUR_MS;
  const off = tzOffsetMin * 60_000;
  return Math.floor((ms + off) / DAY_MS) * DAY_MS - off;
}

const num = (v: unknown): number => (typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : v === null || v === undefined ? 0 : Number(v));
const str = (v: unknown): string => (typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v));

/** The filter every query shares: the period by hour (a partial first hour counts whole) and the kiosk. */
function where(q: DashboardQuery, table: 'rollup' | 'events', extra: string): { sql: string; params: SqlValue[] } {
  const col = table === 'rollup' ? 'hour_ms' : 'at_ms';
  const from = table === 'rollup' ? Math.floor(q.fromMs / HOUR_MS) * HOUR_MS : q.fromMs;
  const parts = [`${col} >= ?`, `${col} < ?`];
  const params: SqlValue[] = [from, q.toMs];
  if (q.kiosk !== undefined) {
    parts.push('kiosk = ?');
    params.push(q.kiosk);
  }
  if (extra) parts.push(extra);
  return { sql: parts.join(' AND '), params };
}

/** The SQL of each part of the dashboard (exported for the benchmark and the engine parity test). */
export function dashboardSql(q: DashboardQuery, eventsTable: string, hasKioskColumn: boolean): Record<string, { sql: string; params: SqlValue[] }> {
  const h = (extra: string) => where(q, 'rollup', extra);
  const all = h('');
  const evq: DashboardQuery = hasKioskColumn ? q : { ...q, kiosk: undefined };
  const ev = where(evq, 'events', "alert <> ''");
  const kioskCol = hasKioskColumn ? 'kiosk' : "'' AS kiosk";
  const R = FACETS.reads.table;
  // The bucket's start, computed by the engine in integer arithmetic (the same on both): days start at local midnight.
  const step = q.bucket === 'hour' ? HOUR_MS : DAY_MS;
  const off = q.bucket === 'hour' ? 0 : (q.tzOffsetMin ?? DEFAULT_TZ_OFFSET_MIN) * 60_000;
  // CAST: a bound JS number may arrive as a REAL, and the division must be an integer one on both engines.
  const B = '((hour_ms + CAST(? AS BIGINT)) / CAST(? AS BIGINT)) * CAST(? AS BIGINT) - CAST(? AS BIGINT) AS b';
  const bp: SqlValue[] = [off, step, step, off];
  const by = (sel: string, table: string, w: { sql: string; params: SqlValue[] }, group: string) => ({
    sql: `SELECT ${B}, ${sel} FROM ${table} WHERE ${w.sql} GROUP BY 1, ${group}`,
    params: [...bp, ...w.params],
  });
  // One scan per facet: each query groups by every field its charts need, and the charts are made from its rows.
  return {
    reads: by('verdict, reason, category, alert, lat_bucket, SUM(n) AS n, SUM(total_ms_sum) AS ms', R, all, 'verdict, reason, category, alert, lat_bucket'),
    hospital: by('kind, department, lookup, override, SUM(n) AS n', FACETS.hospital.table, all, 'kind, department, lookup, override'),
    bank: by('outcome, face, override, SUM(n) AS n', FACETS.bank.table, all, 'outcome, face, override'),
    readers: {
      sql: `SELECT kiosk, counter, reader, verdict, category, SUM(n) AS n, SUM(apdus_sum) AS apdus, MAX(last_ms) AS last_ms FROM ${FACETS.readers.table} WHERE ${all.sql} GROUP BY kiosk, counter, reader, verdict, category`,
      params: all.params,
    },
    operators: { sql: `SELECT operator, kind, override, SUM(n) AS n FROM ${FACETS.operators.table} WHERE ${all.sql} GROUP BY operator, kind, override`, params: all.params },
    alerts: {
      sql: `SELECT at_ms, ${kioskCol}, counter, reader, alert, reason FROM ${eventsTable} WHERE ${ev.sql} ORDER BY at_ms DESC LIMIT 200`,
      params: ev.params,
    },
  };
}

/** The dashboard of one period from one engine. */
export async function queryDashboard(db: SqlRunner, q: DashboardQuery, src: DashboardSource): Promise<Dashboard> {
  const tz = q.tzOffsetMin ?? DEFAULT_TZ_OFFSET_MIN;
  const sql = dashboardSql(q, src.eventsTable, src.source === 'central');
  const names = Object.keys(sql);
  const results = await Promise.all(names.map((n) => db.all(sql[n]!.sql, sql[n]!.params)));
  const r = Object.fromEntries(names.map((n, i) => [n, results[i]!])) as Record<string, SqlRow[]>;

  const t = bucketStarts(q.fromMs, q.toMs, q.bucket, tz);
  const index = new Map(t.map((x, i) => [x, i]));
  const slot = (b: unknown): number => index.get(num(b)) ?? -1;
  const zeros = (): number[] => t.map(() => 0);

  const verified = zeros();
  const notVerified = zeros();
  const error = zeros();
  const fails = new Map<string, { code: string; category: string; count: number }>();
  const nBuckets = LATENCY_EDGES_MS.length + 1;
  const counts = new Array<number>(nBuckets).fill(0);
  const per = t.map(() => new Array<number>(nBuckets).fill(0));
  let msSum = 0;
  let alertCount = 0;
  for (const row of r.reads!) {
    const n = num(row.n);
    const i = slot(row.b);
    if (row.alert !== '' && row.alert !== null && row.alert !== undefined) alertCount += n;
    if (row.verdict !== 'verified') {
      const code = str(row.reason) || 'UNKNOWN';
      const cat = str(row.category);
      const category = (FAILURE_CATEGORIES as readonly string[]).includes(cat) ? cat : 'other';
      const f = fails.get(`${code}|${category}`) ?? { code, category, count: 0 };
      f.count += n;
      fails.set(`${code}|${category}`, f);
    }
    if (row.verdict !== 'error') {
      // Completed reads only: a refused key or a lifted card says nothing about how long a read takes.
      const b = num(row.lat_bucket);
      if (b >= 0 && b < nBuckets) {
        counts[b]! += n;
        msSum += num(row.ms);
        if (i >= 0) per[i]![b]! += n;
      }
    }
    if (i < 0) continue;
    const arr = row.verdict === 'verified' ? verified : row.verdict === 'not_verified' ? notVerified : error;
    arr[i]! += n;
  }
  const failures = [...fails.values()].sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
  const latTotal = counts.reduce((a, b) => a + b, 0);

  const checkins = zeros();
  let hospOverrides = 0;
  const byDept = new Map<string, number>();
  const lookups = new Map<string, number>();
  for (const row of r.hospital!) {
    const n = num(row.n);
    if (row.kind === 'hospital.checkin') {
      const i = slot(row.b);
      if (i >= 0) checkins[i]! += n;
      if (num(row.override) === 1) hospOverrides += n;
      const d = str(row.department) || '—';
      byDept.set(d, (byDept.get(d) ?? 0) + n);
    }
    const l = str(row.lookup);
    if (l) lookups.set(l, (lookups.get(l) ?? 0) + n);
  }

  const bankChecks = zeros();
  const outcomes = new Map<string, { outcome: string; face: string; count: number }>();
  let bankOverrides = 0;
  for (const row of r.bank!) {
    const n = num(row.n);
    const i = slot(row.b);
    if (i >= 0) bankChecks[i]! += n;
    const key = `${str(row.outcome)}|${str(row.face)}`;
    const o = outcomes.get(key) ?? { outcome: str(row.outcome), face: str(row.face), count: 0 };
    o.count += n;
    outcomes.set(key, o);
    if (num(row.override) === 1) bankOverrides += n;
  }

  const readers = new Map<string, Dashboard['readers'][number] & { apdus: number; apdusN: number }>();
  for (const row of r.readers!) {
    const kiosk = src.source === 'central' ? str(row.kiosk) : (src.selfKiosk ?? str(row.kiosk));
    const key = `${kiosk}\u0000${str(row.counter)}\u0000${str(row.reader)}`;
    const x = readers.get(key) ?? { kiosk, counter: str(row.counter), reader: str(row.reader), reads: 0, errors: 0, readerErrors: 0, meanApdus: null, lastSeenMs: 0, apdus: 0, apdusN: 0 };
    const n = num(row.n);
    x.reads += n;
    if (row.verdict === 'error') x.errors += n;
    if (row.category === 'reader') x.readerErrors += n;
    if (row.verdict !== 'error') {
      x.apdus += num(row.apdus);
      x.apdusN += n;
    }
    x.lastSeenMs = Math.max(x.lastSeenMs, num(row.last_ms));
    readers.set(key, x);
  }

  const ops = new Map<string, Dashboard['operators'][number]>();
  for (const row of r.operators!) {
    const id = str(row.operator);
    const o = ops.get(id) ?? { operator: id, name: src.operatorName?.(id) ?? null, checkins: 0, bankChecks: 0, overrides: 0 };
    const n = num(row.n);
    if (row.kind === 'hospital.checkin') o.checkins += n;
    if (row.kind === 'bank.check') o.bankChecks += n;
    if (num(row.override) === 1) o.overrides += n;
    ops.set(id, o);
  }

  const sum = (a: number[]): number => a.reduce((x, y) => x + y, 0);
  const totals = {
    reads: sum(verified) + sum(notVerified) + sum(error),
    verified: sum(verified),
    notVerified: sum(notVerified),
    errors: sum(error),
    checkins: sum(checkins),
    bankChecks: sum(bankChecks),
    overrides: hospOverrides + bankOverrides,
    alerts: alertCount,
  };

  return {
    query: { fromMs: q.fromMs, toMs: q.toMs, bucket: q.bucket, tzOffsetMin: tz, kiosk: q.kiosk ?? null },
    source: src.source,
    generatedAt: new Date(src.now?.() ?? Date.now()).toISOString(),
    totals,
    reads: { t, verified, notVerified, error },
    failures,
    latency: {
      edges: [...LATENCY_EDGES_MS],
      counts,
      p50: histogramPercentile(counts, 0.5),
      p95: histogramPercentile(counts, 0.95),
      meanMs: latTotal === 0 ? null : Math.round(msSum / latTotal),
      perBucket: { p50: per.map((c) => histogramPercentile(c, 0.5)), p95: per.map((c) => histogramPercentile(c, 0.95)) },
    },
    hospital: {
      checkins,
      byDepartment: [...byDept].map(([department, count]) => ({ department, count })).sort((a, b) => b.count - a.count || a.department.localeCompare(b.department)),
      lookups: [...lookups].map(([code, count]) => ({ code, count })).sort((a, b) => b.count - a.count || a.code.localeCompare(b.code)),
      overrides: hospOverrides,
    },
    bank: { checks: bankChecks, outcomes: [...outcomes.values()].sort((a, b) => b.count - a.count), overrides: bankOverrides },
    readers: [...readers.values()]
      .map(({ apdus, apdusN, ...x }) => ({ ...x, meanApdus: apdusN === 0 ? null : Math.round((apdus / apdusN) * 10) / 10 }))
      .sort((a, b) => a.kiosk.localeCompare(b.kiosk) || a.counter.localeCompare(b.counter) || a.reader.localeCompare(b.reader)),
    alerts: r.alerts!.map((row) => ({
      atMs: num(row.at_ms),
      kiosk: src.source === 'central' ? str(row.kiosk) : (src.selfKiosk ?? ''),
      counter: str(row.counter),
      reader: str(row.reader),
      alert: str(row.alert),
      code: str(row.reason),
    })),
    operators: [...ops.values()].sort((a, b) => b.checkins + b.bankChecks - (a.checkins + a.bankChecks) || a.operator.localeCompare(b.operator)),
    kiosks: await src.kiosks(q),
  };
}
