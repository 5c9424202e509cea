/**
 * Electron smoke test (playwright-core `_electron`): the kiosk window opens in demo mode, the preload exposes
 * only the contract (window.chipid; no chipidShell, require or process), and a read shows a result.
 * Runs only where the Electron binary exists (node_modules/electron/path.txt); otherwise prints why not.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { _electron } from 'playwright-core';
import { buildAll, ROOT, shot } from './harness.js';

const pathTxt = join(ROOT, 'node_modules/electron/path.txt');
const binary = existsSync(pathTxt) ? join(ROOT, 'node_modules/electron/dist', readFileSync(pathTxt, 'utf8').trim()) : null;
const why = !binary ? 'node_modules/electron/path.txt is missing (the Electron binary was not downloaded; `npm run electron:fetch` where its host is reachable)' : !existsSync(binary) ? `${binary} is missing` : null;
if (why) console.log(`[ui] Electron smoke test skipped: ${why}`);

describe.skipIf(why !== null)('Electron shell (smoke)', () => {
  it('opens the kiosk window with the contract only, and reads the demo card', async () => {
    buildAll();
    const r = spawnSync(process.execPath, ['scripts/build-electron.mjs'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const home = mkdtempSync(join(tmpdir(), 'chipid-electron-'));
    const app = await _electron.launch({
      executablePath: binary as string,
      args: [join(ROOT, 'dist/electron/main.mjs'), '--demo', '--no-pcsc', '--no-sandbox', '--disable-gpu'],
      env: { ...process.env, CHIPID_HOME: home },
    });
    try {
      const page = await app.firstWindow();
      await page.locator('.demobar').waitFor({ timeout: 20_000 });
      const exposed = await page.evaluate(() => ({
        chipid: Object.keys(window.chipid ?? {}).sort(),
        shell: 'chipidShell' in window,
        node: typeof (window as unknown as { require?: unknown }).require + typeof (window as unknown as { process?: unknown }).process,
      }));
      expect(exposed.chipid).toEqual(
        ['adminUnlock', 'cancel', 'changeAdminPin', 'configureReader', 'demoCard', 'exitKiosk', 'getSettings', 'listReaders', 'setFirstAdminPin', 'startRead', 'status', 'subscribe', 'trustStatus', 'updateSettings'],
      );
      expect(exposed.shell).toBe(false);
      expect(exposed.node).toBe('undefinedundefined');
      const prefs = await app.evaluate(({ BrowserWindow }) => {
        const w = BrowserWindow.getAllWindows()[0];
        const prefs = w ? (w.webContents as unknown as { getLastWebPreferences(): { sandbox?: boolean; contextIsolation?: boolean } | null }).getLastWebPreferences() : null;
        return prefs ? { sandboxed: prefs.sandbox, ci: prefs.contextIsolation } : null;
      });
      expect(prefs).toEqual({ sandboxed: true, ci: true });
      await page.getByRole('button', { name: 'Đặt thẻ mẫu' }).click();
      for (const d of '001099012345') await page.locator('.keypad').getByRole('button', { name: d, exact: true }).click();
      await page.getByRole('button', { name: 'Đọc thẻ' }).click();
      await page.locator('[data-screen="result"]').waitFor({ timeout: 20_000 });
      await shot(page, '11-electron-result');
      const blocked = await page.evaluate(() => {
        const w = window.open('https://example.com');
        return w === null;
      });
      expect(blocked).toBe(true);
    } finally {
      await app.close();
      rmSync(home, { recursive: true, force: true });
    }
  }, 90_000);
});
