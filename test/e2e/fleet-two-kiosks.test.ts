/**
 * Two kiosks report to one real PostgreSQL: two kiosk services (each its own data folder, its own virtual
 * reader), configured with CHIPID_FLEET_URL, read cards; their background sync ships the events; the central
 * view (the HTTP server `chipid fleet serve` runs) shows both, each kiosk alone with the kiosk filter, the clone
 * alert under the kiosk it happened at, and each kiosk's last contact and audit head.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { createKioskService, type KioskService } from '../../electron/service/kiosk.js';
import type { ServiceEvent } from '../../electron/contract/types.js';
import { DashboardSchema } from '../../electron/contract/dashboard.js';
import { openCentral, type CentralDb } from '../../electron/fleet/central/db.js';
import { startCentralServer, type CentralServer } from '../../electron/fleet/serve.js';
import { fleetLastSeq, kioskId } from '../../electron/service/storage/index.js';
import { startPostgres, type PgCluster } from '../helpers/postgres.js';
import { PG_SKIP } from '../helpers/fleet.js';
import { demoCards } from '../helpers/demo-cards.js';

const ID = '001099012345';
let pg: PgCluster;
let url = '';
const dirs: string[] = [];
const kiosks: { k: KioskService; events: ServiceEvent[] }[] = [];
let db: CentralDb;
let srv: CentralServer;

async function read(i: number, profile: string): Promise<void> {
  const { k, events } = kiosks[i]!;
  const n = events.length;
  await k.demoCard('virtual:0', 'insert', profile);
  await k.startRead('virtual:0', { id: ID }, { photo: false });
  const end = Date.now() + 120_000;
  while (!events.slice(n).some((e) => e.type === 'session' && (e.session.state === 'result' || e.session.state === 'error'))) {
    if (Date.now() > end) throw new Error(`kiosk ${i}: timed out reading ${profile}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  await k.demoCard('virtual:0', 'remove');
}

beforeAll(async () => {
  if (PG_SKIP) return;
  pg = await startPostgres();
  url = pg.database(`two_kiosks_${process.pid}`);
  for (const name of ['Quầy A', 'Quầy B']) {
    const dir = mkdtempSync(join(tmpdir(), 'chipid-fleet-kiosk-'));
    dirs.push(dir);
    const k = await createKioskService({
      dataDir: dir,
      demo: { cards: demoCards(), readers: 1 },
      pcsc: false,
      resultTimeoutMs: 0,
      env: { CHIPID_FLEET_URL: url, CHIPID_KIOSK_NAME: name, CHIPID_FLEET_INTERVAL_MS: '300' },
    });
    const events: ServiceEvent[] = [];
    k.subscribe((e) => void events.push(e));
    kiosks.push({ k, events });
  }
  db = await openCentral(url);
  srv = await startCentralServer({ db, port: 0 });
}, 180_000);

afterAll(async () => {
  await srv?.close();
  for (const { k } of kiosks) await k.close();
  await db?.close();
  await pg?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe.skipIf(PG_SKIP !== null)('two kiosks, one PostgreSQL', () => {
  it('each kiosk’s reads reach the central view, which shows both and each alone', async () => {
    await read(0, 'cccd-2021');
    await read(0, 'cccd-2021');
    await read(1, 'cccd-2021');
    await read(1, 'cccd-clone');
    const ids = kiosks.map(({ k }) => kioskId(k.storage.write));
    expect(new Set(ids).size).toBe(2);
    // The background sync ships within its interval; a forced run makes the wait short and certain.
    for (const { k } of kiosks) await k.fleet!.syncNow();
    for (const { k } of kiosks) expect(k.fleet!.status()).toMatchObject({ queue: 0, lastError: null, hwm: fleetLastSeq(k.storage.read) });

    const period = `fromMs=${Date.now() - 86_400_000}&toMs=${Date.now() + 3_600_000}&bucket=hour&tzOffsetMin=420`;
    const get = async (q: string) => {
      const r = await fetch(`http://127.0.0.1:${srv.port}/api/dashboard?${q}`, { headers: { authorization: `Bearer ${srv.token}` } });
      expect(r.status).toBe(200);
      return v.parse(DashboardSchema, await r.json());
    };
    const all = await get(period);
    expect(all.source).toBe('central');
    expect(all.totals).toMatchObject({ reads: 4, verified: 3, notVerified: 1, alerts: 1 });
    expect(all.kiosks.map((x) => [x.kiosk, x.name, x.events]).sort()).toEqual(
      [
        [ids[0], 'Quầy A', 2],
        [ids[1], 'Quầy B', 2],
      ].sort(),
    );
    for (const x of all.kiosks) {
      expect(x.lastContactMs).toBeGreaterThan(Date.now() - 600_000);
      expect(x.auditSeq).toBeGreaterThan(0);
    }
    expect(all.alerts).toMatchObject([{ kiosk: ids[1], alert: 'clone', code: 'CA_FAILED' }]);
    expect(all.readers.map((r) => r.kiosk).sort()).toEqual([...ids].sort());

    const a = await get(`${period}&kiosk=${ids[0]}`);
    expect(a.totals).toMatchObject({ reads: 2, verified: 2, alerts: 0 });
    const b = await get(`${period}&kiosk=${ids[1]}`);
    expect(b.totals).toMatchObject({ reads: 2, verified: 1, notVerified: 1, alerts: 1 });
  }, 300_000);

  it('a later read at one kiosk arrives by the background sync alone', async () => {
    const before = kiosks[0]!.k.fleet!.status().hwm;
    await read(0, 'cccd-2021');
    const end = Date.now() + 60_000;
    while (kiosks[0]!.k.fleet!.status().hwm <= before) {
      if (Date.now() > end) throw new Error('the background sync did not ship the read');
      await new Promise((r) => setTimeout(r, 100));
    }
    const [row] = await db.query('SELECT COUNT(*) AS n FROM fleet_events WHERE kiosk = $1', [kioskId(kiosks[0]!.k.storage.write)]);
    expect(Number(row!.n)).toBe(fleetLastSeq(kiosks[0]!.k.storage.read));
  }, 120_000);
});
