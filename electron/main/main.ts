/**
 * The Electron main process, kept thin: one kiosk window (sandboxed, context-isolated, no Node), the
 * service (createKioskService) wired to IPC, and the kiosk shell (single instance, display kept awake,
 * navigation and new windows denied, kiosk mode left only through the contract's exitKiosk, which the service
 * allows only with an admin session from the admin PIN).
 *
 * Settings (command line or environment): --kiosk / CHIPID_KIOSK=1 (kiosk mode), --demo / CHIPID_DEMO=1
 * (virtual readers), --no-pcsc, CHIPID_HOME (data directory), CHIPID_ADMIN_PIN.
 */
import { app, BrowserWindow, powerSaveBlocker, session } from 'electron';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createKioskService, type KioskService } from '../service/kiosk.js';
import { createFileLog, logServiceEvents } from '../service/log.js';
import { defaultDataDir } from '../service/paths.js';
import { registerIpc } from './ipc.js';

const here = dirname(fileURLToPath(import.meta.url));
// dist/electron/main.mjs (scripts/build-electron.mjs) or dist/electron-main.mjs (scripts/build.mjs).
const pick = (...c: string[]): string => c.find((p) => existsSync(p)) ?? c[0]!;
const RENDERER_DIR = dirname(pick(join(here, 'renderer', 'index.html'), join(here, '..', 'renderer', 'index.html')));
const RENDERER_URL_PREFIX = pathToFileURL(RENDERER_DIR).href + '/';
const PRELOAD = pick(join(here, 'preload.cjs'), join(here, 'electron', 'preload.cjs'));
/** Same policy as the renderer's meta tag (vite.config.ts), for any response that carries headers. */
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; object-src 'none'; frame-ancestors 'none'";

const flag = (name: string, env: string): boolean => app.commandLine.hasSwitch(name) || process.env[env] === '1';
const settings = { kiosk: flag('kiosk', 'CHIPID_KIOSK'), demo: flag('demo', 'CHIPID_DEMO'), pcsc: !app.commandLine.hasSwitch('no-pcsc') };

let win: BrowserWindow | undefined;
let service: KioskService | undefined;
let allowQuit = !settings.kiosk;

function lockDown(): void {
  // Deny every permission (camera, notifications, HID…) and every navigation or new window.
  session.defaultSession.setPermissionRequestHandler((_wc, _perm, cb) => cb(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  session.defaultSession.webRequest.onHeadersReceived((d, cb) => cb({ responseHeaders: { ...d.responseHeaders, 'Content-Security-Policy': [CSP] } }));
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
  void w.loadFile(join(RENDERER_DIR, 'index.html'));
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
  const dataDir = defaultDataDir();
  const log = createFileLog(join(dataDir, 'logs'));
  log('app', `start demo=${!!settings.demo} pcsc=${settings.pcsc !== false}`);
  service = await createKioskService({ dataDir, demo: settings.demo, pcsc: settings.pcsc, exitKiosk, logger: (m) => log('pcsc', m) });
  logServiceEvents((l) => service!.subscribe(l), log);
  registerIpc({ api: service, contents: () => win?.webContents, rendererUrlPrefix: RENDERER_URL_PREFIX });
  const blocker = powerSaveBlocker.start('prevent-display-sleep');
  win = createWindow();
  win.on('closed', () => (win = undefined));
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => {
    if (powerSaveBlocker.isStarted(blocker)) powerSaveBlocker.stop(blocker);
    void service?.close();
  });
}

main().catch((e: unknown) => {
  console.error('chipid-kiosk: failed to start:', e instanceof Error ? e.message : String(e));
  app.exit(1);
});
