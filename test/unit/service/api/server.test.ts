// The local agent API against the real kiosk service in demo mode (virtual readers, virtual CCCDs):
// pairing, hello, Origin and Host checks, limits, purpose filtering of every result, HTTP endpoints.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { API_LIMITS, IDENTITY_FIELDS, PURPOSE_FIELDS, type ReadResultView } from '../../../../electron/contract/types.js';
import { createKioskService, type KioskService } from '../../../../electron/service/kiosk.js';
import { hashToken, openClientStore, type ClientStore } from '../../../../electron/service/api/clients.js';
import { startApiServer, type ApiServer } from '../../../../electron/service/api/server.js';
import type { ApiLogEntry } from '../../../../electron/service/api/core.js';
import { cookieFrom, openUi } from './helpers.js';
import { http } from './helpers.js';
import { demoCards } from '../../../helpers/demo-cards.js';

type Msg = Record<string, any>;
const ID = '001099012345';
const HIS = 'https://his.benhvien.example';
const BANK = 'https://teller.nganhang.example';

/** A test WebSocket client that records every message and how the connection closed. */
class Client {
  readonly msgs: Msg[] = [];
  closed: Promise<{ code: number }>;
  private waiters: { pred: (m: Msg) => boolean; resolve: (m: Msg) => void }[] = [];
  private seq = 0;
  private constructor(readonly ws: WebSocket) {
    this.closed = new Promise((r) => ws.on('close', (code) => r({ code })));
    ws.on('message', (d) => {
      const m = JSON.parse(String(d)) as Msg;
      this.msgs.push(m);
      this.waiters = this.waiters.filter((w) => (w.pred(m) ? (w.resolve(m), false) : true));
    });
  }
  static open(url: string, origin?: string): Promise<Client> {
    const ws = new WebSocket(url.replace('http', 'ws') + '/api/v1/ws', origin ? { origin } : {});
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new Client(ws)));
      ws.once('unexpected-response', (_req, res) => reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode })));
      ws.once('error', reject);
    });
  }
  next(pred: (m: Msg) => boolean): Promise<Msg> {
    const found = this.msgs.find(pred);
    if (found) return Promise.resolve(found);
    return new Promise((resolve) => this.waiters.push({ pred, resolve }));
  }
  sendRaw(text: string | Buffer): void {
    this.ws.send(text);
  }
  request(body: Msg): Promise<Msg> {
    const id = body.id ?? `t-${++this.seq}`;
    this.ws.send(JSON.stringify({ ...body, id }));
    return this.next((m) => m.type === 'response' && m.id === id);
  }
  close(): void {
    this.ws.close();
  }
}


let dir: string;
let kiosk: KioskService;
let clients: ClientStore;
let server: ApiServer;
const logs: ApiLogEntry[] = [];
/** Launch URLs and session cookies handed out in these tests (the logs must hold none of them). */
const uiSecrets: string[] = [];
let tokens: { hospital: string; bank: string; verify: string; tool: string; hospitalId: string };

async function hello(token: string, origin?: string): Promise<{ c: Client; r: Msg }> {
  const c = await Client.open(server.url, origin);
  const r = await c.request({ type: 'hello', token });
  return { c, r };
}

/** A connected, authenticated client: the "other client" that must keep being served. */
async function bystander(): Promise<Client> {
  const { c, r } = await hello(tokens.tool);
  expect(r.ok).toBe(true);
  return c;
}
async function stillServed(c: Client): Promise<void> {
  const r = await c.request({ type: 'listReaders' });
  expect(r.ok).toBe(true);
  expect(r.value.map((x: Msg) => x.id)).toContain('virtual:0');
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'chipid-api-'));
  kiosk = await createKioskService({ dataDir: join(dir, 'data'), demo: { cards: demoCards(), readers: 3 }, pcsc: false });
  clients = openClientStore(join(dir, 'data'));
  const h = clients.pair({ name: 'Bệnh viện HIS', purpose: 'hospital', origins: [HIS] });
  const b = clients.pair({ name: 'Core banking', purpose: 'bank', origins: [BANK] });
  const v = clients.pair({ name: 'Gate', purpose: 'verify-only', origins: [], allowNoOrigin: true });
  const t = clients.pair({ name: 'Monitor tool', purpose: 'verify-only', origins: [], allowNoOrigin: true });
  tokens = { hospital: h.token, bank: b.token, verify: v.token, tool: t.token, hospitalId: h.clientId };
  const staticDir = join(dir, 'ui');
  rmSync(staticDir, { recursive: true, force: true });
  await import('node:fs').then((fs) => fs.mkdirSync(staticDir, { recursive: true }));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><html><head><title>ChipID</title></head><body></body></html>');
  writeFileSync(join(dir, 'secret.txt'), 'outside the static dir');
  // 1.5 s: long enough that a 2 MB first message reaches the size check before the deadline on a busy machine.
  server = await startApiServer({ api: kiosk, clients, staticDir, logger: (e) => logs.push(e), helloTimeoutMs: 1500 });
});

