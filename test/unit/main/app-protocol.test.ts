// The Electron window's app:// protocol, in plain Node (the handler uses no electron import): which request
// gets which file of the renderer folder, and that every answer carries the browser mode's security headers.
// A real renderer folder on disk (with a secret file beside it and a symlink out of it) and real
// fetch-API Request objects, the same ones Electron's protocol.handle passes in.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ENTRY, APP_ORIGIN, APP_PRIVILEGES, handleAppRequest, isAppUrl } from '../../../electron/main/app-protocol.js';
import { securityHeaderEntries, uiCsp } from '../../../electron/service/api/http.js';
import { startApiServer, type ApiServer } from '../../../electron/service/api/server.js';
import { createKioskService, type KioskService } from '../../../electron/service/kiosk.js';
import { openClientStore } from '../../../electron/service/api/clients.js';
import { demoCards } from '../../helpers/demo-cards.js';

const INDEX = '<!doctype html><html><head><meta charset="utf-8" /></head><body>kiosk index</body></html>';
const APP_JS = 'console.log("renderer bundle")';
let dir: string;
let root: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'chipid-app-protocol-'));
  root = join(dir, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), INDEX);
  writeFileSync(join(root, 'assets', 'app.js'), APP_JS);
  writeFileSync(join(root, 'assets', 'style.css'), 'body{}');
  writeFileSync(join(root, '.env'), 'SECRET=dotfile');
  writeFileSync(join(dir, 'secret.txt'), 'outside the renderer folder');
  writeFileSync(join(dir, 'secret'), 'outside, no extension');
  symlinkSync(join(dir, 'secret.txt'), join(root, 'assets', 'link.txt'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const get = (url: string, method = 'GET'): Promise<Response> => handleAppRequest(new Request(url, { method }), root);

describe('app:// request → file of the renderer folder', () => {
  const served: [string, string, string][] = [
    ['the root', 'app://kiosk/', INDEX],
    ['index.html', 'app://kiosk/index.html', INDEX],
    ['a bundle', 'app://kiosk/assets/app.js', APP_JS],
    ['query and fragment ignored', 'app://kiosk/assets/app.js?v=3#x', APP_JS],
    ['an extension-less route (client-side routing)', 'app://kiosk/settings', INDEX],
    ['a deep extension-less route', 'app://kiosk/admin/readers/1', INDEX],
    ['a folder is a route, never a listing', 'app://kiosk/assets', INDEX],
    ['an empty segment stays inside the folder', 'app://kiosk//secret', INDEX],
    ['dot segments the URL parser resolves stay inside', 'app://kiosk/assets/../index.html', INDEX],
    ['an encoded dot segment the URL parser resolves stays inside', 'app://kiosk/assets/%2e%2e', INDEX],
  ];
  it.each(served)('%s: %s', async (_name, url, body) => {
    const r = await get(url);
    expect(r.status).toBe(200);
    expect(await r.text()).toBe(body);
  });

  const refused: [string, string][] = [
    ['an unknown file', 'app://kiosk/missing.js'],
    ['traversal to a file beside the folder', 'app://kiosk/../secret.txt'],
    ['encoded traversal', 'app://kiosk/%2e%2e/secret.txt'],
    ['mixed-case encoded traversal', 'app://kiosk/%2E%2e/%2e%2E/secret.txt'],
    ['encoded slashes', 'app://kiosk/assets%2f..%2f..%2fsecret.txt'],
    ['an encoded slash alone', 'app://kiosk/assets%2Fapp.js'],
    ['a backslash', 'app://kiosk/..%5csecret.txt'],
    ['a raw backslash', 'app://kiosk/assets\\app.js'],
    ['NUL', 'app://kiosk/index.html%00.png'],
    ['NUL in a route', 'app://kiosk/settings%00'],
    ['malformed percent-encoding', 'app://kiosk/%E0%A4%A.js'],
    ['malformed percent-encoding in a route', 'app://kiosk/%zz'],
    ['a dotfile', 'app://kiosk/.env'],
    ['a symlink out of the folder', 'app://kiosk/assets/link.txt'],
    ['another host', 'app://evil/index.html'],
    ['a look-alike host', 'app://kiosk.evil.example/index.html'],
    ['a port', 'app://kiosk:8080/index.html'],
    ['an upper-case host', 'app://KIOSK/index.html'],
    ['another scheme', 'http://kiosk/index.html'],
    ['file://', 'file:///etc/passwd'],
  ];
  it.each(refused)('%s: %s → 404', async (_name, url) => {
    const r = await get(url);
    expect(r.status).toBe(404);
    const text = await r.text();
    expect(text).not.toContain('outside');
    expect(text).not.toContain('SECRET');
    expect(text).not.toContain('kiosk index');
  });

  it('only GET and HEAD; HEAD has no body', async () => {
    for (const m of ['POST', 'PUT', 'DELETE', 'OPTIONS']) {
      const r = await get('app://kiosk/index.html', m);
      expect(r.status, m).toBe(405);
      expect(r.headers.get('allow')).toBe('GET, HEAD');
    }
    const h = await get('app://kiosk/index.html', 'HEAD');
    expect(h.status).toBe(200);
    expect(await h.text()).toBe('');
  });

  it('content types and caching as in browser mode', async () => {
    const html = await get('app://kiosk/');
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(html.headers.get('cache-control')).toBe('no-store');
    const js = await get('app://kiosk/assets/app.js');
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toBe('no-cache');
    expect((await get('app://kiosk/assets/style.css')).headers.get('content-type')).toBe('text/css; charset=utf-8');
  });
});

describe('app:// headers: the browser mode policy', () => {
  let kiosk: KioskService;
  let server: ApiServer;
  beforeAll(async () => {
    kiosk = await createKioskService({ dataDir: join(dir, 'home'), demo: { cards: demoCards(), readers: 1 }, pcsc: false, env: {} });
    server = await startApiServer({ api: kiosk, clients: openClientStore(join(dir, 'home')), staticDir: root });
  });
  afterAll(async () => {
    await server?.close();
    await kiosk?.close();
  });

  const SECURITY = ['content-security-policy', 'x-content-type-options', 'referrer-policy', 'x-frame-options', 'cross-origin-opener-policy'];
  const directives = (csp: string | null): Map<string, string> =>
    new Map((csp ?? '').split(';').map((d) => d.trim()).filter(Boolean).map((d) => [d.split(' ')[0]!, d.slice(d.indexOf(' ') + 1)]));

  it('every answer (files, routes, 404, 405) carries the security headers', async () => {
    for (const [url, method] of [['app://kiosk/', 'GET'], ['app://kiosk/assets/app.js', 'GET'], ['app://kiosk/settings', 'GET'], ['app://kiosk/nope.js', 'GET'], ['app://evil/', 'GET'], ['app://kiosk/', 'POST']] as const) {
      const r = await get(url, method);
      for (const h of SECURITY) expect(r.headers.get(h), `${method} ${url} ${h}`).toBeTruthy();
      expect(r.headers.get('content-security-policy')).toBe(uiCsp(null));
    }
  });

  it('the same headers as `chipid serve` gives the browser UI, the WebSocket source aside (the window talks over IPC)', async () => {
    // The browser UI is served to the holder of the launch cookie only (chipid serve's one-time launch URL).
    const launch = await fetch(server.launchUrl(), { redirect: 'manual' });
    const cookie = (launch.headers.get('set-cookie') ?? '').split(';')[0]!;
    const browser = await fetch(`${server.url}/`, { headers: { Cookie: cookie } });
    expect(browser.status).toBe(200);
    const app = await get('app://kiosk/');
    for (const h of SECURITY.filter((h) => h !== 'content-security-policy')) expect(app.headers.get(h), h).toBe(browser.headers.get(h));
    const b = directives(browser.headers.get('content-security-policy'));
    const a = directives(app.headers.get('content-security-policy'));
    expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
    for (const [k, v] of b) if (k !== 'connect-src') expect(a.get(k), k).toBe(v);
    expect(a.get('connect-src')).toBe("'self'");
    expect(b.get('connect-src')).toContain("'self'");
  });

  it('securityHeaderEntries is what securityHeaders sets (one policy, two transports)', async () => {
    const browser = await fetch(`${server.url}/`);
    const csp = browser.headers.get('content-security-policy') ?? '';
    for (const [k, v] of Object.entries(securityHeaderEntries(csp))) expect(browser.headers.get(k), k).toBe(v);
  });
});

describe('the app origin', () => {
  const yes = ['app://kiosk/', 'app://kiosk/index.html', 'app://kiosk/settings?x=1#y', 'app://kiosk'];
  const no = [
    '', 'not a url', 'app://kiosk.evil/', 'app://evil/', 'app://kiosk:1/', 'app://u@kiosk/', 'app://u:p@kiosk/', 'app://KIOSK/',
    'http://kiosk/', 'https://kiosk/', 'file:///index.html', 'app:kiosk/index.html', 'app:///kiosk/', 'devtools://devtools/', 'app://kiosk%2eevil/',
    'javascript:alert(1)', '\u0000app://kiosk/', ' app://kiosk/', 'app://ki\tosk/', 'app://kiosk/\n', 'data:text/html,app://kiosk/', 'blob:app://kiosk/uuid', 'app://kiosk\\@evil/',
  ];
  it.each(yes)('%s is ours', (u) => expect(isAppUrl(u)).toBe(true));
  it.each(no)('%s is not', (u) => expect(isAppUrl(u)).toBe(false));
  it('origin and privileges: standard and secure, fetch allowed, CSP never bypassed, not readable cross-origin', () => {
    expect(APP_ORIGIN).toBe('app://kiosk');
    expect(APP_PRIVILEGES).toMatchObject({ standard: true, secure: true, supportFetchAPI: true, bypassCSP: false, corsEnabled: false });
  });
});

describe('the real renderer build over app://', () => {
  let out: string;
  beforeAll(() => {
    // Built into a folder of its own (the UI suites rebuild dist/renderer in parallel).
    out = mkdtempSync(join(tmpdir(), 'chipid-renderer-'));
    const r = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn', '--outDir', out, '--emptyOutDir'], {
      cwd: join(import.meta.dirname, '..', '..', '..'),
      encoding: 'utf8',
      env: { ...process.env, NODE_ENV: 'production' },
    });
    if (r.status !== 0) throw new Error(`vite build failed: ${r.stderr || r.stdout}`);
  }, 240_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('index.html and every script and stylesheet it names are served with their types; nothing inline for CSP to block', async () => {
    const index = await handleAppRequest(new Request(APP_ENTRY), out);
    expect(index.status).toBe(200);
    const html = await index.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
    // A script, a stylesheet, or a module preloaded for the script (a chunk shared with the central page).
    const refs = [...html.matchAll(/<(script|link)\b([^>]*)\b(?:src|href)="([^"]+)"/g)].map((m) => [m[1] === 'script' || /rel="modulepreload"/.test(m[0]) ? 'script' : 'style', new URL(m[3]!, APP_ENTRY).href] as const);
    expect(refs.length).toBeGreaterThanOrEqual(2);
    for (const [kind, url] of refs) {
      expect(isAppUrl(url), url).toBe(true);
      const r = await handleAppRequest(new Request(url), out);
      expect(r.status, url).toBe(200);
      expect(r.headers.get('content-type'), url).toBe(kind === 'script' ? 'text/javascript; charset=utf-8' : 'text/css; charset=utf-8');
    }
  });
});
