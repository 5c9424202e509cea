/**
 * The managers' dashboard through the service's API (the dispatch the WebSocket and IPC use), with real SQLite
 * and the virtual card: reads of a genuine, a cloned and a tampered card and a wrong key fill the dashboard a
 * supervisor opens with their PIN; a receptionist is refused; a session is needed for every figure; the CSV
 * and PDF exports hold the period's figures and no personal data.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKioskService, type KioskService } from '../../electron/service/kiosk.js';
import { dispatch, UI_PRINCIPAL } from '../../electron/service/api/core.js';
import { API_METHODS, type ApiRequest } from '../../electron/service/workflows/contracts.js';
import { validateRequest } from '../../electron/contract/validate.js';
import { addOperator } from '../../electron/service/operators.js';
import type { ServiceEvent } from '../../electron/contract/types.js';
import type { Dashboard } from '../../electron/contract/dashboard.js';
import { fleetAfter } from '../../electron/service/storage/index.js';
import { demoCards } from '../helpers/demo-cards.js';

const ID = '001099012345';
const R0 = 'virtual:0';
let dir: string;
let k: KioskService;
let supervisor: string;
let reception: string;
const events: ServiceEvent[] = [];

async function call<T>(type: string, params: Record<string, unknown> = {}): Promise<T> {
  const req = validateRequest({ type, id: 't', ...params }, API_METHODS);
  if (!req.ok) throw Object.assign(new Error(req.error.code), { info: req.error });
  const r = await dispatch(k, UI_PRINCIPAL, req.value as ApiRequest, new Map());
  if (!r.ok) throw Object.assign(new Error(r.error.code), { info: r.error });
  return r.value as T;
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    return (e as { info?: { code: string } }).info?.code ?? String(e);
  }
}

async function read(profile: string, key: { id: string }): Promise<void> {
  const n = events.length;
  await k.demoCard(R0, 'insert', profile);
  await k.startRead(R0, key, { photo: false });
  const end = Date.now() + 120_000;
  while (!events.slice(n).some((e) => e.type === 'session' && e.readerId === R0 && (e.session.state === 'result' || e.session.state === 'error'))) {
    if (Date.now() > end) throw new Error(`timed out reading ${profile}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  await k.demoCard(R0, 'remove');
  await new Promise((r) => setTimeout(r, 50));
}

const period = () => ({ fromMs: Date.now() - 86_400_000, toMs: Date.now() + 3_600_000, bucket: 'hour' as const, tzOffsetMin: 420 });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'chipid-dash-'));
  k = await createKioskService({ dataDir: dir, demo: { cards: demoCards(), readers: 1 }, pcsc: false, resultTimeoutMs: 0, env: {} });
  k.subscribe((e) => void events.push(e));
  supervisor = (await addOperator(k.storage, { name: 'Trần Văn Giám Sát', cccd: '001185000456', role: 'supervisor', pin: '739204' }, 'test')).id;
  reception = (await addOperator(k.storage, { name: 'Phạm Thu Tiếp Đón', cccd: '001190000123', role: 'reception', pin: '482615' }, 'test')).id;
  await call('signIn', { readerId: R0, operatorId: reception, pin: '482615' });
}, 120_000);

afterAll(async () => {
  await k?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('dashboard through the API', () => {
  it('a receptionist is refused, a wrong PIN is refused, and no figure is given without a session', async () => {
    expect(await codeOf(call('dashboardUnlock', { operatorId: reception, pin: '482615' }))).toBe('DASHBOARD_FORBIDDEN');
    expect(await codeOf(call('dashboardUnlock', { operatorId: supervisor, pin: '111111' }))).toBe('OPERATOR_PIN_WRONG');
    expect(await codeOf(call('dashboardQuery', { session: 'nope', ...period() }))).toBe('DASHBOARD_SESSION_INVALID');
    expect(await codeOf(call('dashboardExport', { session: 'nope', ...period(), format: 'csv' }))).toBe('DASHBOARD_SESSION_INVALID');
  });

  it('fills as reads happen: verified, clone, tampered and a wrong key, each where a manager looks for it', async () => {
    const { session, operator } = await call<{ session: string; operator: { role: string; name: string } }>('dashboardUnlock', { operatorId: supervisor, pin: '739204' });
    expect(operator).toMatchObject({ role: 'supervisor', name: 'Trần Văn Giám Sát' });
    const before = await call<Dashboard>('dashboardQuery', { session, ...period() });
    expect(before.totals.reads).toBe(0);

    await read('cccd-2021', { id: ID });
    const one = await call<Dashboard>('dashboardQuery', { session, ...period() });
    expect(one.totals).toMatchObject({ reads: 1, verified: 1 });

    await read('cccd-clone', { id: ID });
    await read('cccd-tampered-dg13', { id: ID });
    await read('cccd-2021', { id: '001099099999' }); // the wrong ID number: the chip refuses the key
    const d = await call<Dashboard>('dashboardQuery', { session, ...period() });
    expect(d.source).toBe('kiosk');
    expect(d.totals).toMatchObject({ reads: 4, verified: 1, notVerified: 2, errors: 1, alerts: 2 });
    expect(d.reads.t).toHaveLength(26);
    expect(d.failures.map((f) => f.category).sort()).toEqual(['access', 'tier', 'tier']);
    expect(d.failures.find((f) => f.category === 'access')!.code).toBe('ACCESS_DENIED');
    expect(d.alerts.map((a) => a.alert).sort()).toEqual(['clone', 'tamper']);
    expect(d.alerts.find((a) => a.alert === 'clone')!.code).toBe('CA_FAILED');
    expect(d.readers).toHaveLength(1);
    expect(d.readers[0]).toMatchObject({ reads: 4, errors: 1 });
    expect(d.latency.counts.reduce((a, b) => a + b, 0)).toBe(3);
    expect(d.latency.p50).not.toBeNull();
    // Nothing personal reached the outbox: no ID number, not even its last four digits.
    const outbox = JSON.stringify(fleetAfter(k.storage.read, 0, 100));
    expect(outbox).not.toContain('2345');
    expect(outbox).toContain(reception);
  }, 300_000);

  it('exports the period as CSV (with a BOM, every section) and as PDF', async () => {
    const { session } = await call<{ session: string }>('dashboardUnlock', { operatorId: supervisor, pin: '739204' });
    const csv = await call<{ fileName: string; mime: string; base64: string }>('dashboardExport', { session, ...period(), format: 'csv' });
    expect(csv.fileName).toMatch(/^chipid-dashboard-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = Buffer.from(csv.base64, 'base64').toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text).toContain('Lý do thất bại / Failure reasons');
    expect(text).toMatch(/ACCESS_DENIED,access,1/);
    expect(text).not.toContain('2345');
    const pdf = await call<{ fileName: string; mime: string; base64: string }>('dashboardExport', { session, ...period(), format: 'pdf' });
    expect(pdf.mime).toBe('application/pdf');
    expect(Buffer.from(pdf.base64, 'base64').subarray(0, 5).toString('latin1')).toBe('%PDF-');
  }, 120_000);

  it('refuses a period that ends before it starts or is longer than a year', async () => {
    const { session } = await call<{ session: string }>('dashboardUnlock', { operatorId: supervisor, pin: '739204' });
    expect(await codeOf(call('dashboardQuery', { session, fromMs: 10, toMs: 5, bucket: 'day' }))).toBe('DASHBOARD_PERIOD_INVALID');
    expect(await codeOf(call('dashboardQuery', { session, fromMs: 0, toMs: 400 * 86_400_000, bucket: 'day' }))).toBe('DASHBOARD_PERIOD_INVALID');
    expect(await codeOf(call('dashboardQuery', { session, fromMs: 0, toMs: 5, bucket: 'week' }))).toBe('API_INVALID_FIELD');
  });
});
