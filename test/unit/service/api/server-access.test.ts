// Who may use the local agent API, against the real kiosk service (demo mode) and real sockets:
// the kiosk UI's launch URL → HttpOnly session cookie (no credential in `/`), the 401/403 order over HTTP
// and WebSocket, revocation and purpose changes closing open sockets at once, and the connection pools
// (unauthenticated sockets apart, per-client caps) that keep a local flood from locking others out.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKioskService, type KioskService } from '../../../../electron/service/kiosk.js';
import { CLIENTS_FILE, openClientStore, type ClientStore } from '../../../../electron/service/api/clients.js';
import { startApiServer, type ApiServer } from '../../../../electron/service/api/server.js';
import { cookieFrom, http, openUi, WsClient, type Msg } from './helpers.js';
import { demoCards } from '../../../helpers/demo-cards.js';

const HIS = 'https://his.benhvien.example';
const BANK = 'https://teller.nganhang.example';
const FOREIGN = 'https://evil.example';
const BAD_TOKEN = 'x'.repeat(43);

let dir: string;
let kiosk: KioskService;
let clients: ClientStore;
let server: ApiServer;
let his: { clientId: string; token: string };
let tool: { clientId: string; token: string };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'chipid-access-'));
  kiosk = await createKioskService({ dataDir: join(dir, 'data'), demo: { cards: demoCards(), readers: 2 }, pcsc: false });
  clients = openClientStore(join(dir, 'data'));
  his = clients.pair({ name: 'HIS', purpose: 'hospital', origins: [HIS] });
  clients.pair({ name: 'Bank', purpose: 'bank', origins: [BANK] });
  tool = clients.pair({ name: 'Tool', purpose: 'verify-only', origins: [], allowNoOrigin: true });
  const staticDir = join(dir, 'ui');
  mkdirSync(join(staticDir, 'assets'), { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><html><head><title>ChipID</title></head><body><div id="root"></div></body></html>');
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  server = await startApiServer({ api: kiosk, clients, staticDir, helloTimeoutMs: 1000, wsLimits: { unauthenticated: 4, perClient: 3 } });
});

