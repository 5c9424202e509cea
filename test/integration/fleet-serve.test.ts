// The central view's server on a real PostgreSQL, and the chipid fleet commands: 127.0.0.1 only, 401 without the
// token, 400 with a coded VN/EN error on a bad query, the dashboard JSON of the contract, the CSV export, the
// static page with its CSP; `chipid fleet sync` ships a kiosk's recorded events and `fleet status` shows them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import * as v from 'valibot';
import { DashboardSchema } from '../../electron/contract/dashboard.js';
import { openCentral, type CentralDb } from '../../electron/fleet/central/db.js';
import { migrate } from '../../electron/fleet/central/migrations/index.js';
import { startCentralServer, type CentralServer } from '../../electron/fleet/serve.js';
import { syncOnce } from '../../electron/fleet/sync.js';
import { appendFleet, openStorage } from '../../electron/service/storage/index.js';
import { makeEvent, SqliteFleetSource } from '../../bench/fleet-source.js';
import { startPostgres, type PgCluster } from '../helpers/postgres.js';
import { PG_SKIP } from '../helpers/fleet.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const T0 = Date.UTC(2026, 8, 1);
let pg: PgCluster;
let db: CentralDb;
let srv: CentralServer;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'chipid-fleet-serve-'));
  if (PG_SKIP) return;
  pg = await startPostgres();
  db = await openCentral(pg.url);
  await migrate(db);
  const src = new SqliteFleetSource(':memory:', 'kiosk-s', 'Quầy S');
  src.append(2000, T0, 60_000);
  await syncOnce(src, db);
  src.close();
  mkdirSync(join(dir, 'static', 'assets'), { recursive: true });
  writeFileSync(join(dir, 'static', 'central.html'), '<!doctype html><title>central</title>');
  writeFileSync(join(dir, 'static', 'assets', 'a.js'), 'void 0;');
  writeFileSync(join(dir, 'secret.txt'), 'outside');
  srv = await startCentralServer({ db, port: 0, staticDir: join(dir, 'static') });
}, 180_000);
afterAll(async () => {
  await srv?.close();
  await db?.close();
  await pg?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const base = (): string => `http://127.0.0.1:${srv.port}`;
const get = (path: string, token: string | null = srv.token, headers: Record<string, string> = {}) =>
  fetch(base() + path, { headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...headers } });
const period = `fromMs=${T0}&toMs=${T0 + 2 * 86_400_000}&bucket=day&tzOffsetMin=420`;

describe.skipIf(PG_SKIP !== null)('central view server', () => {
  it('listens on 127.0.0.1 only and prints the token in the URL fragment', () => {
    expect(srv.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${srv.port}/#token=[A-Za-z0-9_-]{20,}$`));
  });

  it('refuses the API without the right token (401, VN and EN) and a foreign Host (421)', async () => {
    for (const t of [null, 'wrong-token']) {
      const r = await get(`/api/dashboard?${period}`, t);
      expect(r.status).toBe(401);
      const body = (await r.json()) as { error: { code: string; message: string; messageVi: string } };
      expect(body.error.code).toBe('UNAUTHORIZED');
      expect(body.error.messageVi).toMatch(/mã truy cập/);
    }
    // fetch() may not set Host: a raw request, as a DNS-rebinding page's would arrive.
    const status = await new Promise<number>((ok, fail) => {
      const req = request({ host: '127.0.0.1', port: srv.port, path: '/api/kiosks', headers: { Authorization: `Bearer ${srv.token}`, Host: 'evil.example' } }, (res) => {
        res.resume();
        ok(res.statusCode ?? 0);
      });
      req.on('error', fail);
      req.end();
    });
    expect(status).toBe(421);
  });

  it('answers a bad query with 400 and a coded error', async () => {
    for (const q of [`fromMs=${T0}&toMs=${T0 - 1}&bucket=day`, `fromMs=abc&toMs=1&bucket=day`, `fromMs=0&toMs=${400 * 86_400_000}&bucket=day`, period.replace('bucket=day', 'bucket=week'), `${period}&kiosk=${encodeURIComponent('a b')}`]) {
      const r = await get(`/api/dashboard?${q}`);
      expect(r.status, q).toBe(400);
      const body = (await r.json()) as { error: { code: string; messageVi: string; message: string } };
      expect(body.error.code).toBe('FLEET_INVALID_QUERY');
      expect(body.error.message).toMatch(/period/);
    }
    expect((await fetch(`${base()}/api/kiosks`, { method: 'POST', headers: { Authorization: `Bearer ${srv.token}` } })).status).toBe(405);
  });

  it('serves the dashboard of the contract, the kiosks and a CSV of the period', async () => {
    const r = await get(`/api/dashboard?${period}&kiosk=kiosk-s`);
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toBe('no-store');
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    const d = v.parse(DashboardSchema, await r.json());
    expect(d.source).toBe('central');
    expect(d.kiosks).toMatchObject([{ kiosk: 'kiosk-s', name: 'Quầy S', events: 2000 }]);
    expect(d.totals.reads).toBeGreaterThan(500);
    const k = (await (await get('/api/kiosks')).json()) as { kiosk: string; events: number }[];
    expect(k).toMatchObject([{ kiosk: 'kiosk-s', events: 2000 }]);
    const csv = await get(`/api/export?${period}&format=csv`);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename="chipid-fleet-all-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv"/);
    const text = await csv.text();
    expect(text).toContain('bucket,verified,not_verified,error,p50_ms,p95_ms,checkins,bank_checks');
    expect(text).toContain('Ki-ốt / Kiosks');
    expect(text).toMatch(/kiosk-s,Quầy S,2000,/);
    expect(text).not.toMatch(/\d{9,}(?![\d:.TZ-])/);
    const pdf = await get(`/api/export?${period}&format=pdf`);
    expect(pdf.status).toBe(501);
  });

  it('serves central.html and its assets with a strict CSP, and nothing outside its folder', async () => {
    const r = await get('/', null);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(r.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await r.text()).toContain('<title>central</title>');
    expect((await get('/assets/a.js', null)).headers.get('content-type')).toMatch(/javascript/);
    expect((await get('/..%2fsecret.txt', null)).status).toBe(404);
    expect((await get('/assets/..%2f..%2fsecret.txt', null)).status).toBe(404);
  });
});

describe.skipIf(PG_SKIP !== null)('chipid fleet sync | status | serve', () => {
  const bin = join(REPO, 'bin/chipid.mjs');
  const env = (home: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({ ...process.env, CHIPID_HOME: join(home, 'data'), CHIPID_KEY_DIR: join(home, 'keys'), ...extra });
  const run = (home: string, args: string[], extra: Record<string, string> = {}) => {
    try {
      return { code: 0, out: execFileSync(process.execPath, [bin, ...args], { env: env(home, extra), encoding: 'utf8', timeout: 120_000 }) };
    } catch (e) {
      const x = e as { status: number; stdout: string; stderr: string };
      return { code: x.status, out: x.stdout + x.stderr };
    }
  };

  beforeAll(() => {
    if (!existsSync(join(REPO, 'dist/cli.mjs'))) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO });
  }, 120_000);

  it('ships the kiosk outbox once, prints sent / present / left, and status shows the queue', async () => {
    const home = mkdtempSync(join(dir, 'home-'));
    const url = pg.database('cli');
    // The kiosk's own storage, as the service writes it.
    process.env.CHIPID_KEY_DIR = join(home, 'keys');
    const s = openStorage(join(home, 'data'), { retention: false, checkpointIntervalMs: false });
    for (let i = 1; i <= 120; i++) {
      const { uuid: _u, seq: _s, ...input } = makeEvent('cli', i, T0, 60_000);
      appendFleet(s.write, input);
    }
    s.close();
    const before = JSON.parse(run(home, ['fleet', 'status', '--json']).out) as { queue: number; hwm: number };
    expect(before).toMatchObject({ queue: 120, hwm: 0 });
    const first = run(home, ['fleet', 'sync', '--json'], { CHIPID_FLEET_URL: url });
    expect(first.code, first.out).toBe(0);
    expect(JSON.parse(first.out)).toMatchObject({ sent: 120, inserted: 120, present: 0, left: 0, hwm: 120 });
    const second = run(home, ['fleet', 'sync'], { CHIPID_FLEET_URL: url });
    expect(second.out).toMatch(/sent: 0 .*left: 0/);
    const after = JSON.parse(run(home, ['fleet', 'status', '--json']).out) as { queue: number; hwm: number; lastError: unknown };
    expect(after).toMatchObject({ queue: 0, hwm: 120, lastError: null });
    const down = run(home, ['fleet', 'sync', '--json', '--url', 'postgres://u:pw-secret@127.0.0.1:1/x']);
    expect(down.code).toBe(1);
    expect(JSON.parse(down.out.split('\n')[0]!)).toMatchObject({ error: { code: 'FLEET_UNREACHABLE' } });
    expect(down.out).not.toContain('pw-secret');
    const st = JSON.parse(run(home, ['fleet', 'status', '--json']).out) as { failures: number; lastError: { code: string } };
    expect(st).toMatchObject({ failures: 1, lastError: { code: 'FLEET_UNREACHABLE' } });
    const none = run(home, ['fleet', 'sync'], { CHIPID_FLEET_URL: '' });
    expect(none.code).toBe(1);
    expect(none.out).toMatch(/CHIPID_FLEET_URL/);
  }, 180_000);

  it('fleet serve prints its URL and answers the API with the printed token', async () => {
    const home = mkdtempSync(join(dir, 'home-'));
    const p = spawn(process.execPath, [bin, 'fleet', 'serve', '--url', pg.url, '--port', '0', '--json'], { env: env(home), stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const line = await new Promise<string>((ok, fail) => {
        let out = '';
        p.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('\n')) ok(out.split('\n')[0]!);
        });
        p.on('exit', (c) => fail(new Error(`fleet serve exited ${c}`)));
      });
      const { url } = JSON.parse(line) as { url: string };
      const token = /#token=(.+)$/.exec(url)![1]!;
      const r = await fetch(new URL('/api/kiosks', url), { headers: { Authorization: `Bearer ${token}` } });
      expect(r.status).toBe(200);
      expect(((await r.json()) as { kiosk: string }[]).map((k) => k.kiosk)).toContain('kiosk-s');
    } finally {
      p.kill('SIGTERM');
    }
  }, 120_000);
});
