/**
 * The hospital workflow end to end through the service's API (the same dispatch the WebSocket and IPC use):
 * a verified tap at a hospital counter → pending read with the insurance answer of the gateway fake (real
 * HTTP) → check-in → queue number, ticket on the printer fake (real TCP), FHIR bundle to the HIS receiver
 * (real HTTP, through the outbox). Then the morning's failures: gateway down (check-in still works,
 * unchecked, answered later by the retry job), printer out of paper (reprint), an unverified card (only a
 * supervisor's override), a read that differs from the registry (confirmation needed).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKioskService, type KioskService } from '../../electron/service/kiosk.js';
import { dispatch, UI_PRINCIPAL } from '../../electron/service/api/core.js';
import type { ApiRequest } from '../../electron/service/workflows/contracts.js';
import { addOperator } from '../../electron/service/operators.js';
import { saveDepartment } from '../../electron/service/workflows/hospital/store/index.js';
import { startFakeGateway, DEMO_CARDS, type FakeGateway } from '../../electron/devkit/bhyt-fake.js';
import { startFakePrinter } from '../../electron/devkit/fake-printer.js';
import { startFakeHis } from '../../electron/devkit/fake-his.js';
import type { ServiceEvent } from '../../electron/contract/types.js';
import type { CheckinResultView, PendingView } from '../../electron/service/workflows/hospital/contract.js';
import { demoCards } from '../helpers/demo-cards.js';

const ID = '001099012345';
const GW = { username: 'bv-test', password: 'mat-khau-thu' };
let dir: string;
let k: KioskService;
let gateway: FakeGateway;
let printer: Awaited<ReturnType<typeof startFakePrinter>>;
let his: Awaited<ReturnType<typeof startFakeHis>>;
let reception: string;
let supervisor: string;
const events: ServiceEvent[] = [];

async function call<T>(type: string, params: Record<string, unknown> = {}): Promise<T> {
  const r = await dispatch(k, UI_PRINCIPAL, { type, id: 't', ...params } as unknown as ApiRequest, new Map());
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

async function until<T>(f: () => T | undefined | Promise<T | undefined>, what: string, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Taps the demo card (profile) and waits for the read's result. */
async function tap(profile = 'cccd-2021'): Promise<void> {
  const n = events.length;
  await k.demoCard('virtual:0', 'insert', profile);
  await k.startRead('virtual:0', { id: ID }, { photo: false });
  await until(() => events.slice(n).find((e) => e.type === 'session' && e.readerId === 'virtual:0' && (e.session.state === 'result' || e.session.state === 'error')), 'the read');
  await k.demoCard('virtual:0', 'remove');
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'chipid-hospital-'));
  gateway = await startFakeGateway({ ...GW, cards: DEMO_CARDS });
  printer = await startFakePrinter();
  his = await startFakeHis();
  k = await createKioskService({
    dataDir: dir,
    demo: { cards: demoCards(), readers: 1 },
    pcsc: false,
    resultTimeoutMs: 0,
    defaultWorkflow: 'hospital',
    env: { CHIPID_BHYT_URL: gateway.url, CHIPID_BHYT_USERNAME: GW.username, CHIPID_BHYT_PASSWORD: GW.password, CHIPID_TICKET_PRINTER: printer.url, CHIPID_HIS_WEBHOOK: his.url },
  });
  k.subscribe((e) => void events.push(e));
  await k.setFirstAdminPin('730194');
  reception = (await addOperator(k.storage, { name: 'Lê Thị Tiếp Đón', cccd: '001190000123', role: 'reception', pin: '482615' }, 'test')).id;
  supervisor = (await addOperator(k.storage, { name: 'Trần Văn Giám Sát', cccd: '001185000456', role: 'supervisor', pin: '739204' }, 'test')).id;
  saveDepartment(k.storage, { code: 'K01', name: 'Khám Nội', prefix: 'A', active: true }, 'test');
  saveDepartment(k.storage, { code: 'K02', name: 'Khám Ngoại', prefix: 'B', active: true }, 'test');
}, 60_000);

afterAll(async () => {
  await k?.close();
  await Promise.allSettled([gateway?.close(), printer?.close(), his?.close()]);
  rmSync(dir, { recursive: true, force: true });
});

