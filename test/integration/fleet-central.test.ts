// The central PostgreSQL side of the fleet on a real PostgreSQL 15 (a private cluster) and on PGlite: versioned,
// idempotent migrations under concurrency; idempotent ingest; two kiosks on one database; the SAME events give the
// SAME dashboard on PostgreSQL, PGlite and the kiosk's own SQLite outbox; a kiosk that knows only schema 001
// keeps working against 002.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as v from 'valibot';
import { DashboardSchema, type Dashboard, type DashboardQuery } from '../../electron/contract/dashboard.js';
import { openCentral, type CentralDb } from '../../electron/fleet/central/db.js';
import { FleetError } from '../../electron/fleet/central/errors.js';
import { centralDashboard } from '../../electron/fleet/central/dashboard.js';
import { ingest } from '../../electron/fleet/central/ingest.js';
import { migrate, SCHEMA_VERSION } from '../../electron/fleet/central/migrations/index.js';
import { FleetSync, syncOnce, type FleetSyncRecord } from '../../electron/fleet/sync.js';
import { appendFleet, localDashboard, openStorage, type Storage } from '../../electron/service/storage/index.js';
import { kioskFleetSource } from '../../electron/service/fleet-source.js';
import { makeEvent, SqliteFleetSource } from '../../bench/fleet-source.js';
import { startPostgres, type PgCluster } from '../helpers/postgres.js';
import { PG_SKIP } from '../helpers/fleet.js';
import { ROLLUP_TOTAL_SQL } from '../../electron/fleet/events.js';

const T0 = Date.UTC(2026, 8, 1);
const DAY = 86_400_000;
let pg: PgCluster;
const dirs: string[] = [];
const temp = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'chipid-fleet-'));
  dirs.push(d);
  return d;
};
let n = 0;
const freshUrl = (): string => pg.database(`t${++n}_${process.pid}`);

