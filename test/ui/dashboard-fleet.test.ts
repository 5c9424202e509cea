/**
 * The central page against the real central server (`chipid fleet serve`'s startCentralServer) over a real
 * PostgreSQL, in Debian's Chromium: two kiosk services (virtual readers, CHIPID_FLEET_URL) read cards and ship
 * their events; the page shows both kiosks in its filter with their last contact, the fleet's totals and the
 * clone alert; one kiosk alone narrows the figures; the CSV comes from the server as a download.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createKioskService, type KioskService } from '../../electron/service/kiosk.js';
import type { ServiceEvent } from '../../electron/contract/types.js';
import { openCentral, type CentralDb } from '../../electron/fleet/central/db.js';
import { startCentralServer, type CentralServer } from '../../electron/fleet/serve.js';
import { kioskId } from '../../electron/service/storage/index.js';
import { startPostgres, type PgCluster } from '../helpers/postgres.js';
import { PG_SKIP } from '../helpers/fleet.js';
import { demoCards } from '../helpers/demo-cards.js';
import { ROOT, buildAll, chromiumMissing, launchChromium, shot } from './harness.js';

const ID = '001099012345';
const missing = chromiumMissing() ?? PG_SKIP;
if (missing) console.log(`[ui-dashboard-fleet] skipped: ${missing}`);

describe.skipIf(missing !== null)('central page on the real central server and PostgreSQL (Chromium)', () => {
  let pg: PgCluster;
  let db: CentralDb;
  let srv: CentralServer;
  let browser: Browser;
  const dirs: string[] = [];
  const kiosks: { k: KioskService; events: ServiceEvent[] }[] = [];

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
    buildAll();
    pg = await startPostgres();
    const url = pg.database(`dash_ui_${process.pid}`);
    for (const name of ['Quầy A', 'Quầy B']) {
      const dir = mkdtempSync(join(tmpdir(), 'chipid-dash-kiosk-'));
      dirs.push(dir);
      const k = await createKioskService({ dataDir: dir, demo: { cards: demoCards(), readers: 1 }, pcsc: false, resultTimeoutMs: 0, env: { CHIPID_FLEET_URL: url, CHIPID_KIOSK_NAME: name, CHIPID_FLEET_INTERVAL_MS: '300' } });
      const events: ServiceEvent[] = [];
      k.subscribe((e) => void events.push(e));
      kiosks.push({ k, events });
    }
    db = await openCentral(url);
    srv = await startCentralServer({ db, port: 0, staticDir: join(ROOT, 'dist/renderer') });
    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await srv?.close();
    for (const { k } of kiosks) await k.close();
    await db?.close();
    await pg?.stop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('shows both kiosks, the fleet’s totals and the clone alert; one kiosk alone; CSV from the server', async () => {
    await read(0, 'cccd-2021');
    await read(0, 'cccd-2021');
    await read(1, 'cccd-clone');
    for (const { k } of kiosks) await k.fleet!.syncNow();
    const ids = kiosks.map(({ k }) => kioskId(k.storage.write));

    const page = await browser.newPage({ viewport: { width: 1366, height: 768 }, acceptDownloads: true });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(srv.url);
    await page.locator('.dash-total--reads').waitFor({ timeout: 60_000 });
    expect(await page.evaluate(() => location.href)).not.toContain(srv.token);
    await page.getByRole('button', { name: 'Hôm nay' }).click();
    await expect.poll(() => page.locator('.dash-total--reads .dash-total__n').innerText(), { timeout: 30_000 }).toBe('3');
    expect(await page.locator('.dash-total--alerts .dash-total__n').innerText()).toBe('1');
    expect(await page.locator('.dash-card--alarm tbody tr').innerText()).toContain('THẺ SAO CHÉP');
    const options = await page.locator('.dash-kiosk option').allInnerTexts();
    expect(options.filter((o) => /Quầy [AB] · Liên lạc lần cuối/.test(o)).length).toBe(2);
    await shot(page, 'dashboard-central-fleet-1366x768');

    await page.locator('.dash-kiosk select').selectOption(ids[0]!);
    await expect.poll(() => page.locator('.dash-total--reads .dash-total__n').innerText(), { timeout: 30_000 }).toBe('2');
    expect(await page.locator('.dash-total--alerts .dash-total__n').innerText()).toBe('0');

    const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.getByRole('button', { name: 'Xuất CSV' }).click()]);
    expect(dl.suggestedFilename().endsWith('.csv')).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  }, 300_000);
});
