/**
 * The central dashboard page (dist/renderer/central.html) in Debian's Chromium, against a tiny HTTP server of
 * this test that serves the built page with its CSP and answers GET /api/dashboard and /api/export from a real
 * SQLite fleet through the real dashboard queries (dashboard-fixture.ts) — until `chipid fleet serve` lands.
 * The token leaves the address bar; a wrong token says what to do (VN, then EN); the kiosk filter narrows
 * the figures; the data tables open from the keyboard; 1024×768 and 1920×1080 have no horizontal overflow;
 * axe finds nothing serious. The 90-day first render is measured and printed, not asserted.
 */
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { periodQuery } from '../../renderer/dashboard/period.js';
import { axeSerious, buildAll, chromiumMissing, launchChromium, shot } from './harness.js';
import { makeFleet, type FleetFixture } from './dashboard-fixture.js';
import { CENTRAL_TOKEN as TOKEN, serveCentral as serve } from './dashboard-server.js';

const missing = chromiumMissing();
if (missing) console.log(`[ui-dashboard] skipped: ${missing}`);

async function noOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const de = document.documentElement;
    if (de.scrollWidth > innerWidth + 1) out.push(`page ${de.scrollWidth} > ${innerWidth}`);
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('.central__main, .dash, .dash-card, .dash-toolbar, .dash-chart'))) {
      const r = el.getBoundingClientRect();
      if (r.right > innerWidth + 1) out.push(`${el.className} ends at ${Math.round(r.right)} of ${innerWidth}`);
    }
    const main = document.querySelector<HTMLElement>('.central__main');
    if (main && main.scrollWidth > main.clientWidth + 1) out.push(`main scrolls sideways ${main.scrollWidth} > ${main.clientWidth}`);
    return out;
  });
}

const total = (page: Page, key: string): Promise<string> => page.locator(`.dash-total--${key} .dash-total__n`).innerText();

