/**
 * The kiosk UI in Debian's Chromium against `chipid serve` (no demo readers) reading virtual cards through
 * the real PC/SC stack: a private pcscd with the vpcd driver, `chipid sim` as the card. Tap → key entry →
 * verified result; a card lifted mid-read → "place it again" on screen, the card back → the read resumes
 * to a result without key entry; Hủy mid-read → idle, recorded as CANCELLED; a tampered card → NOT VERIFIED. Screenshots: test-results/screens/pcsc-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { buildAll, chromiumMissing, launchChromium, openKiosk, ROOT, shot } from './harness.js';
import { harnessUnavailableReason, startHarness, CHIPID_BIN, type PcscHarness } from '../e2e/harness.js';
import { PERSON_A } from '../../electron/vcard/person.js';

const why = chromiumMissing() ?? harnessUnavailableReason() ?? null;
if (why) console.log(`[ui-pcsc] skipped: ${why}`);

describe.skipIf(why !== null)('kiosk UI over real PC/SC (pcscd + vpcd + chipid sim)', () => {
  let h: PcscHarness;
  let home: string;
  let serve: ChildProcess;
  let url = '';
  let browser: Browser;

  beforeAll(async () => {
    buildAll();
    h = await startHarness({ lines: 1 });
    home = mkdtempSync(join(tmpdir(), 'chipid-ui-pcsc-'));
    const env = { ...process.env, CHIPID_HOME: home, PCSCLITE_CSOCK_NAME: h.socketPath };
    const csca = join(home, 'test-csca.der');
    try {
      execFileSync(process.execPath, [CHIPID_BIN, 'sim', '--csca-out', csca, '--profile', 'none'], { env, stdio: 'ignore' });
    } catch {
      /* stops on the unknown profile after writing the certificate */
    }
    execFileSync(process.execPath, [CHIPID_BIN, 'trust', 'import', csca], { env, stdio: 'ignore' });
    serve = spawn(process.execPath, [CHIPID_BIN, 'serve', '--port', '0', '--card-timeout', '3', '--json'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    url = await new Promise<string>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('chipid serve did not start')), 15_000);
      serve.stdout!.on('data', (d: Buffer) => {
        const m = /"url":"([^"]+)"/.exec(d.toString());
        if (m) {
          clearTimeout(t);
          resolve(`${m[1]}/`);
        }
      });
    });
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (serve && serve.exitCode === null) {
      const done = new Promise((r) => serve.once('exit', r));
      serve.kill('SIGTERM');
      await done;
    }
    await h?.stop();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  async function page(): Promise<Page> {
    const p = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' });
    await openKiosk(p, home, url);
    return p;
  }
  async function enterId(p: Page, id: string): Promise<void> {
    await p.locator('[data-screen="keyEntry"]').waitFor({ timeout: 15_000 });
    for (const d of id) await p.locator('.keypad').getByRole('button', { name: d, exact: true }).click();
    await p.getByRole('button', { name: /^(Đọc thẻ|Read card)$/ }).click();
  }

  it('tap the card → key entry → verified result, in Vietnamese', async () => {
    const p = await page();
    await p.locator('[data-screen="idle"]').waitFor();
    await shot(p, 'pcsc-01-idle');
    const sim = await h.startSim({ profile: 'cccd-2021' });
    try {
      await enterId(p, PERSON_A.idNumber);
      await p.locator('[data-screen="result"]').waitFor({ timeout: 30_000 });
      await expect.poll(() => p.locator('body').innerText()).toContain('ĐÃ XÁC THỰC');
      expect(await p.locator('body').innerText()).toContain(PERSON_A.fullName);
      await shot(p, 'pcsc-02-result');
      // lifting the card takes the personal data off the screen
      await sim.exit();
      await p.locator('[data-screen="idle"]').waitFor({ timeout: 15_000 });
      expect(await p.locator('body').innerText()).not.toContain(PERSON_A.fullName);
    } finally {
      await sim.exit();
      await p.close();
    }
  });

  it('card lifted mid-read → "place it again"; card back → the read resumes to a verified result, no key entry', { timeout: 90_000 }, async () => {
    const p = await page();
    const sim = await h.startSim({ profile: 'cccd-2021', removeAt: '0102:3000' });
    try {
      await p.evaluate(() => {
        const w = window as unknown as { __screens: string[]; __removedText: string };
        w.__screens = [];
        const app = document.querySelector('.app')!;
        new MutationObserver(() => {
          const s = app.getAttribute('data-screen') ?? '';
          w.__screens.push(s);
          // the card comes back ~1 s later: keep what the removed screen said
          if (s === 'removed') queueMicrotask(() => (w.__removedText = document.querySelector('main')?.textContent ?? ''));
        }).observe(app, { attributes: true, attributeFilter: ['data-screen'] });
      });
      await enterId(p, PERSON_A.idNumber);
      await p.locator('[data-screen="removed"]').waitFor({ timeout: 30_000 }).catch(async (e: Error) => {
        throw new Error(`${e.message}\nscreens: ${await p.evaluate(() => (window as unknown as { __screens: string[] }).__screens.join(' → '))}`);
      });
      await shot(p, 'pcsc-03-lifted');
      const said = await p.evaluate(() => (window as unknown as { __removedText: string }).__removedText);
      expect(said).toContain('Thẻ đã bị nhấc ra');
      expect(said).toContain('Đặt lại thẻ lên đầu đọc');
      // the sim puts the card back after ~1 s (vpcd re-insertion): the service resumes on its own
      await p.locator('[data-screen="result"]').waitFor({ timeout: 30_000 });
      const seen = await p.evaluate(() => (window as unknown as { __screens: string[] }).__screens);
      expect(seen.slice(seen.indexOf('removed')), 'no key entry between the lift and the result').not.toContain('keyEntry');
      await expect.poll(() => p.locator('body').innerText()).toContain('ĐÃ XÁC THỰC');
      await shot(p, 'pcsc-04-resumed');
    } finally {
      await sim.exit();
      await p.close();
    }
  });

  it('Hủy during a read over PC/SC: idle, no result, the read recorded as CANCELLED', async () => {
    const p = await page();
    const sim = await h.startSim({ profile: 'cccd-2021', latency: true });
    try {
      await enterId(p, PERSON_A.idNumber);
      await p.locator('[data-screen="reading"]').waitFor({ timeout: 30_000 });
      await p.getByRole('button', { name: 'Hủy' }).click();
      await p.locator('[data-screen="idle"]').waitFor({ timeout: 15_000 });
      const env = { ...process.env, CHIPID_HOME: home, PCSCLITE_CSOCK_NAME: h.socketPath };
      await expect
        .poll(() => (JSON.parse(execFileSync(process.execPath, [CHIPID_BIN, 'events', '--json'], { env, encoding: 'utf8' })) as { events: { errorCode: string | null }[] }).events.filter((e) => e.errorCode === 'CANCELLED').length, { timeout: 15_000 })
        .toBe(1);
      expect(await p.locator('[data-screen="result"]').count()).toBe(0);
    } finally {
      await sim.exit();
      await p.close();
    }
  });

  it('a tampered card (DG13 altered after signing) → NOT VERIFIED, naming the data-integrity check', async () => {
    const p = await page();
    const sim = await h.startSim({ profile: 'cccd-tampered-dg13' });
    try {
      await enterId(p, PERSON_A.idNumber);
      await p.locator('[data-screen="result"]').waitFor({ timeout: 30_000 });
      const body = await p.locator('body').innerText();
      expect(body).toMatch(/KHÔNG XÁC THỰC ĐƯỢC/);
      expect(body).not.toMatch(/ĐÃ XÁC THỰC/);
      expect(body).toMatch(/DG13/);
      await shot(p, 'pcsc-05-tampered');
    } finally {
      await sim.exit();
      await p.close();
    }
  });

  it('a card that stops answering → guidance, and the idle screen says the reader stopped answering', async () => {
    const p = await page();
    const sim = await h.startSim({ profile: 'cccd-2021', stallAt: '0102:3000' });
    try {
      await enterId(p, PERSON_A.idNumber);
      await p.locator('[data-screen="error"]').waitFor({ timeout: 30_000 });
      expect(await p.locator('[role="alert"]').innerText()).toMatch(/không trả lời kịp/);
      await p.getByRole('button', { name: /^(Về màn hình chính|Back to start)$/ }).click();
      await expect.poll(() => p.locator('body').innerText(), { timeout: 10_000 }).toMatch(/Đầu đọc không phản hồi/);
      await shot(p, 'pcsc-06-reader-fault');
    } finally {
      await sim.exit();
      await p.close();
    }
  });
});
