// Operator settings and the admin PIN through the local agent API (contract 1.1), against the real kiosk
// service in demo mode: only the kiosk's own UI (launch cookie) may use them; there is no default PIN (admin
// calls answer ADMIN_PIN_NOT_SET until the first PIN is set, race-safe, once); wrong PINs are refused and
// rate-limited, settings and reader labels survive a restart, every change is audited (never a PIN) and the
// chain verifies.
import { HOSPITAL_DEFAULTS } from '../../../../electron/service/workflows/hospital/settings.js';
import { BANK_DEFAULTS } from '../../../../electron/service/workflows/bank/settings.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createKioskService, type KioskService } from '../../../../electron/service/kiosk.js';
import { openClientStore, type ClientStore } from '../../../../electron/service/api/clients.js';
import { startApiServer, type ApiServer } from '../../../../electron/service/api/server.js';
import { AdminGuard, ADMIN_SESSION_MS, WRONG_PIN_WINDOW_MS, pinIsWeak } from '../../../../electron/service/admin.js';
import { listAudit, openStorage, verifyAuditChain } from '../../../../electron/service/storage/index.js';
import { sqlGetSetting } from '../../../../electron/service/storage/sql.js';
import { demoCards } from '../../../helpers/demo-cards.js';
import { AdminError } from '../../../../electron/service/admin-errors.js';
import { openUi } from './helpers.js';

type Msg = Record<string, any>;
const HIS = 'https://his.benhvien.example';
const FIRST_PIN = '305817';
const NEW_PIN = '482913';