describe.skipIf(missing !== null)('central dashboard page (Chromium)', () => {
  let browser: Browser;
  let fleet: FleetFixture;
  let server: Server;
  let url = '';
  const seen: string[] = [];
  const now = Date.now();

  beforeAll(async () => {
    buildAll();
    fleet = makeFleet({ endMs: now, days: 95, perHour: 12, alerts: 4 });
    ({ server, url } = await serve(fleet, seen));
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => server?.close(r));
    fleet?.close();
  });

  async function open(size: [number, number], hash = `#token=${TOKEN}`): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: size[0], height: size[1] } });
    await page.goto(`${url}central.html${hash}`);
    return page;
  }

  it('takes the token from the fragment, shows the fleet of the last 7 days with both kiosks, alerts in red', async () => {
    const page = await open([1920, 1080]);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.locator('.dash-total--reads').waitFor({ timeout: 60_000 });
    expect(await page.evaluate(() => location.hash)).toBe('');
    expect(await page.evaluate(() => location.href)).not.toContain(TOKEN);
    const q = periodQuery({ kind: '7d' }, now)!;
    const want = await fleet.query(q);
    expect(want.totals.reads).toBeGreaterThan(0);
    expect(await total(page, 'reads')).toBe(String(want.totals.reads));
    expect(await total(page, 'alerts')).toBe(String(want.totals.alerts));
    expect(seen.some((s) => s.startsWith('/api/dashboard?') && s.includes('bucket=day') && s.includes('tzOffsetMin=420'))).toBe(true);
    // Both kiosks in the filter, each with its last contact.
    const options = await page.locator('.dash-kiosk option').allInnerTexts();
    expect(options.some((o) => o.includes('Bệnh viện') && o.includes('Liên lạc lần cuối'))).toBe(true);
    expect(options.some((o) => o.includes('Ngân hàng'))).toBe(true);
    // Charts drawn by uPlot, each with a summary in words.
    expect(await page.locator('.dash-chart canvas').count()).toBeGreaterThanOrEqual(3);
    for (const label of await page.locator('.dash-chart').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''))) expect(label.length).toBeGreaterThan(10);
    // Failure categories worded; an unknown code shown as it is.
    await expect.poll(() => page.locator('#dash-failures-h').isVisible()).toBe(true);
    const failures = await page.locator('[aria-labelledby="dash-failures-h"]').innerText();
    expect(failures).toContain('Thẻ bị nhấc ra');
    expect(failures).toContain('Lỗi đầu đọc');
    if (want.failures.some((f) => f.code === 'SOME_NEW_CODE')) expect(failures).toContain('SOME_NEW_CODE');
    if (want.totals.alerts > 0) {
      expect(await page.locator('.dash-card--alarm').count()).toBe(1);
      expect(await page.locator('.dash-card--alarm tbody tr').count()).toBe(want.alerts.length);
    }
    expect(await noOverflow(page)).toEqual([]);
    expect(await axeSerious(page)).toEqual([]);
    await shot(page, 'dashboard-central-1920x1080');
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('narrows to one kiosk, switches period buckets, and opens a data table from the keyboard', async () => {
    const page = await open([1280, 800]);
    await page.locator('.dash-total--reads').waitFor({ timeout: 60_000 });
    await page.locator('.dash-kiosk select').selectOption('kiosk-nh-07');
    const q = { ...periodQuery({ kind: '7d' }, now)!, kiosk: 'kiosk-nh-07' };
    const want = await fleet.query(q);
    await expect.poll(() => total(page, 'reads'), { timeout: 30_000 }).toBe(String(want.totals.reads));
    expect(await total(page, 'checkins')).toBe('0');
    expect(Number(await total(page, 'bankChecks'))).toBe(want.totals.bankChecks);
    // Today: hour buckets.
    await page.getByRole('button', { name: 'Hôm nay' }).click();
    await expect.poll(() => seen.some((s) => s.includes('bucket=hour') && s.includes('kiosk=kiosk-nh-07')), { timeout: 30_000 }).toBe(true);
    // The reads chart's data table, reached with Tab and opened with Enter.
    await page.getByRole('button', { name: '90 ngày' }).click();
    const want90 = await fleet.query({ ...periodQuery({ kind: '90d' }, now)!, kiosk: 'kiosk-nh-07' });
    await expect.poll(() => total(page, 'reads'), { timeout: 30_000 }).toBe(String(want90.totals.reads));
    await page.locator('.dash-kiosk select').focus();
    let reached = false;
    for (let i = 0; i < 40 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => document.activeElement?.tagName === 'SUMMARY' && (document.activeElement.textContent ?? '').includes('Lượt đọc thẻ theo kết quả'));
    }
    expect(reached).toBe(true);
    await page.keyboard.press('Enter');
    const rows = page.locator('[aria-labelledby="dash-reads-h"] details[open] tbody tr');
    await expect.poll(() => rows.count()).toBe(want90.reads.t.filter((_, i) => want90.reads.verified[i]! + want90.reads.notVerified[i]! + want90.reads.error[i]! > 0).length);
    await page.close();
  }, 120_000);

  it('exports the period as CSV through the download', async () => {
    const page = await open([1366, 768]);
    await page.locator('.dash-total--reads').waitFor({ timeout: 60_000 });
    expect(await page.getByRole('button', { name: 'Xuất PDF' }).count()).toBe(0);
    const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.getByRole('button', { name: 'Xuất CSV' }).click()]);
    expect(dl.suggestedFilename()).toBe('chipid-dashboard.csv');
    await expect.poll(() => page.locator('.dash-status').innerText()).toContain('Đã tải xuống chipid-dashboard.csv');
    expect(seen.some((s) => s.startsWith('/api/export?') && s.includes('format=csv'))).toBe(true);
    await page.close();
  }, 120_000);

  it('a refused token and a missing one say what to do, Vietnamese first, English on the switch', async () => {
    const bad = await open([1024, 768], '#token=wrong');
    await expect.poll(() => bad.getByRole('alert').first().innerText(), { timeout: 30_000 }).toContain('Mã truy cập không hợp lệ');
    await bad.getByRole('button', { name: 'Switch to English' }).click();
    await expect.poll(() => bad.getByRole('alert').first().innerText()).toContain('The access token is not valid');
    await bad.close();
    const none = await open([1024, 768], '');
    await expect.poll(() => none.getByRole('alert').first().innerText(), { timeout: 30_000 }).toContain('#token=');
    await none.close();
  }, 120_000);

  it('fits 1024×768 without sideways scrolling; the 90-day first render is measured', async () => {
    const page = await open([1024, 768]);
    await page.locator('.dash-total--reads').waitFor({ timeout: 60_000 });
    expect(await noOverflow(page)).toEqual([]);
    await shot(page, 'dashboard-central-1024x768');
    // 90 days: from the click to the figures on screen (the answer's fetch included), printed only.
    const t = await page.evaluate(async () => {
      const btn = Array.from(document.querySelectorAll('button')).find((b) => b.textContent === '90 ngày')!;
      const t0 = performance.now();
      btn.click();
      for (;;) {
        await new Promise((r) => requestAnimationFrame(r));
        const table = document.querySelector('[aria-labelledby="dash-reads-h"] .dash-chart canvas');
        const m = performance.getEntriesByName('chipid:dashboard-load').length;
        if (table && m >= 2 && document.querySelector('.dash')?.getAttribute('data-loading') === 'false') break;
      }
      return performance.now() - t0;
    });
    console.log(`[ui-dashboard] 90-day dashboard at 1024×768: click → drawn ${t.toFixed(0)} ms (fetch + SQLite queries + render)`);
    expect(await noOverflow(page)).toEqual([]);
    await page.close();
    // The whole 90-day page in one picture (for review), English.
    const tall = await open([1920, 2400]);
    await tall.locator('.dash-total--reads').waitFor({ timeout: 60_000 });
    await tall.getByRole('button', { name: 'Switch to English' }).click();
    await tall.getByRole('button', { name: '90 days' }).click();
    await expect.poll(() => tall.locator('.dash-card--alarm').count(), { timeout: 30_000 }).toBe(1);
    expect(await noOverflow(tall)).toEqual([]);
    await shot(tall, 'dashboard-central-90d-en-1920');
    await tall.close();
  }, 120_000);
});
