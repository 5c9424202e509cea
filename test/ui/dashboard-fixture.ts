/**
 * A fleet of synthetic events in a real SQLite database, answered by the real dashboard queries
 * (electron/fleet/dashboard.ts queryDashboard over the hourly rollup facets): what the central page draws in its
 * tests until the central server lands, and what the render benchmark draws for 90 days. Nothing personal:
 * the events hold codes, counters and masked reader names only. Deterministic (a seeded generator).
 */
import Database from 'better-sqlite3-multiple-ciphers';
import { randomUUID } from 'node:crypto';
import type { Dashboard, DashboardQuery } from '../../electron/contract/dashboard.js';
import { queryDashboard, type SqlRunner } from '../../electron/fleet/dashboard.js';
import { EVENT_COLUMNS_DDL, FACETS, FLEET_COLUMNS, HOUR_MS, ROLLUP_UPSERT_SQL, fleetRow, rollup, rollupDdl, rollupParams, type FacetName, type FleetEvent } from '../../electron/fleet/events.js';

/** mulberry32: a small seeded generator (public domain). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface FleetFixture {
  query(q: DashboardQuery): Promise<Dashboard>;
  /** Adds `n` verified reads at `atMs` on kiosk `kiosk` (the live test's "a read happened"). */
  addReads(kiosk: string, n: number, atMs: number): void;
  events: number;
  close(): void;
}

const KIOSKS = [
  { id: 'kiosk-bv-01', name: 'Bệnh viện — sảnh A', workflow: 'hospital' },
  { id: 'kiosk-nh-07', name: 'Ngân hàng — chi nhánh 7', workflow: 'bank' },
] as const;
const FAIL = [
  ['ACCESS_DENIED', 'access'],
  ['CARD_REMOVED', 'removed'],
  ['TRANSPORT_LOST', 'removed'],
  ['CSCA_UNKNOWN', 'tier'],
  ['EXPIRED', 'tier'],
  ['PCSC_UNAVAILABLE', 'reader'],
  ['SOME_NEW_CODE', 'other'],
] as const;
const DEPTS = ['NOI', 'NGOAI', 'NHI', 'SAN', 'RHM'];
const LOOKUPS = ['insured', 'insured', 'insured', 'not_insured', 'expired', 'error'];

/**
 * `days` days of events ending at `endMs`, about `perHour` reads an hour per kiosk in working hours
 * (07:00–17:00 Vietnam time), a few at night; `alerts` clones/tampered cards among them.
 */
