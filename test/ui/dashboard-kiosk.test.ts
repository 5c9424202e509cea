/**
 * The dashboard on the kiosk, in Debian's Chromium against `chipid serve --demo`: a reception operator is
 * refused (DASHBOARD_FORBIDDEN, in Vietnamese); the demo supervisor opens it with their PIN; two reads of the
 * virtual card in a second kiosk window make the open dashboard's counts grow by themselves (the service's
 * read events, re-queried at most once a second); the data tables open from the keyboard; CSV and PDF come
 * as downloads; 1024×768 and 1920×1080 do not scroll sideways; axe finds nothing serious.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeSerious, buildAll, chromiumMissing, launchChromium, serveDemo, shot, type Served } from './harness.js';

const DEMO_ID = '001099012345';
/** The demo operators `chipid serve --demo` prints (electron/cli/hospital-demo.ts). */
const RECEPTION = { name: 'Lê Thị Tiếp Đón', pin: '482615' };
const SUPERVISOR = { name: 'Trần Văn Giám Sát', pin: '739204' };

const missing = chromiumMissing();
if (missing) console.log(`[ui-dashboard-kiosk] skipped: ${missing}`);

async function sideways(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const de = document.documentElement;
    if (de.scrollWidth > innerWidth + 1) out.push(`page ${de.scrollWidth} > ${innerWidth}`);
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('.dash-screen, .dash, .dash-card, .dash-toolbar, .dash-chart, .header'))) {
      const r = el.getBoundingClientRect();
      if (r.right > innerWidth + 1) out.push(`${el.className} ends at ${Math.round(r.right)} of ${innerWidth}`);
    }
    const s = document.querySelector<HTMLElement>('.dash-screen');
    if (s && s.scrollWidth > s.clientWidth + 1) out.push(`dashboard scrolls sideways ${s.scrollWidth} > ${s.clientWidth}`);
    return out;
  });
}