describe('hospital reception through the API', () => {
  it('refuses a check-in until an operator is signed in at the counter', async () => {
    await tap();
    expect(await codeOf(call('hospitalCheckin', { readerId: 'virtual:0', department: 'K01' }))).toBe('HOSPITAL_NO_OPERATOR');
    expect(await codeOf(call('signIn', { readerId: 'virtual:0', operatorId: reception, pin: '000000' }))).toBe('OPERATOR_PIN_WRONG');
    const view = await call<{ operator?: string }>('signIn', { readerId: 'virtual:0', operatorId: reception, pin: '482615' });
    expect(view.operator).toBe(reception);
  });

  it('a verified tap: insurance looked up with the operator, check-in, queue number, ticket printed, FHIR to the HIS', async () => {
    await tap();
    const pending = await until(async () => {
      const p = await call<PendingView | null>('hospitalPending', { readerId: 'virtual:0' });
      return p && p.insurance.status !== 'unchecked' ? p : undefined;
    }, 'the insurance answer');
    expect(pending.verdict).toBe('verified');
    expect(pending.patient.cccd).toBe(ID);
    expect(pending.newPatient).toBe(true);
    expect(pending.insurance.status).toBe('insured');
    // Since 2024 every lookup names the staff member: the gateway saw the signed-in operator.
    expect(gateway.stats.lastCheck).toMatchObject({ hoTenCb: 'Lê Thị Tiếp Đón', cccdCb: '001190000123' });
    const job = printer.nextJob();
    const r = await call<CheckinResultView>('hospitalCheckin', { readerId: 'virtual:0', department: 'K01' });
    expect(r.verdict).toBe('verified');
    expect(r.visit).toMatchObject({ department: 'K01', queueNumber: 1, queueLabel: 'A001', operatorId: reception, identitySource: 'chip', override: null });
    expect(r.insurance.status).toBe('insured');
    expect(r.print).toEqual({ printed: true });
    expect((await job).length).toBeGreaterThan(50);
    expect(r.fhir.resourceType).toBe('Bundle');
    await until(() => (his.uniqueKeys().includes(r.visit.visitId) ? true : undefined), 'the HIS delivery', 60_000);
    // The read is used once: a second check-in needs a new tap.
    expect(await codeOf(call('hospitalCheckin', { readerId: 'virtual:0', department: 'K01' }))).toBe('HOSPITAL_NO_READ');
    expect(events.some((e) => e.type === 'workflow' && e.workflow === 'hospital' && e.name === 'checkin')).toBe(true);
  });

  it('queue numbers go on per department; today\'s list has the visits', async () => {
    await tap();
    const a = await call<CheckinResultView>('hospitalCheckin', { readerId: 'virtual:0', department: 'K01' });
    await tap();
    const b = await call<CheckinResultView>('hospitalCheckin', { readerId: 'virtual:0', department: 'K02' });
    expect([a.visit.queueLabel, b.visit.queueLabel]).toEqual(['A002', 'B001']);
    const list = await call<{ visit: { visitId: string } }[]>('hospitalVisits', { department: 'K01' });
    expect(list.map((x) => x.visit.visitId)).toContain(a.visit.visitId);
    expect(list.map((x) => x.visit.visitId)).not.toContain(b.visit.visitId);
  });

  it('gateway down: the check-in still works, unchecked, and the retry job answers it once the gateway is back', async () => {
    gateway.setMode('down');
    await tap();
    const r = await call<CheckinResultView>('hospitalCheckin', { readerId: 'virtual:0', department: 'K01' });
    expect(r.insurance.status).toBe('unchecked');
    gateway.setMode('ok');
    const ins = await call<{ status: string }>('hospitalRetryInsurance', { visitId: r.visit.visitId });
    expect(ins.status).toBe('insured');
    const list = await call<{ visit: { visitId: string; insurance: { status: string } } }[]>('hospitalVisits', {});
    expect(list.find((x) => x.visit.visitId === r.visit.visitId)?.visit.insurance.status).toBe('insured');
  });

  it('printer out of paper: the visit is kept, the answer says so, reprint works once paper is back', async () => {
    printer.setMode('no-paper');
    await tap();
    const r = await call<CheckinResultView>('hospitalCheckin', { readerId: 'virtual:0', department: 'K01' });
    expect(r.print).toEqual({ printed: false, errorCode: 'HOSPITAL_PRINTER_NO_PAPER' });
    printer.setMode('ok');
    expect(await call('hospitalReprint', { readerId: 'virtual:0', visitId: r.visit.visitId })).toEqual({ printed: true });
  });

  it('an unverified card: no check-in without a supervisor; a receptionist cannot override; the override is recorded', async () => {
    await tap('cccd-tampered-dg13');
    const p = await call<PendingView | null>('hospitalPending', { readerId: 'virtual:0' });
    expect(p?.verdict).not.toBe('verified');
    expect(p?.identitySource).toBe('chip-unverified');
    expect(await codeOf(call('hospitalCheckin', { readerId: 'virtual:0', department: 'K01' }))).toBe('HOSPITAL_NOT_VERIFIED');
    const asReception = { supervisorId: reception, pin: '482615', reason: 'thử' };
    expect(await codeOf(call('hospitalCheckin', { readerId: 'virtual:0', department: 'K01', confirmChanges: true, override: asReception }))).toBe('HOSPITAL_OVERRIDE_REFUSED');
    const ok = { supervisorId: supervisor, pin: '739204', reason: 'Chip hỏng, đã đối chiếu ảnh' };
    const r = await call<CheckinResultView>('hospitalCheckin', { readerId: 'virtual:0', department: 'K01', confirmChanges: true, override: ok });
    expect(r.visit.identitySource).toBe('chip-unverified');
    expect(r.visit.override).toEqual({ supervisorId: supervisor, reason: ok.reason });
  });

  it('patient search by ID and by name + date of birth without diacritics', async () => {
    const byId = await call<{ cccd: string }[]>('hospitalSearchPatients', { cccd: ID });
    expect(byId.map((p) => p.cccd)).toEqual([ID]);
    const full = byId[0] as unknown as { fullName: string; dateOfBirth: string };
    const folded = full.fullName.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();
    const byName = await call<{ cccd: string }[]>('hospitalSearchPatients', { name: folded, dateOfBirth: full.dateOfBirth });
    expect(byName.map((p) => p.cccd)).toContain(ID);
  });
});
