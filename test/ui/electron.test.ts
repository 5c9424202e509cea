/**
 * Electron smoke test (playwright-core `_electron`): the kiosk window opens in demo mode from app://kiosk with
 * the browser mode's CSP header, the preload exposes only the contract (window.chipid; no chipidShell, require
 * or process), the camera and other permissions are refused while no camera workflow runs, the local agent
 * API answers on its port without serving the UI, and a read shows a result. A second test packages the app
 * (electron-builder --dir) and reads the fuse wire of the packaged binary.
 * Runs only where the Electron binary exists (node_modules/electron/path.txt); otherwise prints why not.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { _electron } from 'playwright-core';
import { buildAll, ROOT, shot } from './harness.js';
import { uiCsp } from '../../electron/service/api/http.js';

const pathTxt = join(ROOT, 'node_modules/electron/path.txt');
const binary = existsSync(pathTxt) ? join(ROOT, 'node_modules/electron/dist', readFileSync(pathTxt, 'utf8').trim()) : null;
const why = !binary ? 'node_modules/electron/path.txt is missing (the Electron binary was not downloaded; `npm run electron:fetch` where its host is reachable)' : !existsSync(binary) ? `${binary} is missing` : null;
if (why) console.log(`[ui] Electron smoke tests (window, packaged fuse wire) skipped: ${why}`);

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((ok) => s.listen(0, '127.0.0.1', ok));
  const port = (s.address() as { port: number }).port;
  await new Promise((ok) => s.close(ok));
  return port;
}

describe.skipIf(why !== null)('Electron shell (smoke)', () => {
  it('opens the kiosk window from app://kiosk with the contract only, refuses the camera, starts the agent API, reads the demo card', async () => {
    buildAll();
    const r = spawnSync(process.execPath, ['scripts/build-electron.mjs'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const home = mkdtempSync(join(tmpdir(), 'chipid-electron-'));
    const apiPort = await freePort();
    const app = await _electron.launch({
      executablePath: binary as string,
      args: [join(ROOT, 'dist/electron/main.mjs'), '--demo', '--no-pcsc', '--no-sandbox', '--disable-gpu', '--use-fake-device-for-media-stream'],
      env: { ...process.env, CHIPID_HOME: home, CHIPID_API_PORT: String(apiPort) },
    });
    try {
      const page = await app.firstWindow();
      await page.locator('.demobar').waitFor({ timeout: 20_000 });
      expect(page.url()).toBe('app://kiosk/index.html');
      // The header policy reaches the page (file:// carried none): the same as browser mode, minus the WebSocket.
      const csp = await page.evaluate(async () => (await fetch(location.href)).headers.get('content-security-policy'));
      expect(csp).toBe(uiCsp(null));
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
      // No camera workflow runs: the camera (a fake device exists) and other permissions are refused.
      const perms = await page.evaluate(async () => ({
        camera: await navigator.mediaDevices.getUserMedia({ video: true }).then((s) => (s.getTracks().forEach((t) => t.stop()), 'granted'), (e: Error) => e.name),
        microphone: await navigator.mediaDevices.getUserMedia({ audio: true }).then((s) => (s.getTracks().forEach((t) => t.stop()), 'granted'), (e: Error) => e.name),
        notifications: await Notification.requestPermission(),
      }));
      expect(perms).toEqual({ camera: 'NotAllowedError', microphone: 'NotAllowedError', notifications: 'denied' });
      // The local agent API, as `chipid serve` starts it, without the UI.
      const status = await fetch(`http://127.0.0.1:${apiPort}/api/v1/status`);
      expect(status.status).toBe(200);
      expect(((await status.json()) as { ok: boolean }).ok).toBe(true);
      expect((await fetch(`http://127.0.0.1:${apiPort}/`)).status).toBe(404);
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

  it('the packaged binary carries the fuses of electron-builder.yml', async () => {
    buildAll();
    expect(spawnSync(process.execPath, ['scripts/build-electron.mjs'], { cwd: ROOT, encoding: 'utf8' }).status).toBe(0);
    const out = mkdtempSync(join(tmpdir(), 'chipid-package-'));
    try {
      // --dir: the unpacked app only; the local Electron, no native rebuild (the fuse wire does not need it).
      const r = spawnSync(
        process.execPath,
        ['node_modules/electron-builder/cli.js', '--config', 'electron-builder.yml', '--linux', 'dir', '--publish', 'never',
          `-c.directories.output=${out}`, `-c.electronDist=${join(ROOT, 'node_modules/electron/dist')}`, '-c.npmRebuild=false'],
        { cwd: ROOT, encoding: 'utf8', timeout: 600_000 },
      );
      expect(r.status, r.stderr || r.stdout).toBe(0);
      const unpacked = join(out, 'linux-unpacked');
      expect(existsSync(join(unpacked, 'resources', 'app.asar'))).toBe(true);
      expect(existsSync(join(unpacked, 'resources', 'app'))).toBe(false);
      const fuses = createRequire(import.meta.url)('@electron/fuses') as {
        getCurrentFuseWire(p: string): Promise<Record<string, unknown>>;
        FuseV1Options: Record<string, number>;
      };
      const wire = await fuses.getCurrentFuseWire(join(unpacked, 'chipid-kiosk'));
      // A fuse is one byte of the wire: ASCII '1' enabled, '0' disabled (@electron/fuses' FuseState).
      const on = '1'.charCodeAt(0);
      const off = '0'.charCodeAt(0);
      const o = fuses.FuseV1Options;
      expect({
        runAsNode: wire[o.RunAsNode!],
        enableNodeOptionsEnvironmentVariable: wire[o.EnableNodeOptionsEnvironmentVariable!],
        enableNodeCliInspectArguments: wire[o.EnableNodeCliInspectArguments!],
        enableCookieEncryption: wire[o.EnableCookieEncryption!],
        enableEmbeddedAsarIntegrityValidation: wire[o.EnableEmbeddedAsarIntegrityValidation!],
        onlyLoadAppFromAsar: wire[o.OnlyLoadAppFromAsar!],
        grantFileProtocolExtraPrivileges: wire[o.GrantFileProtocolExtraPrivileges!],
      }).toEqual({
        runAsNode: off,
        enableNodeOptionsEnvironmentVariable: off,
        enableNodeCliInspectArguments: off,
        enableCookieEncryption: on,
        enableEmbeddedAsarIntegrityValidation: on,
        onlyLoadAppFromAsar: on,
        grantFileProtocolExtraPrivileges: off,
      });
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 900_000);
});