afterAll(async () => {
  await server?.close();
  await kiosk?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the kiosk UI: launch URL → session cookie; `/` alone gives no credential', () => {
  it('`/` without the cookie: a VN/EN page saying how to open the kiosk, no token, no script, no cookie', async () => {
    for (const path of ['/', '/index.html', '/assets/app.js', '/settings']) {
      const r = await http(server.url, path, { headers: { Origin: server.url } });
      expect(r.status, path).toBe(403);
      expect(r.headers['set-cookie'], path).toBeUndefined();
      expect(r.text, path).not.toMatch(/chipid-token|<script|console\.log/i);
      expect(r.text).toContain('chipid open');
      expect(r.text).toMatch(/Mở|mở/);
      expect(r.text).toMatch(/open the kiosk/i);
      expect(r.headers['cache-control']).toBe('no-store');
    }
  });

  it('a local process that fetched `/` and forges Origin gets no hello, with or without a token-like value', async () => {
    const page = await http(server.url, '/', { headers: { Origin: server.url } });
    const tokenLike = /[A-Za-z0-9_-]{32,}/.exec(page.text)?.[0] ?? BAD_TOKEN;
    for (const hello of [{ type: 'hello' }, { type: 'hello', token: tokenLike }]) {
      const c = await WsClient.open(server.url, { origin: server.url });
      const r = await c.request(hello);
      expect(r.ok).toBe(false);
      expect(r.error.code).toBe('API_UNAUTHORIZED');
      expect((await c.closed).code).toBe(4401);
    }
  });

  it('the launch URL works once: 303 to / with an HttpOnly SameSite=Strict cookie; the page then loads', async () => {
    const launch = server.launchUrl();
    expect(launch.startsWith(`${server.url}/launch?k=`)).toBe(true);
    const u = new URL(launch);
    const first = await http(server.url, u.pathname + u.search);
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/');
    const set = ([] as string[]).concat(first.headers['set-cookie']);
    expect(set).toHaveLength(1);
    expect(set[0]).toMatch(/; HttpOnly/);
    expect(set[0]).toMatch(/; SameSite=Strict/);
    expect(set[0]).toMatch(/; Path=\//);
    const cookie = set[0]!.split(';')[0]!;
    const page = await http(server.url, '/', { headers: { Cookie: cookie } });
    expect(page.status).toBe(200);
    expect(page.text).toContain('<div id="root">');
    expect(page.text).not.toContain('chipid-token');
    expect((await http(server.url, '/assets/app.js', { headers: { Cookie: cookie } })).status).toBe(200);
    // Used once: the same URL again sets nothing.
    const again = await http(server.url, u.pathname + u.search);
    expect(again.headers['set-cookie']).toBeUndefined();
    expect(again.status).toBe(403);
    // A made-up cookie is no cookie.
    expect((await http(server.url, '/', { headers: { Cookie: `${cookie.split('=')[0]}=${BAD_TOKEN}` } })).status).toBe(403);
  });

  it('the cookie + the agent’s own Origin → the kiosk principal (admin calls allowed); elsewhere it is refused', async () => {
    const ui = await openUi(server);
    const s = await ui.request({ type: 'getSettings' });
    expect(s.ok, JSON.stringify(s)).toBe(true);
    ui.close();
    const cookie = await cookieFrom(server.launchUrl());
    // The cookie from another Origin (a page elsewhere cannot send it, a local process has none): refused.
    await expect(WsClient.open(server.url, { origin: FOREIGN, headers: { Cookie: cookie } })).rejects.toMatchObject({ status: 403 });
    const noOrigin = await WsClient.open(server.url, { headers: { Cookie: cookie } });
    const r = await noOrigin.request({ type: 'hello' });
    expect(r.error?.code).toBe('API_UNAUTHORIZED');
    // A paired client's token does not become the kiosk principal because a cookie rides along.
    const both = await WsClient.open(server.url, { origin: HIS, headers: { Cookie: cookie } });
    const h = await both.request({ type: 'hello', token: his.token });
    expect(h.value?.purpose).toBe('hospital');
    expect((await both.request({ type: 'getSettings' })).error.code).toBe('API_FORBIDDEN');
    both.close();
  });

  it('a cookie from another server run is refused', async () => {
    const other = await startApiServer({ api: kiosk, clients, staticDir: join(dir, 'ui') });
    try {
      const cookie = await cookieFrom(other.launchUrl());
      const r = await http(server.url, '/', { headers: { Cookie: cookie.replace(/^[^=]+/, (await cookieFrom(server.launchUrl())).split('=')[0]!) } });
      expect(r.status).toBe(403);
    } finally {
      await other.close();
    }
  });
});

describe('401 or 403: a foreign Origin is 403 whatever the token; then the token (401); then its origins (403)', () => {
  const origins: [string, string | undefined][] = [
    ['none', undefined],
    ['self', 'SELF'],
    ['his (hospital client’s)', HIS],
    ['bank (another client’s)', BANK],
    ['foreign', FOREIGN],
  ];
  const tokens: [string, () => string | undefined][] = [
    ['no token', () => undefined],
    ['bad token', () => BAD_TOKEN],
    ['hospital token', () => his.token],
  ];
  // Expected HTTP status of GET /api/v1/readers; the WebSocket gives the same answer (403 at the upgrade
  // for a foreign Origin, else close 4401 / 4403 after hello, or a hello that succeeds).
  const want = (origin: string, token: string): number => {
    if (origin === 'foreign') return 403;
    if (token !== 'hospital token') return 401;
    return origin.startsWith('his') ? 200 : 403;
  };
  const cases = origins.flatMap(([o, ov]) => tokens.map(([t, tv]) => [o, t, ov, tv, want(o, t)] as const));

  it.each(cases)('Origin %s, %s → HTTP and WS agree', async (_o, _t, ov, tv, status) => {
    const origin = ov === 'SELF' ? server.url : ov;
    const token = tv();
    const r = await http(server.url, '/api/v1/readers', {
      headers: { ...(origin ? { Origin: origin } : {}), ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    });
    expect(r.status).toBe(status);
    if (status === 401) expect(r.json.error.code).toBe('API_UNAUTHORIZED');
    if (status === 403) expect(r.json.error.code).toBe('API_FORBIDDEN_ORIGIN');

    const opened = WsClient.open(server.url, origin ? { origin } : {});
    if (status === 403 && _o === 'foreign') {
      await expect(opened).rejects.toMatchObject({ status: 403 });
      return;
    }
    const c = await opened;
    const h = await c.request(token ? { type: 'hello', token } : { type: 'hello' });
    if (status === 200) {
      expect(h.ok).toBe(true);
      c.close();
      return;
    }
    expect(h.error.code).toBe(status === 401 ? 'API_UNAUTHORIZED' : 'API_FORBIDDEN_ORIGIN');
    expect((await c.closed).code).toBe(status === 401 ? 4401 : 4403);
  });

  it('the same order with the token on the upgrade request (Authorization header)', async () => {
    await expect(WsClient.open(server.url, { origin: FOREIGN, headers: { Authorization: `Bearer ${his.token}` } })).rejects.toMatchObject({ status: 403 });
    await expect(WsClient.open(server.url, { headers: { Authorization: `Bearer ${BAD_TOKEN}` } })).rejects.toMatchObject({ status: 401 });
    await expect(WsClient.open(server.url, { origin: BANK, headers: { Authorization: `Bearer ${his.token}` } })).rejects.toMatchObject({ status: 403 });
    const c = await WsClient.open(server.url, { origin: HIS, headers: { Authorization: `Bearer ${his.token}` } });
    const h = await c.request({ type: 'hello' });
    expect(h.value?.clientId).toBe(his.clientId);
    c.close();
  });

  it('a browser page gives its token as the subprotocols chipid.v1 + chipid.bearer.<token>; the same order holds', async () => {
    const proto = (t: string): string[] => ['chipid.v1', `chipid.bearer.${t}`];
    await expect(WsClient.open(server.url, { origin: FOREIGN, protocols: proto(his.token) })).rejects.toMatchObject({ status: 403 });
    await expect(WsClient.open(server.url, { origin: HIS, protocols: proto(BAD_TOKEN) })).rejects.toMatchObject({ status: 401 });
    await expect(WsClient.open(server.url, { origin: BANK, protocols: proto(his.token) })).rejects.toMatchObject({ status: 403 });
    // Without chipid.v1 beside it the token is not taken.
    await expect(WsClient.open(server.url, { origin: HIS, protocols: [`chipid.bearer.${his.token}`] })).rejects.toMatchObject({ status: 401 });
    const c = await WsClient.open(server.url, { origin: HIS, protocols: proto(his.token) });
    expect(c.ws.protocol).toBe('chipid.v1'); // the token is never echoed
    expect((await c.request({ type: 'hello' })).value?.clientId).toBe(his.clientId);
    c.close();
  });
});

describe('revocation and purpose changes close open sockets at once', () => {
  it('revoked by another process (the CLI writes api-clients.json): the socket closes with 4401, no event after', async () => {
    const temp = clients.pair({ name: 'Temp', purpose: 'verify-only', origins: [], allowNoOrigin: true });
    const c = await WsClient.open(server.url);
    expect((await c.request({ type: 'hello', token: temp.token })).ok).toBe(true);
    // Another ClientStore on the same file, as `chipid clients revoke` in another process.
    expect(openClientStore(join(dir, 'data')).revoke(temp.clientId)).toBe(true);
    const closed = await c.closed; // without the fix the socket stays open until its next request
    expect(closed.code).toBe(4401);
    expect(c.msgs.filter((m: Msg) => m.type !== 'response')).toEqual([]);
  });

  it('a purpose changed in the file: the socket closes with 4409 (reconnect to get the new purpose)', async () => {
    const temp = clients.pair({ name: 'Temp2', purpose: 'bank', origins: [], allowNoOrigin: true });
    const c = await WsClient.open(server.url);
    expect((await c.request({ type: 'hello', token: temp.token })).value.purpose).toBe('bank');
    const file = join(dir, 'data', CLIENTS_FILE);
    const j = JSON.parse(readFileSync(file, 'utf8')) as { clients: { clientId: string; purpose: string }[] };
    j.clients.find((x) => x.clientId === temp.clientId)!.purpose = 'verify-only';
    writeFileSync(`${file}.tmp`, JSON.stringify(j));
    (await import('node:fs')).renameSync(`${file}.tmp`, file);
    expect((await c.closed).code).toBe(4409);
    const again = await WsClient.open(server.url);
    expect((await again.request({ type: 'hello', token: temp.token })).value.purpose).toBe('verify-only');
    again.close();
  });
});

describe('connection pools: a local flood cannot lock others out', () => {
  it('unauthenticated sockets have their own small pool; credentials on the upgrade and the UI cookie bypass it', async () => {
    const young: WsClient[] = [];
    for (let i = 0; i < 4; i++) young.push(await WsClient.open(server.url));
    // Full of sockets that just arrived: a fifth is held back, then refused (503).
    const refused = WsClient.open(server.url);
    // Meanwhile, bearer on the upgrade and the UI's cookie never touch that pool.
    const legit = await WsClient.open(server.url, { headers: { Authorization: `Bearer ${tool.token}` } });
    expect((await legit.request({ type: 'hello' })).ok).toBe(true);
    const ui = await openUi(server);
    expect((await ui.request({ type: 'status' })).ok).toBe(true);
    await expect(refused).rejects.toMatchObject({ status: 503 });
    // Silent sockets are cut at the short hello deadline (1 s here).
    for (const c of young) expect((await c.closed).code).toBe(4401);
    legit.close();
    ui.close();
  });

  it('a newcomer displaces the oldest socket still silent after its grace, so holding places is useless', async () => {
    // A long hello deadline here, so the busiest machine cannot turn the displacement into a deadline close.
    const slow = await startApiServer({ api: kiosk, clients, helloTimeoutMs: 60_000, wsLimits: { unauthenticated: 4 } });
    try {
      const silent: WsClient[] = [];
      for (let i = 0; i < 4; i++) silent.push(await WsClient.open(slow.url));
      await new Promise((r) => setTimeout(r, 300)); // older than the 250 ms grace (at least)
      const newcomer = await WsClient.open(slow.url);
      expect((await silent[0]!.closed).code).toBe(1013);
      expect(silent[0]!.msgs.at(-1)).toMatchObject({ ok: false, error: { code: 'API_BUSY' } });
      expect((await newcomer.request({ type: 'hello', token: tool.token })).ok).toBe(true);
      for (const c of [...silent, newcomer]) c.close();
    } finally {
      await slow.close();
    }
  });

  it('one client holds at most perClient sockets: the next is refused with API_BUSY; others keep being served', async () => {
    const a = clients.pair({ name: 'Greedy', purpose: 'verify-only', origins: [], allowNoOrigin: true });
    const held: WsClient[] = [];
    for (let i = 0; i < 3; i++) {
      const c = await WsClient.open(server.url, { headers: { Authorization: `Bearer ${a.token}` } });
      expect((await c.request({ type: 'hello' })).ok).toBe(true);
      held.push(c);
    }
    await expect(WsClient.open(server.url, { headers: { Authorization: `Bearer ${a.token}` } })).rejects.toMatchObject({ status: 503 });
    const viaHello = await WsClient.open(server.url);
    const r = await viaHello.request({ type: 'hello', token: a.token });
    expect(r.error.code).toBe('API_BUSY');
    expect((await viaHello.closed).code).toBe(1013);
    const other = await WsClient.open(server.url);
    expect((await other.request({ type: 'hello', token: tool.token })).ok).toBe(true);
    held[0]!.close();
    await held[0]!.closed;
    const freed = await WsClient.open(server.url, { headers: { Authorization: `Bearer ${a.token}` } });
    expect((await freed.request({ type: 'hello' })).ok).toBe(true);
    for (const c of [...held, other, freed]) c.close();
  });
});