describe.skipIf(missing !== null)('kiosk dashboard (Chromium, chipid serve --demo)', () => {
  let served: Served;
  let browser: Browser;
  let ctx: BrowserContext;

  beforeAll(async () => {
    buildAll();
    served = await serveDemo();
    browser = await launchChromium();
    ctx = await browser.newContext({ viewport: { width: 1920, height: 1080 }, acceptDownloads: true });
  }, 180_000);

  afterAll(async () => {
    await ctx?.close();
    await browser?.close();
    await served?.close();
  });

  async function open(): Promise<Page> {
    const page = await ctx.newPage();
    await served.open(page);
    await page.locator('.demobar').waitFor({ timeout: 30_000 });
    return page;
  }

  async function unlock(page: Page, who: { name: string; pin: string }): Promise<void> {
    const dialog = page.getByRole('dialog');
    if (!(await dialog.isVisible())) await page.getByRole('button', { name: 'Bảng điều khiển' }).click();
    await dialog.waitFor();
    await dialog.locator('select').selectOption({ label: `${who.name} (${who.name === SUPERVISOR.name ? 'Giám sát' : 'Tiếp đón'})` });
    await dialog.locator('input[type="password"]').fill(who.pin);
    await dialog.getByRole('button', { name: 'Mở', exact: true }).click();
  }

  async function readCard(page: Page): Promise<void> {
    const lift = page.getByRole('button', { name: /^(Nhấc thẻ mẫu|Lift the demo card)$/ });
    if (await lift.isVisible()) {
      await lift.click();
      await page.locator('[data-screen="idle"]').waitFor();
    }
    await page.getByRole('button', { name: /^(Đặt thẻ mẫu|Place the demo card)$/ }).click();
    await page.locator('[data-screen="keyEntry"]').waitFor();
    for (const d of DEMO_ID) await page.locator('.keypad').getByRole('button', { name: d, exact: true }).click();
    await page.getByRole('button', { name: 'Đọc thẻ' }).click();
    await page.locator('[data-screen="result"]').waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Xong' }).click();
    await page.locator('[data-screen="idle"]').waitFor();
  }

  const reads = (page: Page): Promise<number> => page.locator('.dash-total--reads .dash-total__n').innerText().then(Number);

  it('refuses a reception operator, opens for the supervisor, and fills as reads happen in another window', async () => {
    const desk = await open();
    await unlock(desk, RECEPTION);
    await expect.poll(() => desk.getByRole('dialog').getByRole('alert').innerText(), { timeout: 30_000 }).toContain('Chỉ người giám sát hoặc quản trị được xem bảng điều khiển');
    expect(await desk.locator('.dash').count()).toBe(0);

    await unlock(desk, SUPERVISOR);
    await desk.locator('[data-dashboard="kiosk"] .dash-total--reads').waitFor({ timeout: 30_000 });
    expect(await desk.locator('.dash-screen__who').innerText()).toContain(SUPERVISOR.name);
    const before = await reads(desk);
    await shot(desk, 'dashboard-kiosk-before-1920x1080');

    const counter = await open();
    await readCard(counter);
    await expect.poll(() => reads(desk), { timeout: 30_000 }).toBe(before + 1);
    await readCard(counter);
    await expect.poll(() => reads(desk), { timeout: 30_000 }).toBe(before + 2);
    expect(Number(await desk.locator('.dash-total--verified .dash-total__n').innerText())).toBeGreaterThanOrEqual(2);
    // The reads show in the chart's data table (today: hour buckets) and in the reader table.
    await desk.locator('[aria-labelledby="dash-reads-h"] summary').click();
    expect(await desk.locator('[aria-labelledby="dash-reads-h"] details[open] tbody tr').count()).toBeGreaterThanOrEqual(1);
    expect(await desk.locator('[aria-labelledby="dash-readers-h"] tbody tr').count()).toBeGreaterThanOrEqual(1);
    expect(await sideways(desk)).toEqual([]);
    expect(await axeSerious(desk)).toEqual([]);
    await shot(desk, 'dashboard-kiosk-after-1920x1080');
    await counter.close();

    // Keyboard: from the period buttons, Tab reaches the failures' data table; Enter opens it.
    await desk.getByRole('button', { name: '7 ngày' }).click();
    await desk.getByRole('button', { name: '7 ngày' }).focus();
    let reached = false;
    for (let i = 0; i < 40 && !reached; i++) {
      await desk.keyboard.press('Tab');
      reached = await desk.evaluate(() => document.activeElement?.tagName === 'SUMMARY' && (document.activeElement.textContent ?? '').includes('Lý do đọc không thành công'));
    }
    expect(reached).toBe(true);
    await desk.keyboard.press('Enter');
    expect(await desk.locator('[aria-labelledby="dash-failures-h"] details').getAttribute('open')).not.toBeNull();

    // Exports: CSV and PDF, as files.
    for (const [name, ext] of [
      ['Xuất CSV', '.csv'],
      ['Xuất PDF', '.pdf'],
    ] as const) {
      const [dl] = await Promise.all([desk.waitForEvent('download', { timeout: 30_000 }), desk.getByRole('button', { name }).click()]);
      expect(dl.suggestedFilename().endsWith(ext)).toBe(true);
    }

    // 1024×768: nothing sideways; the header still holds its buttons.
    await desk.setViewportSize({ width: 1024, height: 768 });
    await desk.getByRole('button', { name: 'Hôm nay' }).click();
    await desk.waitForTimeout(300);
    expect(await sideways(desk)).toEqual([]);
    await shot(desk, 'dashboard-kiosk-1024x768');

    // Locking asks for the PIN again; closing goes back to the counter screen.
    await desk.getByRole('button', { name: 'Khóa bảng điều khiển' }).click();
    await desk.getByRole('dialog').waitFor();
    await desk.getByRole('dialog').getByRole('button', { name: 'Đóng' }).click();
    // (This window followed the other window's reads on the same reader: its counter screen is whatever they left.)
    await expect.poll(() => desk.locator('.dash-screen, .dialog').count()).toBe(0);
    expect(await desk.locator('.app[data-screen]').count()).toBe(1);
    await desk.close();
  }, 240_000);
});