beforeAll(async () => {
  if (!PG_SKIP) pg = await startPostgres();
}, 180_000);
afterAll(async () => {
  await pg?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const count = async (db: CentralDb, sql: string, params: unknown[] = []): Promise<number> => Number((await db.query(sql, params))[0]?.n);

describe.skipIf(PG_SKIP !== null)('central PostgreSQL', () => {
  it('migrations are versioned and idempotent, applied once when 20 kiosks start at once', async () => {
    const url = freshUrl();
    const dbs = await Promise.all(Array.from({ length: 20 }, () => openCentral(url, { max: 2 })));
    const results = await Promise.all(dbs.map((db) => migrate(db)));
    expect(results.every((r) => r.version === SCHEMA_VERSION)).toBe(true);
    expect(results.flatMap((r) => r.applied).sort()).toEqual([1, 2, 3]);
    const rows = await dbs[0]!.query('SELECT version, name FROM fleet_schema ORDER BY version');
    expect(rows.map((r) => [Number(r.version), r.name])).toEqual([
      [1, 'events'],
      [2, 'ingests'],
      [3, 'kiosk-indexes'],
    ]);
    expect((await migrate(dbs[0]!)).applied).toEqual([]);
    await Promise.all(dbs.map((db) => db.close()));
  }, 120_000);

  it('a batch sent twice counts nothing twice; the high-water mark stops at the first gap', async () => {
    const db = await openCentral(freshUrl());
    await migrate(db);
    const ev = (s: number) => makeEvent('kiosk-a', s, T0, 60_000);
    const batch = { kiosk: 'kiosk-a', name: 'Quầy 1', appVersion: '0.1.0', eventVersion: 1, events: [1, 2, 3, 5].map(ev), auditHead: { seq: 7, hash: 'ab'.repeat(32), at: '2026-09-01T00:00:00Z' } };
    expect(await ingest(db, batch)).toEqual({ inserted: 4, present: 0, hwm: 3 });
    expect(await ingest(db, batch)).toEqual({ inserted: 0, present: 4, hwm: 3 });
    expect(await ingest(db, { ...batch, events: [4, 5, 6].map(ev) })).toEqual({ inserted: 2, present: 1, hwm: 6 });
    expect(await count(db, 'SELECT COUNT(*) AS n FROM fleet_events')).toBe(6);
    expect(await count(db, ROLLUP_TOTAL_SQL)).toBe(6);
    expect(await count(db, "SELECT audit_seq AS n FROM fleet_kiosks WHERE kiosk = 'kiosk-a'")).toBe(7);
    expect(await count(db, 'SELECT COUNT(*) AS n FROM fleet_audit_heads')).toBe(1);
    // A malformed event (an ID-like number in a field) is refused and nothing of its batch is kept.
    await expect(ingest(db, { ...batch, events: [{ ...ev(7), counter: '001234567890' }] })).rejects.toThrow(/ID-like/);
    await expect(ingest(db, { ...batch, kiosk: 'bad kiosk id' })).rejects.toBeInstanceOf(FleetError);
    expect(await count(db, 'SELECT COUNT(*) AS n FROM fleet_events')).toBe(6);
    await db.close();
  }, 60_000);

  it('two kiosks report to one PostgreSQL; the central dashboard shows both and filters by kiosk', async () => {
    const url = freshUrl();
    const db = await openCentral(url);
    const a = new SqliteFleetSource(':memory:', 'kiosk-a', 'Quầy A');
    const b = new SqliteFleetSource(':memory:', 'kiosk-b', 'Quầy B');
    a.append(3000, T0, 60_000);
    b.append(1200, T0, 60_000);
    for (const src of [a, b]) {
      const fs = new FleetSync({ source: src, url, batchSize: 500 });
      const r = await fs.runDue({ force: true });
      expect(r).toMatchObject({ sent: src.lastSeq(), inserted: src.lastSeq(), present: 0, left: 0, hwm: src.lastSeq() });
      await fs.close();
    }
    const q: DashboardQuery = { fromMs: T0, toMs: T0 + 5 * DAY, bucket: 'day', tzOffsetMin: 420 };
    const all = await centralDashboard(db, q);
    expect(v.safeParse(DashboardSchema, all).success).toBe(true);
    expect(all.kiosks.map((k) => [k.kiosk, k.name, k.events])).toEqual([
      ['kiosk-a', 'Quầy A', 3000],
      ['kiosk-b', 'Quầy B', 1200],
    ]);
    const onlyB = await centralDashboard(db, { ...q, kiosk: 'kiosk-b' });
    expect(onlyB.kiosks.map((k) => k.kiosk)).toEqual(['kiosk-b']);
    expect(new Set(onlyB.readers.map((r) => r.kiosk))).toEqual(new Set(['kiosk-b']));
    expect(all.totals.reads).toBeGreaterThan(onlyB.totals.reads);
    const reads = (src: SqliteFleetSource): number => src.after(0, 10_000).filter((e) => e.kind === 'read').length;
    expect(all.totals.reads).toBe(reads(a) + reads(b));
    expect(onlyB.totals.reads).toBe(reads(b));
    a.close();
    b.close();
    await db.close();
  }, 120_000);

  it('the same kiosk events give the same dashboard on the kiosk SQLite, PostgreSQL and PGlite', async () => {
    const dir = temp();
    const storage: Storage = openStorage(dir, { retention: false, checkpointIntervalMs: false });
    for (let s = 1; s <= 2500; s++) {
      const { uuid: _u, seq: _s, ...input } = makeEvent('parity', s, T0, 97_000);
      appendFleet(storage.write, input);
    }
    const src = kioskFleetSource<FleetSyncRecord>(storage, { appVersion: '0.1.0', kioskName: 'Quầy P' });
    const engines = [await openCentral(freshUrl()), await openCentral('pglite:memory')];
    const q: DashboardQuery = { fromMs: T0 + 3_600_000 * 5 + 123, toMs: T0 + 3 * DAY, bucket: 'hour', tzOffsetMin: 420 };
    const out: Dashboard[] = [];
    for (const db of engines) {
      await migrate(db);
      // Each engine from a fresh high-water mark: the same kiosk sends everything to each.
      const r = await syncOnce({ ...src, hwm: () => 0, setHwm: () => undefined }, db, { batchSize: 700 });
      expect(r.inserted).toBe(2500);
      out.push(await centralDashboard(db, { ...q, kiosk: src.kioskId }));
    }
    const local = await localDashboard(storage.read, q, { kioskId: src.kioskId });
    const strip = (d: Dashboard) => ({ ...d, generatedAt: '', source: '', kiosks: [], query: { ...d.query, kiosk: null } });
    expect(out[0]!.totals.reads).toBeGreaterThan(1000);
    expect(out[0]!.alerts.length).toBeGreaterThan(0);
    expect(strip(out[1]!)).toEqual(strip(out[0]!));
    expect(strip(local)).toEqual(strip(out[0]!));
    storage.close();
    for (const db of engines) await db.close();
  }, 180_000);

  it('a kiosk that knows only schema 001 keeps working against 002 (and never migrates it down)', async () => {
    const url = freshUrl();
    const newer = await openCentral(url);
    expect((await migrate(newer)).version).toBe(3);
    const old = new SqliteFleetSource(':memory:', 'kiosk-old');
    const cur = new SqliteFleetSource(':memory:', 'kiosk-new');
    old.append(800, T0, 60_000);
    cur.append(300, T0, 60_000);
    const oldSync = new FleetSync({ source: old, url, schema: 1 });
    expect(await oldSync.runDue({ force: true })).toMatchObject({ inserted: 800, left: 0 });
    const curSync = new FleetSync({ source: cur, url });
    expect(await curSync.runDue({ force: true })).toMatchObject({ inserted: 300, left: 0 });
    expect(await count(newer, 'SELECT MAX(version) AS n FROM fleet_schema')).toBe(3);
    expect(await count(newer, "SELECT COUNT(*) AS n FROM fleet_ingests WHERE kiosk = 'kiosk-old'")).toBe(0);
    expect(await count(newer, "SELECT COUNT(*) AS n FROM fleet_ingests WHERE kiosk = 'kiosk-new'")).toBe(1);
    const kiosks = await newer.query('SELECT kiosk, first_contact_ms, hwm FROM fleet_kiosks ORDER BY kiosk');
    expect(kiosks.map((k) => [k.kiosk, k.first_contact_ms === null, Number(k.hwm)])).toEqual([
      ['kiosk-new', false, 300],
      ['kiosk-old', true, 800],
    ]);
    const d = await centralDashboard(newer, { fromMs: T0, toMs: T0 + 2 * DAY, bucket: 'day' });
    expect(d.kiosks.map((k) => k.events)).toEqual([300, 800]);
    await Promise.all([oldSync.close(), curSync.close(), newer.close()]);
    old.close();
    cur.close();
  }, 60_000);

  it('a schema version recorded under another name is refused as FLEET_SCHEMA_NEWER', async () => {
    const db = await openCentral(freshUrl());
    await migrate(db, 1);
    await db.query("UPDATE fleet_schema SET name = 'other-line' WHERE version = 1");
    await expect(migrate(db)).rejects.toMatchObject({ code: 'FLEET_SCHEMA_NEWER' });
    await db.close();
  }, 60_000);

  it('a wrong role is FLEET_AUTH, a closed port FLEET_UNREACHABLE, and neither message holds the password', async () => {
    const badRole = pg.url.replace('postgres@', 'nobody:s3cret-pw@');
    const e1 = await openCentral(badRole).catch((e: unknown) => e);
    expect(e1).toMatchObject({ code: 'FLEET_AUTH' });
    const e2 = await openCentral('postgres://u:s3cret-pw@127.0.0.1:1/x', { connectTimeoutMs: 3000 }).catch((e: unknown) => e);
    expect(e2).toMatchObject({ code: 'FLEET_UNREACHABLE' });
    for (const e of [e1, e2]) expect(JSON.stringify((e as FleetError).toJSON())).not.toContain('s3cret');
    await expect(openCentral('mysql://x')).rejects.toMatchObject({ code: 'FLEET_CONFIG' });
  }, 60_000);
});