afterAll(async () => {
  await server?.close();
  await kiosk?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('binding and pairing', () => {
  it('refuses to listen on anything but 127.0.0.1', async () => {
    for (const host of ['0.0.0.0', '::', '::1', 'localhost', '192.168.1.10']) {
      await expect(startApiServer({ api: kiosk, clients, host })).rejects.toMatchObject({ code: 'API_HOST_REFUSED' });
    }
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('stores only the SHA-256 of each token, shows the token once, checks purposes and origins', () => {
    const file = readFileSync(join(dir, 'data', 'api-clients.json'), 'utf8');
    for (const t of [tokens.hospital, tokens.bank, tokens.verify]) {
      expect(t).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(file).not.toContain(t);
      expect(file).toContain(hashToken(t));
    }
    expect(clients.list().map((c) => Object.keys(c))).not.toContainEqual(expect.arrayContaining(['tokenHash']));
    expect(() => clients.pair({ name: 'x', purpose: 'kiosk', origins: [HIS] })).toThrow(expect.objectContaining({ code: 'API_PAIR_INVALID' }));
    expect(() => clients.pair({ name: 'x', purpose: 'kiosk', origins: [HIS] })).toThrow(/purpose/);
    expect(() => clients.pair({ name: 'x', purpose: 'bank', origins: ['https://a.example/path'] })).toThrow(/origin/);
    expect(() => clients.pair({ name: 'x', purpose: 'bank', origins: [] })).toThrow(/origin/);
  });
});

describe('WebSocket: authentication and limits (another client keeps being served)', () => {
  it('no hello within the deadline → API_UNAUTHORIZED, close 4401', async () => {
    const other = await bystander();
    const c = await Client.open(server.url, HIS);
    const { code } = await c.closed;
    expect(code).toBe(4401);
    expect(c.msgs.at(-1)).toMatchObject({ type: 'response', ok: false, error: { code: 'API_UNAUTHORIZED' } });
    await stillServed(other);
    other.close();
  });

  it('a request before hello, or a wrong token → API_UNAUTHORIZED, close 4401', async () => {
    const other = await bystander();
    const a = await Client.open(server.url, HIS);
    const ra = await a.request({ type: 'listReaders' });
    expect(ra.error.code).toBe('API_UNAUTHORIZED');
    expect((await a.closed).code).toBe(4401);
    for (const token of [tokens.hospital.slice(0, -1) + (tokens.hospital.endsWith('A') ? 'B' : 'A'), 'short', 'A'.repeat(43)]) {
      const { c, r } = await hello(token, HIS);
      expect(r).toMatchObject({ ok: false, error: { code: 'API_UNAUTHORIZED' } });
      expect(r.error.messageVi.length).toBeGreaterThan(10);
      expect((await c.closed).code).toBe(4401);
    }
    await stillServed(other);
    other.close();
  });

  it('a wrong Origin → API_FORBIDDEN_ORIGIN (4403), an unknown one → HTTP 403 before any token', async () => {
    const other = await bystander();
    // BANK is a known origin, but not the hospital client's.
    const { c, r } = await hello(tokens.hospital, BANK);
    expect(r.error.code).toBe('API_FORBIDDEN_ORIGIN');
    expect((await c.closed).code).toBe(4403);
    // No Origin: only for clients registered as non-browser.
    const n = await hello(tokens.hospital);
    expect(n.r.error.code).toBe('API_FORBIDDEN_ORIGIN');
    expect((await n.c.closed).code).toBe(4403);
    await expect(Client.open(server.url, 'https://evil.example')).rejects.toMatchObject({ status: 403 });
    // The UI's session cookie works from the agent's own origin only (elsewhere it is no credential).
    const launch = server.launchUrl();
    const cookie = await cookieFrom(launch);
    uiSecrets.push(new URL(launch).searchParams.get('k')!, cookie.split('=')[1]!);
    const ws = new WebSocket(server.url.replace('http', 'ws') + '/api/v1/ws', { origin: HIS, headers: { Cookie: cookie } });
    await new Promise((r) => ws.once('open', r));
    const elsewhere = await new Promise<Msg>((resolve) => {
      ws.once('message', (d) => resolve(JSON.parse(String(d)) as Msg));
      ws.send(JSON.stringify({ type: 'hello', id: 'h' }));
    });
    expect(elsewhere.error.code).toBe('API_UNAUTHORIZED');
    const uiOk = await openUi(server);
    expect(uiOk.msgs[0]).toMatchObject({ ok: true, value: { purpose: 'kiosk', clientId: 'ui' } });
    uiOk.close();
    const ok = await hello(tokens.hospital, HIS);
    expect(ok.r).toMatchObject({ ok: true, value: { purpose: 'hospital', limits: API_LIMITS } });
    ok.c.close();
    await stillServed(other);
    other.close();
  });

  it('oversized message → API_TOO_LARGE and close 1009; far above the hard cap → 1009 too', async () => {
    const other = await bystander();
    const { c } = await hello(tokens.hospital, HIS);
    c.sendRaw(JSON.stringify({ type: 'status', id: 'big', pad: 'x'.repeat(API_LIMITS.maxMessageBytes) }));
    expect((await c.closed).code).toBe(1009);
    expect(c.msgs.at(-1)).toMatchObject({ ok: false, error: { code: 'API_TOO_LARGE' } });
    // Oversized as the very first message (before hello) as well.
    const pre = await Client.open(server.url, HIS);
    pre.sendRaw('x'.repeat(API_LIMITS.maxMessageBytes + 1));
    expect((await pre.closed).code).toBe(1009);
    const huge = await Client.open(server.url, HIS);
    huge.sendRaw(Buffer.alloc(2 * 1024 * 1024, 0x20));
    expect((await huge.closed).code).toBe(1009);
    await stillServed(other);
    other.close();
  });

  it('malformed JSON, unknown types and bad fields are answered with precise codes; the connection stays', async () => {
    const other = await bystander();
    const { c } = await hello(tokens.hospital, HIS);
    c.sendRaw('{"type":"status",');
    expect((await c.next((m) => m.ok === false)).error.code).toBe('API_MALFORMED');
    expect((await c.request({ type: 'formatDisk' })).error.code).toBe('API_UNKNOWN_TYPE');
    expect((await c.request({ type: 'startRead', readerId: 'virtual:0', key: { id: '12345' } })).error.code).toBe('KEY_INVALID');
    expect((await c.request({ type: 'startRead', readerId: 'virtual:0', key: { dob: '1999-03-15' } })).error.code).toBe('KEY_INVALID');
    expect((await c.request({ type: 'cancel', readerId: '../etc' })).error.code).toBe('API_INVALID_FIELD');
    expect((await c.request({ type: 'status', extra: 1 })).error.code).toBe('API_MALFORMED');
    expect((await c.request({ type: 'hello', token: tokens.hospital })).error.code).toBe('API_ALREADY_AUTHENTICATED');
    expect((await c.request({ type: 'cancel', readerId: 'virtual:99' })).error.code).toBe('NO_READER');
    c.sendRaw(Buffer.from([0xff, 0x00]));
    const st = await c.request({ type: 'status' });
    expect(st).toMatchObject({ ok: true, value: { demo: true, readers: 3 } });
    await stillServed(other);
    c.close();
    other.close();
  });

  it('a flood → API_RATE_LIMITED answers, then the connection is dropped (1008); others keep being served', async () => {
    const other = await bystander();
    const { c } = await hello(tokens.bank, BANK);
    const n = API_LIMITS.burst * 2;
    for (let i = 0; i < n; i++) c.sendRaw(JSON.stringify({ type: 'status', id: `f${i}` }));
    // Refusals are answered at once, accepted requests after the service answers: wait for all n.
    const isF = (m: Msg): boolean => m.type === 'response' && String(m.id).startsWith('f');
    await c.next(() => c.msgs.filter(isF).length >= n);
    const answers = c.msgs.filter(isF);
    const limited = answers.filter((m) => m.error?.code === 'API_RATE_LIMITED');
    expect(answers).toHaveLength(n);
    const served = answers.filter((m) => m.ok).length;
    expect(limited.length).toBeGreaterThan(0);
    expect(served + limited.length).toBe(n);
    expect(served).toBeGreaterThanOrEqual(API_LIMITS.burst);
    expect(served).toBeLessThan(n);
    await stillServed(other);
    for (let i = 0; i < API_LIMITS.burst * 10; i++) c.sendRaw(JSON.stringify({ type: 'status', id: `g${i}` }));
    expect((await c.closed).code).toBe(1008);
    await stillServed(other);
    // The bank client's bucket is shared by its connections: a fresh connection is limited too.
    const again = await hello(tokens.bank, BANK);
    expect(again.r.ok).toBe(true);
    again.c.close();
    other.close();
  });

  it('a revoked client loses its open connection at once (4401, API_UNAUTHORIZED) and cannot say hello again', async () => {
    const p = clients.pair({ name: 'Temp', purpose: 'hospital', origins: [HIS] });
    const { c, r } = await hello(p.token, HIS);
    expect(r.ok).toBe(true);
    expect(clients.revoke(p.clientId)).toBe(true);
    expect((await c.closed).code).toBe(4401);
    expect(c.msgs.at(-1)).toMatchObject({ type: 'response', ok: false, error: { code: 'API_UNAUTHORIZED' } });
    expect((await hello(p.token, HIS)).r.error.code).toBe('API_UNAUTHORIZED');
  });
});

/** Every result a client received, from `result` events and from `session` events in state result. */
/** The results a client received: each travels once, inside its reader's session state. */
function resultsOf(c: Client): ReadResultView[] {
  return c.msgs.flatMap((m) => (m.type === 'session' && m.session.state === 'result' ? [m.session.result] : []));
}

/** A read's error comes in its session state; an `error` event is one outside any session. */
const isError = (m: Msg): boolean => m.type === 'error' || (m.type === 'session' && m.session.state === 'error');

async function readOn(c: Client, readerId: string, photo: boolean): Promise<ReadResultView> {
  await c.request({ type: 'demoCard', readerId, action: 'remove' });
  const started = await c.request({ type: 'startRead', readerId, key: { id: ID }, photo });
  expect(started).toMatchObject({ ok: true, value: { started: true } });
  const before = resultsOf(c).length;
  const errorsBefore = c.msgs.filter(isError).length;
  // cccd-2021 is the virtual card that opens with the demo key.
  await c.request({ type: 'demoCard', readerId, action: 'insert', profile: 'cccd-2021' });
  const ev = await c.next(
    (m) => (m.type === 'session' && m.readerId === readerId && m.session.state === 'result' && resultsOf(c).length > before) || (isError(m) && c.msgs.filter(isError).length > errorsBefore),
  );
  // On failure: which reader's error it was, and every error seen so far (codes and readers only).
  const errors = c.msgs.filter(isError).map((m) => ({ readerId: m.readerId, code: (m.error ?? m.session?.error)?.code }));
  expect(ev.session?.state ?? ev.type, JSON.stringify({ waitingFor: readerId, error: ev.error ?? ev.session?.error, readerId: ev.readerId, errors })).toBe('result');
  return ev.session.result as ReadResultView;
}

describe('purpose filtering of pushed events', () => {
  it('hospital, bank and verify-only clients never receive fields outside their purpose', async () => {
    const ui = (await openUi(server)) as unknown as Client;
    const hospital = (await hello(tokens.hospital, HIS)).c;
    const bank = (await hello(tokens.bank, BANK)).c;
    const verify = (await hello(tokens.verify)).c;
    // The kiosk reads with the photo: everyone sees the event, each through its purpose.
    const full = await readOn(ui, 'virtual:1', true);
    expect(full.identity.fullName).toBeTruthy();
    expect(full.identity.religion !== undefined).toBe(true);
    expect(full.photo?.data.length).toBeGreaterThan(100);
    // The hospital asks for the photo on its own read: allowed for its purpose.
    const h = await readOn(hospital, 'virtual:2', true);
    expect(h.photo?.mime).toBe('image/jpeg');
    // verify-only asks for the photo: never.
    const v = await readOn(verify, 'virtual:0', true);
    expect(v.photo).toBeUndefined();
    // Each read reaches every client once: in the `session` event in state result.
    for (const c of [hospital, bank, verify]) await c.next(() => resultsOf(c).length >= 3);

    for (const [c, purpose] of [[hospital, 'hospital'], [bank, 'bank'], [verify, 'verify-only']] as const) {
      const results = resultsOf(c);
      expect(results).toHaveLength(3); // 3 reads, each sent once
      expect(c.msgs.some((m) => ['result', 'progress', 'cardInserted', 'cardRemoved'].includes(m.type))).toBe(false);
      for (const r of results) {
        for (const k of Object.keys(r.identity)) expect(PURPOSE_FIELDS[purpose]).toContain(k);
        expect(r.otherFields).toBeUndefined();
        if (r.readerId !== 'virtual:2' || purpose !== 'hospital') expect(r.photo).toBeUndefined();
        expect(r.idLast4).toBe(ID.slice(8));
      }
      // The fields the purpose does allow are there (the filter does not just drop everything).
      if (purpose !== 'verify-only') expect(Object.keys(results[0]!.identity).sort()).toEqual([...PURPOSE_FIELDS[purpose]].sort());
    }
    for (const r of resultsOf(verify)) {
      expect(r.identity).toEqual({});
      expect(r.document.documentNumber).toBeUndefined();
      const text = JSON.stringify(r);
      expect(text).not.toContain(ID);
      expect(text).not.toContain(full.identity.fullName!);
      expect(text).not.toMatch(/[0-9]{4}-[0-9]{2}-[0-9]{2}(?!T)/); // no date of birth / expiry in reasons
    }
    // The kiosk's own UI sees every field it read.
    expect(Object.keys(resultsOf(ui)[0]!.identity).sort()).toEqual([...IDENTITY_FIELDS].sort());
    for (const c of [ui, hospital, bank, verify]) c.close();
  });
});

describe('HTTP endpoints', () => {
  it('status needs no token and holds no personal data; every answer has the security headers', async () => {
    const r = await http(server.url, '/api/v1/status');
    expect(r.status).toBe(200);
    expect(Object.keys(r.json.value).sort()).toEqual(['demo', 'pcsc', 'pinSet', 'readers', 'version']);
    expect(r.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['referrer-policy']).toBe('no-referrer');
    expect(r.headers['cache-control']).toBe('no-store');
    const nf = await http(server.url, '/api/v1/nothing');
    expect(nf.status).toBe(404);
    expect(nf.headers['x-content-type-options']).toBe('nosniff');
  });

  it('refuses a foreign Host header (DNS rebinding), on HTTP and on the WebSocket upgrade', async () => {
    const r = await http(server.url, '/api/v1/status', { headers: { Host: 'evil.example' } });
    expect(r.status).toBe(403);
    expect(r.json.error.code).toBe('API_FORBIDDEN_HOST');
    const ui = await http(server.url, '/', { headers: { Host: `attacker.example:${server.port}` } });
    expect(ui.status).toBe(403);
    expect(ui.headers['set-cookie']).toBeUndefined();
    const ws = new WebSocket(server.url.replace('http', 'ws') + '/api/v1/ws', { headers: { Host: 'evil.example' } });
    const status = await new Promise<number>((resolve) => {
      ws.once('unexpected-response', (_q, res) => resolve(res.statusCode ?? 0));
      ws.once('open', () => resolve(101));
      ws.once('error', () => resolve(-1));
    });
    expect(status).toBe(403);
  });

  it('GET /api/v1/readers: bearer token and Origin checked, CORS only for the allowed origin', async () => {
    const ok = await http(server.url, '/api/v1/readers', { headers: { Authorization: `Bearer ${tokens.hospital}`, Origin: HIS } });
    expect(ok.status).toBe(200);
    expect(ok.headers['access-control-allow-origin']).toBe(HIS);
    expect(ok.json.value.length).toBe(3);
    expect((await http(server.url, '/api/v1/readers')).status).toBe(401);
    expect((await http(server.url, '/api/v1/readers', { headers: { Authorization: 'Bearer nope' } })).json.error.code).toBe('API_UNAUTHORIZED');
    const wrong = await http(server.url, '/api/v1/readers', { headers: { Authorization: `Bearer ${tokens.hospital}`, Origin: BANK } });
    expect(wrong.status).toBe(403);
    expect(wrong.json.error.code).toBe('API_FORBIDDEN_ORIGIN');
    const pre = await http(server.url, '/api/v1/readers', { method: 'OPTIONS', headers: { Origin: HIS, 'Access-Control-Request-Private-Network': 'true' } });
    expect(pre.status).toBe(204);
    expect(pre.headers['access-control-allow-private-network']).toBe('true');
    expect((await http(server.url, '/api/v1/readers', { method: 'OPTIONS', headers: { Origin: 'https://evil.example' } })).status).toBe(403);
  });

  it('POST /api/v1/read waits for the result and returns only the purpose fields; bad bodies are refused', async () => {
    await kiosk.demoCard('virtual:2', 'insert', 'cccd-2021');
    const auth = { Authorization: `Bearer ${tokens.bank}`, Origin: BANK, 'Content-Type': 'application/json' };
    const r = await http(server.url, '/api/v1/read', { method: 'POST', headers: auth, body: JSON.stringify({ readerId: 'virtual:2', key: { id: ID }, photo: true }) });
    expect(r.status).toBe(200);
    const res = r.json.value as ReadResultView;
    expect(Object.keys(res.identity).sort()).toEqual([...PURPOSE_FIELDS.bank].sort());
    expect(res.photo?.mime).toBe('image/jpeg');
    const big = await http(server.url, '/api/v1/read', { method: 'POST', headers: auth, body: 'x'.repeat(API_LIMITS.maxMessageBytes + 1) });
    expect(big.status).toBe(413);
    expect(big.json.error.code).toBe('API_TOO_LARGE');
    const bad = await http(server.url, '/api/v1/read', { method: 'POST', headers: auth, body: '{"readerId":' });
    expect(bad.json.error.code).toBe('API_MALFORMED');
    const key = await http(server.url, '/api/v1/read', { method: 'POST', headers: auth, body: JSON.stringify({ readerId: 'virtual:2', key: { can: '12' } }) });
    expect(key.status).toBe(400);
    expect(key.json.error.code).toBe('KEY_INVALID');
    expect((await http(server.url, '/api/v1/read', { headers: auth })).status).toBe(405);
  });
});

describe('the UI', () => {
  it('serves index.html (no token in it) to the launch cookie, with a strict CSP and no-store; nothing outside staticDir', async () => {
    const launch = server.launchUrl();
    const cookie = await cookieFrom(launch);
    uiSecrets.push(new URL(launch).searchParams.get('k')!, cookie.split('=')[1]!);
    const r = await http(server.url, '/', { headers: { Cookie: cookie } });
    expect(r.status).toBe(200);
    expect(r.text).toContain('<title>ChipID</title>');
    expect(r.text).not.toContain('chipid-token');
    const csp = String(r.headers['content-security-policy']);
    for (const d of ["default-src 'self'", "frame-ancestors 'none'", "img-src 'self' data:", `connect-src 'self' ws://127.0.0.1:${server.port}`]) expect(csp).toContain(d);
    expect(csp).not.toContain('unsafe');
    expect(r.headers['cache-control']).toBe('no-store');
    for (const p of ['/%2e%2e/secret.txt', '/..%2fsecret.txt', '/%2e%2e%2f%2e%2e%2fsecret.txt']) {
      const t = await http(server.url, p, { headers: { Cookie: cookie } });
      expect(t.text).not.toContain('outside the static dir');
    }
    expect((await http(server.url, '/', { method: 'POST' })).status).toBe(405);
  });

  it('logs hold no tokens and no identity data', () => {
    const text = JSON.stringify(logs);
    expect(logs.length).toBeGreaterThan(5);
    expect(uiSecrets.length).toBe(4);
    for (const secret of [...uiSecrets, tokens.hospital, tokens.bank, tokens.verify, ID, 'NGUY']) expect(text).not.toContain(secret);
  });
});
