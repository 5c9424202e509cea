/**
 * Every screen at the counters' screen sizes (1024×768, 1280×800, 1366×768, 1920×1080) in Debian's Chromium
 * against the demo service: every action is inside the viewport and is the element hit at its centre
 * (document.elementFromPoint: nothing on top — demo bar, header, verdict band), without scrolling the
 * screen; in a dialog, after scrolling the dialog to it. A 64-character reader label keeps the header on one
 * line; the verdict band is dimmed by a dialog's backdrop like everything else. Screenshots:
 * test-results/screens/layout-WxH-*.png (kept by CI).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { buildAll, chromiumMissing, launchChromium, serveDemo, shot, type Served } from './harness.js';
import { adminUnlock } from './admin-helpers.js';

const DEMO_ID = '001099012345';
const SIZES = [
  [1024, 768],
  [1280, 800],
  [1366, 768],
  [1920, 1080],
] as const;
/** 64 characters each, the longest the service keeps: words, so a wrap would show. */
const LONG_LABEL = 'Quầy tiếp đón bệnh nhân khám bảo hiểm y tế tầng một khu A số 01';
const LONG_COUNTER = 'Quầy thu ngân và tiếp nhận hồ sơ bảo hiểm xã hội khu B tầng hai';

const missing = chromiumMissing();
if (missing) console.log(`[ui-layout] skipped: ${missing}`);

interface Blocked {
  text: string;
  why: string;
}

/**
 * The actions of the screen (or of the open dialog) that are not fully inside the viewport or not the
 * element hit at their centre. In a dialog each button is first scrolled into view inside the dialog.
 */
async function blockedActions(page: Page): Promise<Blocked[]> {
  return page.evaluate(() => {
    const out: { text: string; why: string }[] = [];
    const dialog = document.querySelector('.dialog');
    const scope = dialog ?? document;
    const buttons = Array.from(scope.querySelectorAll<HTMLElement>('button, select, input[type="radio"]')).filter((b) => b.getClientRects().length > 0);
    for (const b of buttons) {
      if (dialog) b.scrollIntoView({ block: 'nearest', inline: 'nearest' });
      const r = b.getBoundingClientRect();
      const text = (b.textContent || b.getAttribute('aria-label') || b.tagName).trim().slice(0, 40);
      if (r.width === 0 || r.height === 0) continue;
      if (r.left < 0 || r.top < 0 || r.right > innerWidth + 0.5 || r.bottom > innerHeight + 0.5) {
        out.push({ text, why: `outside the viewport (${Math.round(r.left)},${Math.round(r.top)})-(${Math.round(r.right)},${Math.round(r.bottom)}) of ${innerWidth}×${innerHeight}` });
        continue;
      }
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      // a radio is hit through its label
      const ok = hit !== null && (b === hit || b.contains(hit) || (b instanceof HTMLInputElement && hit.closest('label')?.contains(b)));
      if (!ok) out.push({ text, why: `covered by ${hit ? `${hit.tagName.toLowerCase()}.${(hit as HTMLElement).className}` : 'nothing'}` });
    }
    return out;
  });
}

/** Failing checks of a result that are not on screen or are covered (by the sticky band or action bar). */
async function hiddenFailures(page: Page): Promise<Blocked[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLElement>('.tier--fail')).flatMap((row) => {
      const r = row.getBoundingClientRect();
      const text = (row.querySelector('.tier__label')?.textContent ?? '').trim();
      if (r.top < 0 || r.bottom > innerHeight + 0.5) return [{ text, why: `outside the viewport (top ${Math.round(r.top)}, bottom ${Math.round(r.bottom)} of ${innerHeight})` }];
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return hit && row.contains(hit) ? [] : [{ text, why: `covered by ${hit ? `${hit.tagName.toLowerCase()}.${(hit as HTMLElement).className}` : 'nothing'}` }];
    }),
  );
}