class Client {
  readonly msgs: Msg[] = [];
  private waiters: { pred: (m: Msg) => boolean; resolve: (m: Msg) => void }[] = [];
  private seq = 0;
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (d) => {
      const m = JSON.parse(String(d)) as Msg;
      this.msgs.push(m);
      this.waiters = this.waiters.filter((w) => (w.pred(m) ? (w.resolve(m), false) : true));
    });
  }
  static async open(url: string, origin: string, token: string): Promise<Client> {
    const ws = new WebSocket(url.replace('http', 'ws') + '/api/v1/ws', { origin });
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    const c = new Client(ws);
    const r = await c.request({ type: 'hello', token });
    expect(r.ok, JSON.stringify(r)).toBe(true);
    return c;
  }
  next(pred: (m: Msg) => boolean): Promise<Msg> {
    const found = this.msgs.find(pred);
    if (found) return Promise.resolve(found);
    return new Promise((resolve) => this.waiters.push({ pred, resolve }));
  }
  request(body: Msg): Promise<Msg> {
    const id = `t-${++this.seq}`;
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
let hospitalToken: string;

async function start(env: NodeJS.ProcessEnv = {}): Promise<void> {
  kiosk = await createKioskService({ dataDir: dir, demo: { cards: demoCards(), readers: 2 }, pcsc: false, env });
  server = await startApiServer({ api: kiosk, clients });
}
async function stop(): Promise<void> {
  await server?.close();
  await kiosk?.close();
}
const ui = async (): Promise<Client> => (await openUi(server)) as unknown as Client;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'chipid-admin-'));
  clients = openClientStore(dir);
  hospitalToken = clients.pair({ name: 'HIS', purpose: 'hospital', origins: [HIS] }).token;
  await start();
});
afterAll(async () => {
  await stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('admin PIN and operator settings over the local API', () => {
  let session = '';

  it('first run: no PIN at all (pinSet false), every admin call answers ADMIN_PIN_NOT_SET, 123456 opens nothing', async () => {
    const c = await ui();
    const s = await c.request({ type: 'getSettings' });
    expect(s.value).toEqual({ retentionDays: 30, resultTimeoutSeconds: 60, mode: 'assisted', demo: true, readers: {}, pinSet: false, pinIsDefault: false, scannerPrefix: '', scannerSuffix: '', workflows: { hospital: HOSPITAL_DEFAULTS, bank: BANK_DEFAULTS } });
    expect((await c.request({ type: 'status' })).value.pinSet).toBe(false);
    expect(sqlGetSetting(kiosk.storage.read, 'admin.pin')).toBeUndefined();
    const fake = 'A'.repeat(43);
    for (const body of [
      { type: 'adminUnlock', pin: '123456' },
      { type: 'updateSettings', session: fake, patch: { retentionDays: 1 } },
      { type: 'updateSettings', session: fake, patch: { scannerPrefix: ']Q1' } },
      { type: 'configureReader', session: fake, readerId: 'virtual:0', label: 'x' },
      { type: 'changeAdminPin', session: fake, newPin: NEW_PIN },
      { type: 'exitKiosk', session: fake },
    ]) {
      const r = await c.request(body);
      expect([body.type, r.error?.code]).toEqual([body.type, 'ADMIN_PIN_NOT_SET']);
      expect(r.error.messageVi).toContain('chipid admin set-pin');
      expect(r.error.message).toContain('chipid admin set-pin');
    }
    c.close();
  });

  it('the first PIN: a weak one is refused; of two at once exactly one wins; then ADMIN_PIN_ALREADY_SET; audited', async () => {
    const a = await ui();
    const b = await ui();
    expect((await a.request({ type: 'setFirstAdminPin', newPin: '123456' })).error.code).toBe('ADMIN_PIN_WEAK');
    const [ra, rb] = await Promise.all([a.request({ type: 'setFirstAdminPin', newPin: FIRST_PIN }), b.request({ type: 'setFirstAdminPin', newPin: '917253' })]);
    const winners = [ra, rb].filter((r) => r.ok);
    expect(winners).toHaveLength(1);
    expect([ra, rb].find((r) => !r.ok)?.error.code).toBe('ADMIN_PIN_ALREADY_SET');
    expect(winners[0]!.value.session).toMatch(/^[A-Za-z0-9_-]{43}$/);
    if (!ra.ok) {
      // b won with its PIN: make FIRST_PIN the PIN, as the rest of these tests expect.
      await b.request({ type: 'changeAdminPin', session: rb.value.session, newPin: FIRST_PIN });
    }
    expect((await a.request({ type: 'setFirstAdminPin', newPin: '640271' })).error.code).toBe('ADMIN_PIN_ALREADY_SET');
    expect((await a.request({ type: 'status' })).value.pinSet).toBe(true);
    const pin = sqlGetSetting(kiosk.storage.read, 'admin.pin') ?? '';
    expect(JSON.parse(pin)).toMatchObject({ alg: 'scrypt', isDefault: false });
    expect(pin).not.toContain(FIRST_PIN);
    expect(listAudit(kiosk.storage.read, { limit: 10_000 }).filter((e) => e.action === 'admin.pin_set_first')).toHaveLength(1);
    a.close();
    b.close();
  });

  it("a paired 'hospital' client gets API_FORBIDDEN for every admin and settings call, even with the right PIN", async () => {
    const h = await Client.open(server.url, HIS, hospitalToken);
    const fake = 'A'.repeat(43);
    const calls: Msg[] = [
      { type: 'adminUnlock', pin: FIRST_PIN },
      { type: 'setFirstAdminPin', newPin: NEW_PIN },
      { type: 'getSettings' },
      { type: 'trustStatus' },
      { type: 'updateSettings', session: fake, patch: { retentionDays: 1 } },
      { type: 'updateSettings', session: fake, patch: { scannerSuffix: '#' } },
      { type: 'configureReader', session: fake, readerId: 'virtual:0', label: 'x' },
      { type: 'changeAdminPin', session: fake, newPin: NEW_PIN },
      { type: 'exitKiosk', session: fake },
    ];
    for (const body of calls) {
      const r = await h.request(body);
      expect([body.type, r.ok, r.error?.code]).toEqual([body.type, false, 'API_FORBIDDEN']);
      expect(r.error.messageVi.length).toBeGreaterThan(10);
    }
    // Still an ordinary client for reading.
    expect((await h.request({ type: 'listReaders' })).ok).toBe(true);
    h.close();
  });

  it('a wrong PIN answers unlocked: false; a made-up session is refused', async () => {
    const c = await ui();
    expect((await c.request({ type: 'adminUnlock', pin: '000000' })).value).toEqual({ unlocked: false });
    expect((await c.request({ type: 'adminUnlock', pin: 'abc' })).error.code).toBe('API_INVALID_FIELD');
    const r = await c.request({ type: 'updateSettings', session: 'B'.repeat(43), patch: { mode: 'self-service' } });
    const r2 = await c.request({ type: 'updateSettings', session: 'B'.repeat(43), patch: { scannerPrefix: ']Q1' } });
    expect(r2.error?.code).toBe('ADMIN_SESSION_INVALID');
    expect((await c.request({ type: 'getSettings' })).value).toMatchObject({ scannerPrefix: '', scannerSuffix: '' });
    expect(r.error.code).toBe('ADMIN_SESSION_INVALID');
    c.close();
  });

  it('unlock, refuse a guessable new PIN, change the PIN; the old one stops working', async () => {
    const c = await ui();
    const u = await c.request({ type: 'adminUnlock', pin: FIRST_PIN });
    expect(u.value.unlocked).toBe(true);
    expect(u.value.session).toMatch(/^[A-Za-z0-9_-]{43}$/);
    session = u.value.session;
    for (const weak of ['111111', '123456', '987654']) {
      expect((await c.request({ type: 'changeAdminPin', session, newPin: weak })).error.code).toBe('ADMIN_PIN_WEAK');
    }
    expect((await c.request({ type: 'changeAdminPin', session, newPin: '12345' })).error.code).toBe('API_INVALID_FIELD');
    const before = c.msgs.filter((m) => m.type === 'settingsChanged').length;
    expect((await c.request({ type: 'changeAdminPin', session, newPin: NEW_PIN })).value).toEqual({ changed: true });
    await c.next(() => c.msgs.filter((m) => m.type === 'settingsChanged').length > before);
    expect((await c.request({ type: 'adminUnlock', pin: FIRST_PIN })).value.unlocked).toBe(false);
    c.close();
  });

  it('settings and a reader label apply at once, with events to the kiosk UI only', async () => {
    const c = await ui();
    const h = await Client.open(server.url, HIS, hospitalToken);
    const bad = [
      { type: 'updateSettings', session, patch: { retentionDays: 0 } },
      { type: 'updateSettings', session, patch: { resultTimeoutSeconds: 1 } },
      { type: 'updateSettings', session, patch: { demo: false } },
      { type: 'updateSettings', session, patch: { scannerPrefix: '\u0002' } },
      { type: 'updateSettings', session, patch: { scannerSuffix: '123456789' } },
      { type: 'configureReader', session, readerId: 'virtual:0', label: 'CCCD 001099012345' },
    ];
    for (const b of bad) expect((await c.request(b)).ok).toBe(false);
    const s = await c.request({ type: 'updateSettings', session, patch: { retentionDays: 90, resultTimeoutSeconds: 5, mode: 'self-service', scannerPrefix: ']Q1', scannerSuffix: '#' } });
    expect(s.value).toMatchObject({ retentionDays: 90, resultTimeoutSeconds: 5, mode: 'self-service', pinSet: true, scannerPrefix: ']Q1', scannerSuffix: '#' });
    await c.next((m) => m.type === 'settingsChanged' && m.settings.scannerPrefix === ']Q1');
    const r = await c.request({ type: 'configureReader', session, readerId: 'virtual:0', label: ' Quầy tiếp đón ', counter: 'Quầy 2' });
    expect(r.value).toMatchObject({ id: 'virtual:0', label: 'Quầy tiếp đón', counter: 'Quầy 2' });
    await c.next((m) => m.type === 'readerChanged' && m.reader.label === 'Quầy tiếp đón');
    await c.next((m) => m.type === 'settingsChanged' && Object.values(m.settings.readers).some((x: any) => x.label === 'Quầy tiếp đón'));
    await h.next((m) => m.type === 'readerChanged' && m.reader.label === 'Quầy tiếp đón');
    expect(h.msgs.filter((m) => m.type === 'settingsChanged')).toEqual([]);
    const t = await c.request({ type: 'trustStatus' });
    expect(t.value.vietnamCsca.present).toBe(true);
    expect(t.value.vietnamCsca.notAfter).toMatch(/^20\d\d-/);
    expect(t.value.certificates).toBeGreaterThanOrEqual(1);
    expect(t.value.sources.some((x: Msg) => x.kind === 'masterlist' && x.verified === true)).toBe(true);
    // The browser has no kiosk shell: leaving kiosk mode is Electron's (after the session check).
    expect((await c.request({ type: 'exitKiosk', session })).error.code).toBe('UNSUPPORTED');
    c.close();
    h.close();
  });

  it('survives a restart of the service: settings, the label by reader name, the new PIN', async () => {
    await stop();
    await start();
    const c = await ui();
    const s = (await c.request({ type: 'getSettings' })).value;
    expect(s).toMatchObject({ retentionDays: 90, resultTimeoutSeconds: 5, mode: 'self-service', pinSet: true, scannerPrefix: ']Q1', scannerSuffix: '#' });
    expect(s.readers['Đầu đọc ảo 1 / Virtual reader 1']).toEqual({ label: 'Quầy tiếp đón', counter: 'Quầy 2' });
    const readers = (await c.request({ type: 'listReaders' })).value;
    expect(readers.find((r: Msg) => r.id === 'virtual:0')).toMatchObject({ label: 'Quầy tiếp đón', counter: 'Quầy 2' });
    expect((await c.request({ type: 'updateSettings', session, patch: { mode: 'assisted' } })).error.code).toBe('ADMIN_SESSION_INVALID');
    expect((await c.request({ type: 'adminUnlock', pin: NEW_PIN })).value.unlocked).toBe(true);
    c.close();
  });

  it('every change is audited without a PIN or a session, and the chain verifies', () => {
    const entries = listAudit(kiosk.storage.read, { limit: 10_000 });
    const actions = entries.map((e) => e.action);
    for (const a of ['admin.pin_set_first', 'admin.unlock_failed', 'admin.unlocked', 'admin.pin_changed', 'setting.changed', 'retention.purge', 'reader.configured']) {
      expect(actions, a).toContain(a);
    }
    const keys = entries.filter((e) => e.action === 'setting.changed').map((e) => e.details.key);
    expect(keys).toEqual(expect.arrayContaining(['retentionDays', 'resultTimeoutSeconds', 'mode', 'scannerPrefix', 'scannerSuffix']));
    expect(entries.find((e) => e.action === 'setting.changed' && e.details.key === 'scannerPrefix')).toMatchObject({ actor: 'operator', details: { from: '', to: ']Q1' } });
    expect(entries.find((e) => e.action === 'reader.configured')?.details).toMatchObject({ label: 'Quầy tiếp đón', counter: 'Quầy 2' });
    const text = JSON.stringify(entries.map((e) => [e.actor, e.action, e.details]));
    expect(text).not.toContain(NEW_PIN);
    expect(text).not.toContain(FIRST_PIN);
    expect(text).not.toContain(session);
    expect(verifyAuditChain(kiosk.storage.read)).toEqual({ ok: true, entries: entries.length });
  });

  it('five wrong PINs lock the admin calls (ADMIN_LOCKED, even for the right PIN) and the lock is audited', async () => {
    const c = await ui();
    for (let i = 0; i < 5; i++) expect((await c.request({ type: 'adminUnlock', pin: '999999' })).value).toEqual({ unlocked: false });
    const r = await c.request({ type: 'adminUnlock', pin: NEW_PIN });
    expect(r.error.code).toBe('ADMIN_LOCKED');
    expect(r.error.messageVi).toMatch(/Chờ 5 phút/);
    expect(listAudit(kiosk.storage.read, { limit: 10_000 }).some((e) => e.action === 'admin.locked')).toBe(true);
    c.close();
  });
});

describe('AdminGuard (clock injected)', () => {
  it('the lock lifts after 5 minutes; a session ends after 10', async () => {
    const d = mkdtempSync(join(tmpdir(), 'chipid-admin-guard-'));
    const storage = openStorage(d, { retention: false, checkpointIntervalMs: false });
    try {
      let now = 1_000_000;
      const g = new AdminGuard(storage, { env: { CHIPID_ADMIN_PIN: '5731' }, now: () => now });
      await g.init();
      expect(g.pinSet).toBe(true);
      expect(listAudit(storage.read, { limit: 100 }).find((e) => e.action === 'admin.pin_initialised')?.details).toEqual({ source: 'environment' });
      for (let i = 0; i < 5; i++) expect((await g.unlock('0000', 'test')).unlocked).toBe(false);
      const locked = await g.unlock('5731', 'test').catch((e: unknown) => e);
      expect(locked instanceof AdminError && locked.code).toBe('ADMIN_LOCKED');
      // a restart (a new guard on the same store) keeps the lock
      const g2 = new AdminGuard(storage, { env: { CHIPID_ADMIN_PIN: '5731' }, now: () => now });
      const stillLocked = await g2.unlock('5731', 'test').catch((e: unknown) => e);
      expect(stillLocked instanceof AdminError && stillLocked.code).toBe('ADMIN_LOCKED');
      now += WRONG_PIN_WINDOW_MS;
      const u = await g.unlock('5731', 'test');
      expect(u.unlocked).toBe(true);
      expect(() => g.require(u.session!)).not.toThrow();
      now += ADMIN_SESSION_MS;
      expect(() => g.require(u.session!)).toThrow(/admin session/);
    } finally {
      storage.close();
      rmSync(d, { recursive: true, force: true });
    }
  });

  it('CHIPID_ADMIN_PIN sets the PIN only while none is set; a PIN record of an older version flagged default counts as none', async () => {
    const d = mkdtempSync(join(tmpdir(), 'chipid-admin-env-'));
    const storage = openStorage(d, { retention: false, checkpointIntervalMs: false });
    try {
      const none = new AdminGuard(storage, { env: {} });
      await none.init();
      expect(none.pinSet).toBe(false);
      expect(await none.unlock('123456', 'test').catch((e: unknown) => e instanceof AdminError && e.code)).toBe('ADMIN_PIN_NOT_SET');
      // A stored default from an older version (the hash of 123456 flagged isDefault) is no PIN.
      const { hashPin } = await import('../../../../electron/service/admin.js');
      const { sqlPutSetting } = await import('../../../../electron/service/storage/sql.js');
      sqlPutSetting(storage.write, 'admin.pin', JSON.stringify(await hashPin('123456', true)), new Date().toISOString());
      expect(new AdminGuard(storage, { env: {} }).pinSet).toBe(false);
      const env = new AdminGuard(storage, { env: { CHIPID_ADMIN_PIN: '5731' } });
      await env.init();
      expect((await env.unlock('5731', 'test')).unlocked).toBe(true);
      // The operator's PIN (set by the CLI here) is never overridden by the environment.
      const cli = new AdminGuard(storage, { env: {} });
      await expect(cli.setPinFromCli('482913', { replace: false })).rejects.toMatchObject({ code: 'ADMIN_PIN_ALREADY_SET' });
      expect(await cli.setPinFromCli('482913', { replace: true })).toBe('replaced');
      const later = new AdminGuard(storage, { env: { CHIPID_ADMIN_PIN: '9999' } });
      await later.init();
      expect((await later.unlock('482913', 'test')).unlocked).toBe(true);
      // A PIN set by another process applies to a running guard at once (re-read at each use).
      expect((await env.unlock('482913', 'test')).unlocked).toBe(true);
    } finally {
      storage.close();
      rmSync(d, { recursive: true, force: true });
    }
  });

  it('guessable PINs', () => {
    expect(['123456', '000000', '234567', '876543', '1111111'].map(pinIsWeak)).toEqual([true, true, true, true, true]);
    expect(['482913', '120000', '135790'].map(pinIsWeak)).toEqual([false, false, false]);
  });
});
