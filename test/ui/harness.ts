/**
 * UI test harness: the demo service serving the built renderer, and Debian's Chromium through playwright-core.
 * Runs `chipid serve --demo` as a child process (CHIPID_HOME in a temp dir, the admin PIN set the unattended
 * way, CHIPID_ADMIN_PIN). The kiosk page opens only through a one-time launch URL: `served.open(page)` gets a
 * fresh one from the running service (its owner-only control socket, as `chipid open` does) and navigates.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { requestLaunch } from '../../electron/service/api/control.js';

export const ROOT = resolve(import.meta.dirname, '../..');
export const CHROMIUM = '/usr/bin/chromium';
export const SCREENS = join(ROOT, 'test-results/screens');
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** The admin PIN the demo service starts with (CHIPID_ADMIN_PIN). */
export const DEMO_ADMIN_PIN = '730194';

export interface Served {
  /** Base URL of the service, ending in '/'. */
  url: string;
  how: 'chipid serve';
  /** The data directory (CHIPID_HOME) of the service. */
  home: string;
  adminPin: string;
  /** A fresh one-time launch URL (sets the session cookie, then redirects to /). */
  launchUrl(): Promise<string>;
  /** Opens the kiosk in `page` through a fresh launch URL, then goes to `path` (default '/'). */
  open(page: Page, path?: string): Promise<void>;
  close(): Promise<void>;
}

/** A fresh launch URL from the service running on `home` (the same channel as `chipid open`). */
export async function launchUrlOf(home: string): Promise<string> {
  return (await requestLaunch(home)).url;
}

/** Navigates `page` through a fresh launch URL of the service on `home`, then to `path` if not '/'. */
export async function openKiosk(page: Page, home: string, base: string, path = '/'): Promise<void> {
  await page.goto(await launchUrlOf(home));
  if (path !== '/') await page.goto(new URL(path, base).href);
}

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => res(port));
    });
    s.on('error', rej);
  });
}

/** Builds what the UI tests need: the Node bundles (scripts/build.mjs) and the renderer (vite build). */
export function buildAll(): void {
  for (const [cmd, args] of [
    [process.execPath, ['scripts/build.mjs']],
    [process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn']],
  ] as const) {
    // vitest sets NODE_ENV=test, which would give Vite a development React build.
    const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NODE_ENV: 'production' } });
    if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr || r.stdout}`);
  }
}

function cliHasServe(): boolean {
  return existsSync(join(ROOT, 'dist/cli.mjs'));
}

/** Resolves once `chipid serve --json` printed its listening line. */
function waitListening(child: ChildProcess, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = '';
    const t = setTimeout(() => reject(new Error(`chipid serve did not start within ${ms} ms`)), ms);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('"event":"listening"')) {
        clearTimeout(t);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(t);
      reject(new Error(`chipid serve exited with ${code}`));
    });
  });
}

function demoEnv(home: string, adminPin: string | null): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, CHIPID_HOME: home };
  if (adminPin === null) delete env.CHIPID_ADMIN_PIN;
  else env.CHIPID_ADMIN_PIN = adminPin;
  return env;
}

/** `adminPin: null` starts the service with no admin PIN at all (first start: the UI asks for one). */
export async function serveDemo(opts: { adminPin?: string | null } = {}): Promise<Served> {
  const adminPin = opts.adminPin === undefined ? DEMO_ADMIN_PIN : opts.adminPin;
  const home = mkdtempSync(join(tmpdir(), 'chipid-ui-'));
  const port = await freePort();
  if (cliHasServe()) {
    const child = spawn(process.execPath, ['bin/chipid.mjs', 'serve', '--demo', '--no-pcsc', '--port', String(port), '--json'], {
      cwd: ROOT,
      env: demoEnv(home, adminPin),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    const url = `http://127.0.0.1:${port}/`;
    await waitListening(child, 30_000).catch((e: Error) => {
      child.kill();
      throw new Error(`${e.message}\n${err}`);
    });
    return {
      url,
      how: 'chipid serve',
      home,
      adminPin: adminPin ?? '',
      launchUrl: () => launchUrlOf(home),
      open: (page, path) => openKiosk(page, home, url, path),
      async close() {
        child.kill('SIGTERM');
        await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
        rmSync(home, { recursive: true, force: true });
      },
    };
  }
  throw new Error('dist/cli.mjs is not built (node scripts/build.mjs)');
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

export const chromiumMissing = (): string | null => (existsSync(CHROMIUM) ? null : `${CHROMIUM} is not installed`);

/** Runs axe-core on the page; returns the serious and critical violations (id: help, first targets). */
export async function axeSerious(page: Page): Promise<string[]> {
  // page.addScriptTag({path}) inserts an inline <script>, which the UI's strict CSP (rightly) refuses; the
  // same file is evaluated through the DevTools protocol instead, which CSP does not govern.
  const has = await page.evaluate(() => 'axe' in window);
  if (!has) await page.evaluate(readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8'));
  const violations = await page.evaluate(async () => {
    const w = window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } };
    const r = await w.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.impact} ${v.id}: ${v.help} ${v.targets.join(' ')}`);
}

export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENS, { recursive: true });
  await page.screenshot({ path: join(SCREENS, `${name}.png`) });
}