/** Places a virtual card of another profile on the first reader, through the page's own session. */
async function demoInsert(page: Page, profile: string): Promise<void> {
  await page.evaluate(async (p) => {
    const ws = new WebSocket(`ws://${location.host}/api/v1/ws`);
    const ask = (msg: object): Promise<{ ok: boolean; value?: { readers?: { id: string }[] } | { id: string }[]; error?: { code: string } }> =>
      new Promise((resolve) => {
        const id = String(Math.random());
        const on = (e: MessageEvent): void => {
          const m = JSON.parse(String(e.data));
          if (m.type === 'response' && m.id === id) {
            ws.removeEventListener('message', on);
            resolve(m);
          }
        };
        ws.addEventListener('message', on);
        ws.send(JSON.stringify({ ...msg, id }));
      });
    await new Promise((r) => ws.addEventListener('open', r, { once: true }));
    await ask({ type: 'hello', client: 'layout test' });
    const readers = await ask({ type: 'listReaders' });
    const first = (readers.value as { id: string }[])[0]!.id;
    const r = await ask({ type: 'demoCard', readerId: first, action: 'insert', profile: p });
    ws.close();
    if (!r.ok) throw new Error(`demoCard: ${r.error?.code}`);
  }, profile);
}

async function headerOneLine(page: Page): Promise<{ bar: number; button: number }> {
  return page.evaluate(() => {
    const bar = document.querySelector('.header__bar') ?? document.querySelector('.header');
    const button = document.querySelector('.header button');
    return { bar: bar?.getBoundingClientRect().height ?? 0, button: button?.getBoundingClientRect().height ?? 0 };
  });
}

