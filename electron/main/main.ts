/**
 * The Electron main process, kept thin: one kiosk window (sandboxed, context-isolated, no Node) showing the
 * renderer from its own origin app://kiosk (app-protocol.ts: the browser mode's CSP and security headers),
 * the service (createKioskService) wired to IPC, the local agent API for paired clients (agent-api.ts, as
 * `chipid serve` starts it, without the UI), and the kiosk shell (single instance, display kept awake,
 * navigation and new windows denied, permissions per permissions.ts — the camera only for app://kiosk while
 * a camera workflow runs — and kiosk mode left only through the contract's exitKiosk, which the service
 * allows only with an admin session from the admin PIN).
 *
 * Settings (command line or environment): --kiosk / CHIPID_KIOSK=1 (kiosk mode), --demo / CHIPID_DEMO=1
 * (virtual readers), --no-pcsc, --api-port N / CHIPID_API_PORT (default 7787), --no-api, CHIPID_HOME (data
 * directory), CHIPID_ADMIN_PIN.
 */
import { app, BrowserWindow, powerSaveBlocker, protocol, session, type WebContents } from 'electron';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ApiServer } from '../service/api/server.js';
import { createKioskService, type KioskService } from '../service/kiosk.js';
import { createFileLog, logServiceEvents } from '../service/log.js';
import { dataDir } from '../service/paths.js';
import { systemRng } from '../service/rng.js';
import { startAgentApi } from './agent-api.js';
import { APP_ENTRY, APP_PRIVILEGES, APP_SCHEME, handleAppRequest, isAppUrl } from './app-protocol.js';
import { registerIpc } from './ipc.js';
import { safeStorageProtector } from './safe-storage.js';
import { cameraWorkflowActive, decidePermission } from './permissions.js';

const here = dirname(fileURLToPath(import.meta.url));
// dist/electron/main.mjs (scripts/build-electron.mjs) or dist/electron-main.mjs (scripts/build.mjs).
const pick = (...c: string[]): string => c.find((p) => existsSync(p)) ?? c[0]!;
const RENDERER_DIR = dirname(pick(join(here, 'renderer', 'index.html'), join(here, '..', 'renderer', 'index.html')));
const PRELOAD = pick(join(here, 'preload.cjs'), join(here, 'electron', 'preload.cjs'));

// Before ready: app:// is a standard, secure origin; CSP is not bypassed; not readable cross-origin.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_PRIVILEGES }]);

const flag = (name: string, env: string): boolean => app.commandLine.hasSwitch(name) || process.env[env] === '1';
const settings = { kiosk: flag('kiosk', 'CHIPID_KIOSK'), demo: flag('demo', 'CHIPID_DEMO'), pcsc: !app.commandLine.hasSwitch('no-pcsc') };

let win: BrowserWindow | undefined;
let service: KioskService | undefined;
let allowQuit = !settings.kiosk;