export function makeFleet(opts: { endMs: number; days: number; perHour: number; seed?: number; alerts?: number }): FleetFixture {
  const db = new Database(':memory:');
  db.exec(rollupDdl('sqlite'));
  db.exec(`CREATE TABLE fleet_events (kiosk TEXT NOT NULL,\n${EVENT_COLUMNS_DDL});`);
  db.exec(`CREATE TABLE fleet_kiosks (kiosk TEXT PRIMARY KEY, name TEXT, last_contact_ms INTEGER)`);
  const up = Object.fromEntries((Object.keys(FACETS) as FacetName[]).map((f) => [f, db.prepare(ROLLUP_UPSERT_SQL[f])])) as Record<FacetName, Database.Statement>;
  const ins = db.prepare(`INSERT INTO fleet_events (kiosk, ${FLEET_COLUMNS.map(([, c]) => c).join(', ')}) VALUES (?, ${FLEET_COLUMNS.map(() => '?').join(', ')})`);
  const r = rng(opts.seed ?? 14);
  const seqs = new Map<string, number>();
  let events = 0;
  const base = (kiosk: string, atMs: number, counter: string, reader: string): Omit<FleetEvent, 'kind'> => {
    const seq = (seqs.get(kiosk) ?? 0) + 1;
    seqs.set(kiosk, seq);
    return { uuid: randomUUID(), seq, atMs, workflow: '', counter, reader, operator: '', verdict: '', reason: '', category: '', outcome: '', department: '', lookup: '', face: '', liveness: '', override: 0, alert: '', documentType: '', totalMs: 0, apdus: 0 };
  };
  const write = (kiosk: string, batch: FleetEvent[], keepEvents: (e: FleetEvent) => boolean): void => {
    db.transaction(() => {
      for (const row of rollup(kiosk, batch)) up[row.facet].run(...rollupParams(row));
      for (const e of batch) if (keepEvents(e)) ins.run(kiosk, ...fleetRow(e));
    })();
    events += batch.length;
  };
  let alertsLeft = opts.alerts ?? 3;
  const startMs = opts.endMs - opts.days * 86_400_000;
  for (const k of KIOSKS) {
    const batch: FleetEvent[] = [];
    for (let h = Math.floor(startMs / HOUR_MS) * HOUR_MS; h < opts.endMs; h += HOUR_MS) {
      const localHour = (h / HOUR_MS + 7) % 24;
      const rate = localHour >= 7 && localHour < 17 ? opts.perHour : opts.perHour / 20;
      const n = Math.floor(rate * (0.5 + r()));
      for (let i = 0; i < n; i++) {
        const atMs = Math.min(opts.endMs - 1, h + Math.floor(r() * HOUR_MS));
        const counter = `Quầy ${1 + Math.floor(r() * 3)}`;
        const reader = `ACS ACR1252 ${counter.slice(-1)}`;
        const operator = `op_${k.workflow}${1 + Math.floor(r() * 3)}`;
        const x = r();
        const verdict = x < 0.86 ? 'verified' : x < 0.95 ? 'not_verified' : 'error';
        const read: FleetEvent = { ...base(k.id, atMs, counter, reader), kind: 'read', workflow: k.workflow, operator, verdict, documentType: 'CCCD', totalMs: Math.floor(900 + r() * r() * 6000), apdus: 40 + Math.floor(r() * 30) };
        if (verdict === 'not_verified') {
          const f = FAIL[3 + Math.floor(r() * 2)]!;
          Object.assign(read, { reason: f[0], category: f[1] });
          if (alertsLeft > 0 && r() < 0.02) {
            alertsLeft--;
            Object.assign(read, r() < 0.5 ? { reason: 'CA_FAILED', alert: 'clone' } : { reason: 'DG_HASH_MISMATCH', alert: 'tamper' });
          }
        } else if (verdict === 'error') {
          const f = [FAIL[0], FAIL[1], FAIL[2], FAIL[5], FAIL[6]][Math.floor(r() * 5)]!;
          Object.assign(read, { reason: f[0], category: f[1], totalMs: 0 });
        }
        batch.push(read);
        if (verdict !== 'verified') continue;
        if (k.workflow === 'hospital') {
          const override = r() < 0.03 ? 1 : 0;
          batch.push({ ...base(k.id, atMs, counter, reader), kind: 'hospital.checkin', workflow: 'hospital', operator, outcome: override ? 'overridden' : 'checked-in', department: DEPTS[Math.floor(r() * DEPTS.length)]!, lookup: LOOKUPS[Math.floor(r() * LOOKUPS.length)]!, override });
        } else {
          const y = r();
          const face = y < 0.9 ? 'match' : y < 0.97 ? 'no-match' : 'not-compared';
          const override = face !== 'match' && r() < 0.3 ? 1 : 0;
          batch.push({ ...base(k.id, atMs, counter, reader), kind: 'bank.check', workflow: 'bank', operator, outcome: face === 'match' || override ? 'confirmed' : 'refused', face, liveness: face === 'not-compared' ? '' : 'pass', override });
        }
        if (batch.length >= 5000) write(k.id, batch.splice(0), (e) => e.alert !== '');
      }
    }
    write(k.id, batch, (e) => e.alert !== '');
    db.prepare('INSERT INTO fleet_kiosks VALUES (?, ?, ?)').run(k.id, k.name, opts.endMs - (k.workflow === 'bank' ? 3 * 3_600_000 : 60_000));
  }
  const runner: SqlRunner = { all: (sql, params) => Promise.resolve(db.prepare(sql).all(...params) as Record<string, unknown>[]) };
  const names: Record<string, string> = { op_hospital1: 'Nguyễn Thị Lan', op_hospital2: 'Trần Văn Minh', op_bank1: 'Lê Thu Hà' };
  return {
    get events() {
      return events;
    },
    query: (q) =>
      queryDashboard(runner, q, {
        source: 'central',
        eventsTable: 'fleet_events',
        operatorName: (id) => names[id] ?? null,
        now: () => opts.endMs,
        kiosks: async (qq) => {
          const rows = db.prepare('SELECT kiosk, name, last_contact_ms FROM fleet_kiosks').all() as { kiosk: string; name: string; last_contact_ms: number }[];
          return rows
            .filter((x) => !qq.kiosk || x.kiosk === qq.kiosk)
            .map((x) => ({ kiosk: x.kiosk, name: x.name, events: seqs.get(x.kiosk) ?? 0, lastEventMs: opts.endMs, lastContactMs: x.last_contact_ms, auditSeq: seqs.get(x.kiosk) ?? 0 }));
        },
      }),
    addReads(kiosk, n, atMs) {
      const batch: FleetEvent[] = [];
      for (let i = 0; i < n; i++) batch.push({ ...base(kiosk, atMs, 'Quầy 1', 'ACS ACR1252 1'), kind: 'read', workflow: 'hospital', verdict: 'verified', documentType: 'CCCD', totalMs: 1500, apdus: 50 });
      write(kiosk, batch, () => false);
    },
    close: () => db.close(),
  };
}