describe.skipIf(missing !== null)('kiosk layouts at the counters\' screen sizes (Chromium, demo service)', () => {
  let served: Served;
  let browser: Browser;

  beforeAll(async () => {
    buildAll();
    served = await serveDemo();
    browser = await launchChromium();
    // The longest reader label and counter the service keeps, set once through the admin settings.
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'vi-VN' });
    await served.open(page);
    await page.locator('.demobar').waitFor();
    await adminUnlock(page, served.adminPin);
    const reader = page.getByRole('group', { name: 'Đầu đọc ảo 1 / Virtual reader 1' });
    await reader.getByLabel('Tên hiển thị').fill(LONG_LABEL);
    await reader.getByLabel('Quầy', { exact: true }).fill(LONG_COUNTER);
    await page.getByRole('button', { name: 'Lưu' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã lưu.' }).waitFor();
    await page.close();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  for (const [w, h] of SIZES) {
    it(`${w}×${h}: every action visible and unobscured on every screen`, async () => {
      const page = await browser.newPage({ viewport: { width: w, height: h }, locale: 'vi-VN' });
      const problems: string[] = [];
      const check = async (name: string): Promise<void> => {
        await page.waitForTimeout(50); // one frame for layout after the screen change
        await shot(page, `layout-${w}x${h}-${name}`);
        for (const b of await blockedActions(page)) problems.push(`${name}: "${b.text}" ${b.why}`);
      };
      try {
        await served.open(page);
        await page.locator('.demobar').waitFor();
        const lift = page.getByRole('button', { name: 'Nhấc thẻ mẫu' });
        if (await lift.isVisible()) await lift.click();
        await page.locator('[data-screen="idle"]').waitFor();
        await page.locator('.header__reader', { hasText: LONG_LABEL.slice(0, 10) }).waitFor();
        const hdr = await headerOneLine(page);
        if (hdr.bar >= hdr.button * 2) problems.push(`idle: the header wraps with a 64-character label and counter (${Math.round(hdr.bar)} px high)`);
        await check('idle');

        // an ID typed with no card: the kiosk says it waits for the card
        await page.getByRole('button', { name: 'Nhập số CCCD trước' }).click();
        await page.locator('[data-screen="keyEntry"]').waitFor();
        await check('key-entry-no-card');
        await page.keyboard.type(DEMO_ID);
        await page.getByRole('button', { name: 'Đọc thẻ' }).click();
        await page.locator('[data-screen="waitingCard"]').waitFor();
        await check('waiting-card');
        await page.getByRole('button', { name: 'Hủy' }).click();
        await page.locator('[data-screen="idle"]').waitFor();

        await page.getByRole('button', { name: 'Đặt thẻ mẫu' }).click();
        await page.locator('[data-screen="keyEntry"]').waitFor();
        await check('key-entry');
        await page.keyboard.type('001099012399');
        await page.getByRole('button', { name: 'Đọc thẻ' }).click();
        await page.locator('[data-screen="error"]').waitFor({ timeout: 20_000 });
        await check('error');
        await page.getByRole('button', { name: /Nhập lại|Thử lại/ }).click();
        await page.locator('[data-screen="keyEntry"]').waitFor();
        await page.keyboard.type(DEMO_ID);
        await page.getByRole('button', { name: 'Đọc thẻ' }).click();
        await page.locator('[data-screen="result"]').waitFor({ timeout: 20_000 });
        await check('result-verified');
        // after a read the focus is on Xong, and Xong is on screen
        const focus = await page.evaluate(() => {
          const a = document.activeElement as HTMLElement | null;
          const r = a?.getBoundingClientRect();
          return { text: a?.textContent ?? '', inView: !!r && r.top >= 0 && r.bottom <= innerHeight };
        });
        if (focus.text !== 'Xong' || !focus.inView) problems.push(`result: focus on "${focus.text}"${focus.inView ? '' : ' off screen'} instead of an on-screen Xong`);

        // a dialog over the result: the verdict band is under the backdrop like the rest
        await page.getByRole('button', { name: 'Lịch sử' }).click();
        await page.getByRole('dialog').waitFor();
        const band = await page.evaluate(() => {
          const r = document.querySelector('.verdict')!.getBoundingClientRect();
          const hit = document.elementFromPoint(r.left + 8, r.top + r.height / 2);
          return hit?.closest('.verdict') ? 'verdict band on top of the backdrop' : 'under the backdrop';
        });
        if (band !== 'under the backdrop') problems.push(`result + dialog: ${band}`);
        await check('result-history-dialog');
        await page.keyboard.press('Escape');

        await page.getByRole('button', { name: 'Xong' }).click();
        await page.getByRole('button', { name: 'Nhấc thẻ mẫu' }).click();
        await page.locator('[data-screen="idle"]').waitFor();
        await page.getByRole('button', { name: 'Đặt thẻ giả (bản sao)' }).click();
        await page.locator('[data-screen="keyEntry"]').waitFor();
        await page.keyboard.type(DEMO_ID);
        await page.getByRole('button', { name: 'Đọc thẻ' }).click();
        await page.locator('[data-screen="result"]').waitFor({ timeout: 20_000 });
        await check('result-not-verified');
        await page.getByRole('button', { name: 'Xong' }).click();
        await page.getByRole('button', { name: 'Nhấc thẻ mẫu' }).click();
        await page.locator('[data-screen="idle"]').waitFor();

        // an expired card: the failing tier is the fourth; on a short screen it must still be on screen
        await demoInsert(page, 'cccd-expired');
        await page.locator('[data-screen="keyEntry"]').waitFor();
        await page.keyboard.type(DEMO_ID);
        await page.getByRole('button', { name: 'Đọc thẻ' }).click();
        await page.locator('[data-screen="result"]').waitFor({ timeout: 20_000 });
        await check('result-expired');
        for (const f of await hiddenFailures(page)) problems.push(`result-expired: failing check "${f.text}" ${f.why}`);
        await page.getByRole('button', { name: 'Xong' }).click();
        await page.getByRole('button', { name: 'Nhấc thẻ mẫu' }).click();
        await page.locator('[data-screen="idle"]').waitFor();

        await page.getByRole('button', { name: 'Cài đặt' }).click();
        await page.getByRole('dialog').waitFor();
        await check('settings-pin');
        await page.keyboard.press('Escape');
        await page.getByRole('dialog').waitFor({ state: 'detached' });
        await adminUnlock(page, served.adminPin);
        await check('settings-form');
        await page.keyboard.press('Escape');
      } finally {
        await page.close();
      }
      expect(problems).toEqual([]);
    });
  }
});