function lockDown(): void {
  const ses = session.defaultSession;
  const fromKioskWindow = (wc: WebContents | null): boolean => !!wc && !!win && !win.isDestroyed() && wc === win.webContents;
  const state = (): { cameraWorkflowActive: boolean } => ({ cameraWorkflowActive: cameraWorkflowActive(service) });
  // Every permission through one policy: the camera (video only) for app://kiosk while a camera workflow
  // runs; everything else (microphone, notifications, HID, serial, USB, screen capture…) denied.
  ses.setPermissionRequestHandler((wc, permission, cb, details) => {
    const d = details as { requestingUrl?: string; isMainFrame?: boolean; mediaTypes?: string[]; securityOrigin?: string };
    const ask = { permission, requestingUrl: d.requestingUrl, securityOrigin: d.securityOrigin, isMainFrame: d.isMainFrame === true, mediaTypes: d.mediaTypes ?? [], fromKioskWindow: fromKioskWindow(wc) };
    cb(decidePermission(ask, state()));
  });
  ses.setPermissionCheckHandler((wc, permission, requestingOrigin, d) => {
    const ask = { permission, requestingUrl: requestingOrigin, embeddingOrigin: d.embeddingOrigin, securityOrigin: d.securityOrigin, isMainFrame: d.isMainFrame, mediaTypes: d.mediaType ? [d.mediaType] : [], fromKioskWindow: fromKioskWindow(wc) };
    return decidePermission(ask, state());
  });
  ses.setDevicePermissionHandler(() => false);
  // The renderer folder over app://kiosk with the browser mode's security headers (CSP included).
  ses.protocol.handle(APP_SCHEME, (req) => handleAppRequest(req, RENDERER_DIR));
  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-navigate', (e) => e.preventDefault());
    contents.on('will-redirect', (e) => e.preventDefault());
    contents.on('will-attach-webview', (e) => e.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}

function createWindow(): BrowserWindow {
  const w = new BrowserWindow({
    width: 1280,
    height: 900,
    show: false,
    kiosk: settings.kiosk,
    fullscreen: settings.kiosk,
    autoHideMenuBar: true,
    backgroundColor: '#eef2f7',
    title: 'ChipID Kiosk',
    webPreferences: {
      preload: PRELOAD,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
      devTools: !app.isPackaged,
    },
  });
  w.removeMenu();
  w.once('ready-to-show', () => w.show());
  // In kiosk mode the window closes only after exitKiosk (admin session from the admin PIN).
  w.on('close', (e) => {
    if (!allowQuit) e.preventDefault();
  });
  void w.loadURL(APP_ENTRY);
  return w;
}

/** Leaves kiosk mode; called by the service's exitKiosk once it has checked the admin session. */
function exitKiosk(): boolean {
  if (!win) return false;
  allowQuit = true;
  win.setKiosk(false);
  win.setFullScreen(false);
  return true;
}

async function main(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  app.on('second-instance', () => {
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  await app.whenReady();
  lockDown();
  const dirs = dataDir();
  const log = createFileLog(dirs.logs);
  log('app', `start demo=${!!settings.demo} pcsc=${settings.pcsc !== false}`);
  // The master key is sealed with the OS keystore (safeStorage) where it protects something.
  const protector = safeStorageProtector();
  // The virtual cards and their TEST CSCA are loaded only in demo mode (--demo / CHIPID_DEMO=1).
  const demo = settings.demo ? { cards: (await import('../vcard/demo-cards.js')).createDemoCards({ rng: systemRng }) } : undefined;
  const svc = await createKioskService({ dataDir: dirs.root, demo, pcsc: settings.pcsc, exitKiosk, logger: (m) => log('pcsc', m), ...(protector ? { protector } : {}) });
  service = svc;
  logServiceEvents((l) => svc.subscribe(l), log);
  registerIpc({ api: svc, contents: () => win?.webContents, isTrustedUrl: isAppUrl });
  const agent: ApiServer | undefined = await startAgentApi({ api: svc, dataDir: dirs.root, argv: process.argv, env: process.env, log });
  const blocker = powerSaveBlocker.start('prevent-display-sleep');
  win = createWindow();
  win.on('closed', () => (win = undefined));
  app.on('window-all-closed', () => app.quit());
  // Close the agent API, then the service (SQLite, PC/SC), before the process ends.
  let closing = false;
  app.on('will-quit', (e) => {
    if (powerSaveBlocker.isStarted(blocker)) powerSaveBlocker.stop(blocker);
    if (closing) return;
    closing = true;
    e.preventDefault();
    const done = (): void => app.exit(0);
    setTimeout(done, 5000).unref();
    void (async () => {
      await agent?.close().catch(() => undefined);
      await svc.close().catch(() => undefined);
      log('app', 'stop');
    })().finally(done);
  });
}

main().catch((e: unknown) => {
  console.error('chipid-kiosk: failed to start:', e instanceof Error ? e.message : String(e));
  app.exit(1);
});
