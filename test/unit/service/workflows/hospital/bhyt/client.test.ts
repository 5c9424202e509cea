// The BHYT adapter against the gateway fake over real HTTP on 127.0.0.1 (the fake implements COUNTERS.md's contract).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_CARDS, startFakeGateway, type FakeCard, type FakeGateway } from '../../../../../../electron/devkit/bhyt-fake.js';
import { BhytGateway, gatewayConfigFromEnv, md5Hex, toGatewayDate, type GatewayConfig, type LookupQuery } from '../../../../../../electron/service/workflows/hospital/bhyt/client.js';
import { statusOfCode } from '../../../../../../electron/service/workflows/hospital/bhyt/codes.js';
import { InsuranceSchema } from '../../../../../../electron/service/workflows/hospital/contract.js';
import { HospitalError, type HospitalErrorCode } from '../../../../../../electron/service/workflows/hospital/errors.js';
import { PERSON_A, PERSON_B, PERSON_PASSPORT } from '../../../../../../electron/vcard/person.js';

const USER = 'kiosk-test';
const PASSWORD = 'S3cret-pass!';
const STAFF = { hoTenCb: 'Phạm Thu Hà', cccdCb: '001190007777' };

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((f) => f.close()));
});

async function fake(o: { ttl?: number; cards?: FakeCard[] } = {}): Promise<FakeGateway> {
  const f = await startFakeGateway({ username: USER, password: PASSWORD, tokenTtlSeconds: o.ttl, cards: o.cards ?? DEMO_CARDS });
  open.push(f);
  return f;
}

/** Real fetch, remembering every token the gateway handed out, so a test can look for them where they must not be. */
function recording(): { fetch: typeof fetch; secrets: string[] } {
  const secrets: string[] = [];
  const f: typeof fetch = async (input, init) => {
    const res = await fetch(input, init);
    const text = await res.clone().text();
    for (const m of text.matchAll(/"(?:access_token|id_token)":"([^"]+)"/g)) secrets.push(m[1]!);
    return res;
  };
  return { fetch: f, secrets };
}

function gateway(f: { url: string }, extra: Partial<GatewayConfig> & { now?: () => number; password?: string } = {}) {
  const rec = recording();
  const { now, password, ...cfg } = extra;
  const g = new BhytGateway({ baseUrl: f.url, username: USER, passwordMd5: md5Hex(password ?? PASSWORD), timeoutMs: 10_000, ...cfg }, { now, fetch: rec.fetch });
  return { g, secrets: rec.secrets };
}

const queryOf = (c: FakeCard, over: Partial<LookupQuery> = {}): LookupQuery => ({ maThe: c.maThe, hoTen: c.hoTen, ngaySinh: c.ngaySinh, ...STAFF, ...over });
const card = (code: string): FakeCard => DEMO_CARDS.find((c) => c.code === code)!;

/** The error is a HospitalError with `code`, and nothing secret or personal appears anywhere in it. */
async function expectHospitalError(p: Promise<unknown>, code: HospitalErrorCode, secrets: string[], q?: LookupQuery): Promise<HospitalError> {
  const e: unknown = await p.then(() => undefined, (x: unknown) => x);
  expect(e).toBeInstanceOf(HospitalError);
  const he = e as HospitalError;
  expect(he.code).toBe(code);
  const everything = [he.message, he.messageVi, he.messageEn, JSON.stringify(he.toJSON()), String(he.stack), String(he.cause)].join('\n');
  const forbidden = [PASSWORD, md5Hex(PASSWORD), md5Hex('wrong password'), ...secrets];
  if (q) forbidden.push(q.maThe, q.hoTen, q.ngaySinh, q.hoTenCb, q.cccdCb);
  for (const s of forbidden) expect(everything.includes(s), `error text contains a secret or personal value`).toBe(false);
  return he;
}

describe('BhytGateway against the fake gateway', () => {
  it('logs in with the MD5 of the password and answers the main demo person as insured, dates and history converted', async () => {
    const f = await fake();
    const { g } = gateway(f, { now: () => Date.parse('2026-12-03T08:00:00Z') });
    const r = await g.lookup(queryOf(card('000')));
    expect(f.stats.lastLoginPassword).toBe(md5Hex(PASSWORD));
    expect(f.stats.lastLoginPassword).not.toBe(PASSWORD);
    expect(f.stats.lastCheck).toEqual(STAFF);
    expect(v.safeParse(InsuranceSchema, r).success).toBe(true);
    expect(r).toMatchObject({ status: 'insured', code: '000', note: 'Thẻ còn giá trị sử dụng!', cardCode: 'DN4010123456789', validFrom: '2026-01-01', validTo: '2026-12-31', primaryFacility: '01001', historyCount: 3, checkedAt: '2026-12-03T08:00:00.000Z' });
    expect(r.history.map((h) => h.admittedAt)).toEqual(['2026-11-02T09:00:00+07:00', '2026-03-10T08:15:00+07:00', '2025-07-21T07:30:00+07:00']);
    expect(r.history[0]).toEqual({ facility: '01013', admittedAt: '2026-11-02T09:00:00+07:00', dischargedAt: '2026-11-02T11:45:00+07:00', diagnosis: 'Đau thắt lưng' });
  });

  it('keeps the token across lookups and shares one login between lookups made together', async () => {
    const f = await fake();
    const { g } = gateway(f);
    await Promise.all([g.lookup(queryOf(card('000'))), g.lookup(queryOf(card('010')))]);
    await g.lookup(queryOf(card('004')));
    expect(f.stats).toMatchObject({ logins: 1, checks: 3 });
  });

  it('takes exactly one new token and retries once when the gateway answers 401', async () => {
    const f = await fake();
    const { g } = gateway(f);
    await g.lookup(queryOf(card('000')));
    f.setMode('expireTokens');
    const r = await g.lookup(queryOf(card('000')));
    expect(r.status).toBe('insured');
    expect(f.stats).toMatchObject({ logins: 2, checks: 3 });
  });

  it('takes a new token before a check when expires_in has passed on its own clock', async () => {
    const f = await fake({ ttl: 600 });
    let now = Date.parse('2026-12-03T08:00:00Z');
    const { g } = gateway(f, { now: () => now });
    await g.lookup(queryOf(card('000')));
    now += 601_000;
    await g.lookup(queryOf(card('000')));
    expect(f.stats).toMatchObject({ logins: 2, checks: 2 });
  });

  it('gives up with GATEWAY_AUTH when the check answers 401 again after a new token', async () => {
    const f = await fake({ ttl: 0 }); // every token is expired when it arrives
    const { g, secrets } = gateway(f);
    const q = queryOf(card('000'));
    await expectHospitalError(g.lookup(q), 'HOSPITAL_GATEWAY_AUTH', secrets, q);
    expect(f.stats).toMatchObject({ logins: 2, checks: 2 });
    expect(secrets.length).toBe(4);
  });

  it('reports a refused login as GATEWAY_AUTH, for lookups and for the settings test', async () => {
    const f = await fake();
    const bad = gateway(f, { password: 'wrong password' });
    const q = queryOf(card('000'));
    await expectHospitalError(bad.g.lookup(q), 'HOSPITAL_GATEWAY_AUTH', bad.secrets, q);
    await expectHospitalError(bad.g.testLogin(), 'HOSPITAL_GATEWAY_AUTH', bad.secrets);
    expect(f.stats.checks).toBe(0);
    const good = gateway(f);
    await expect(good.g.testLogin()).resolves.toBeUndefined();
    expect(f.stats.logins).toBe(3);
  });

  it('reports a gateway that drops the connection, or is gone, as GATEWAY_UNREACHABLE', async () => {
    const f = await fake();
    const { g, secrets } = gateway(f);
    await g.lookup(queryOf(card('000')));
    f.setMode('down');
    const q = queryOf(card('000'));
    await expectHospitalError(g.lookup(q), 'HOSPITAL_GATEWAY_UNREACHABLE', secrets, q);
    await f.close();
    await expectHospitalError(gateway(f).g.testLogin(), 'HOSPITAL_GATEWAY_UNREACHABLE', secrets);
  });

  it('reports no answer within timeoutMs as GATEWAY_UNREACHABLE', async () => {
    const f = await fake();
    const { g, secrets } = gateway(f, { timeoutMs: 300 });
    f.setMode('slow', 3000); // a bound, not a timing assertion: 3 s against a 300 ms timeout
    const q = queryOf(card('000'));
    await expectHospitalError(g.lookup(q), 'HOSPITAL_GATEWAY_UNREACHABLE', secrets, q);
  });

  it('reports HTTP 500 as GATEWAY_UNREACHABLE and a non-JSON answer as GATEWAY_ANSWER', async () => {
    const f = await fake();
    const { g, secrets } = gateway(f);
    await g.lookup(queryOf(card('000')));
    const q = queryOf(card('000'));
    f.setMode('fail500');
    await expectHospitalError(g.lookup(q), 'HOSPITAL_GATEWAY_UNREACHABLE', secrets, q);
    f.setMode('garbage');
    await expectHospitalError(g.lookup(q), 'HOSPITAL_GATEWAY_ANSWER', secrets, q);
    f.setMode('ok');
    expect((await g.lookup(q)).status).toBe('insured');
  });

  it('reports JSON of the wrong shape as GATEWAY_ANSWER, naming the field only', async () => {
    // A broken gateway (not the fake): a login that works, then a check whose history is not a list.
    const answers: Record<string, unknown> = {
      '/api/token/take': { maKetQua: '200', APIKey: { access_token: 'tok-AAAA1111', id_token: 'id-BBBB2222', expires_in: 3600 } },
      '/api/egw/KQNhanLichSuKCB2024': { maKetQua: '000', maThe: 'DN4010123456789', dsLichSuKCB2018: 'Nguyễn Văn An' },
    };
    const server: Server = createServer((req, res) => {
      req.resume().on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answers[new URL(req.url!, 'http://x').pathname] ?? [])));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    open.push({ close: () => new Promise<void>((r) => server.close(() => r())) });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const { g } = gateway({ url });
    const q = queryOf(card('000'));
    const e = await expectHospitalError(g.lookup(q), 'HOSPITAL_GATEWAY_ANSWER', ['tok-AAAA1111', 'id-BBBB2222'], q);
    expect(e.message).toContain('dsLichSuKCB2018');
    answers['/api/token/take'] = { maKetQua: '200', APIKey: {} };
    await expectHospitalError(gateway({ url }).g.testLogin(), 'HOSPITAL_GATEWAY_ANSWER', []);
  });

  it('uses the new card (maTheMoi and its validity) for 003 and 004', async () => {
    const f = await fake();
    const { g } = gateway(f);
    const r4 = await g.lookup(queryOf(card('004')));
    expect(r4).toMatchObject({ status: 'insured', code: '004', cardCode: 'DN4790987654321', validFrom: '2026-01-01', validTo: '2026-12-31' });
    const r3 = await g.lookup(queryOf(card('003')));
    expect(r3).toMatchObject({ status: 'insured', code: '003', cardCode: 'DN4010000000003', validFrom: '2027-01-01', validTo: '2027-12-31' });
    const r0 = await g.lookup(queryOf(card('000')));
    expect(r0.cardCode).toBe('DN4010123456789');
  });

  it('answers wrong name, wrong date of birth, unknown card and bad format with the gateway codes', async () => {
    const f = await fake();
    const { g } = gateway(f);
    const a = card('000');
    expect(await g.lookup(queryOf(a, { hoTen: 'Nguyễn Văn Anh' }))).toMatchObject({ status: 'mismatch', code: '060', note: 'Họ tên không đúng' });
    expect(await g.lookup(queryOf(a, { hoTen: '  nguyễn  văn AN ' }))).toMatchObject({ status: 'insured' });
    expect(await g.lookup(queryOf(a, { ngaySinh: '16/03/1999' }))).toMatchObject({ status: 'mismatch', code: '070' });
    expect(await g.lookup(queryOf(a, { ngaySinh: toGatewayDate('1999') }))).toMatchObject({ status: 'insured' });
    expect(await g.lookup(queryOf(a, { maThe: 'DN4010123456789' }))).toMatchObject({ status: 'insured', cardCode: 'DN4010123456789' });
    expect(await g.lookup(queryOf(a, { maThe: '001099099999' }))).toMatchObject({ status: 'not_insured', code: '050', cardCode: null, historyCount: 0 });
    expect(await g.lookup(queryOf(a, { cccdCb: '' }))).toMatchObject({ status: 'error', code: '205' });
  });

  it('answers every demo card with its code’s status, an unknown code as error with ghiChu verbatim', async () => {
    const f = await fake();
    const { g } = gateway(f);
    for (const c of DEMO_CARDS) {
      const r = await g.lookup(queryOf(c));
      expect(r.code, c.code).toBe(c.code);
      expect(r.status, c.code).toBe(statusOfCode(c.code));
      expect(v.safeParse(InsuranceSchema, r).success).toBe(true);
    }
    f.addCard({ maThe: '099111222333', hoTen: 'Người Thử Mới', ngaySinh: '05/05/2005', code: '777', ghiChu: 'Mã mới của cổng: liên hệ BHXH tỉnh' });
    const r = await g.lookup({ maThe: '099111222333', hoTen: 'Người Thử Mới', ngaySinh: '05/05/2005', ...STAFF });
    expect(r).toMatchObject({ status: 'error', code: '777', note: 'Mã mới của cổng: liên hệ BHXH tỉnh' });
    expect(f.stats.logins).toBe(1);
  });
});

describe('BHYT helpers', () => {
  it('md5Hex matches the RFC 1321 vectors', () => {
    expect(md5Hex('')).toBe('d41d8cd98f00b204e9800998ecf8427e');
    expect(md5Hex('abc')).toBe('900150983cd24fb0d6963f7d28e17f72');
  });

  it('toGatewayDate turns ISO dates and years into the gateway form and refuses others', () => {
    expect(toGatewayDate('1990-04-15')).toBe('15/04/1990');
    expect(toGatewayDate('1990')).toBe('1990');
    for (const bad of ['15/04/1990', '1990-4-15', '', '19900415']) expect(() => toGatewayDate(bad)).toThrow(RangeError);
  });

  it('gatewayConfigFromEnv needs URL, username and password, and hashes the password', () => {
    expect(gatewayConfigFromEnv({})).toBeUndefined();
    expect(gatewayConfigFromEnv({ CHIPID_BHYT_URL: 'http://x', CHIPID_BHYT_USERNAME: 'u' })).toBeUndefined();
    expect(gatewayConfigFromEnv({ CHIPID_BHYT_URL: 'https://egw.example/', CHIPID_BHYT_USERNAME: 'u', CHIPID_BHYT_PASSWORD: 'abc', CHIPID_BHYT_TIMEOUT_MS: '5000' })).toEqual({
      baseUrl: 'https://egw.example/', username: 'u', passwordMd5: '900150983cd24fb0d6963f7d28e17f72', timeoutMs: 5000,
    });
  });

  it('the demo cards hold the virtual cards’ people as electron/vcard/person.ts has them', () => {
    const dmy = (iso: string) => iso.split('-').reverse().join('/');
    for (const p of [PERSON_A, PERSON_B, PERSON_PASSPORT]) {
      const c = DEMO_CARDS.find((x) => x.maThe === p.idNumber);
      expect(c).toMatchObject({ hoTen: p.fullName, ngaySinh: dmy(p.dateOfBirth) });
    }
    expect(DEMO_CARDS.find((x) => x.maThe === PERSON_A.idNumber)).toMatchObject({ code: '000', cardCode: expect.stringMatching(/^[A-Z]{2}[1-5]\d{2}\d{10}$/) });
    for (const c of DEMO_CARDS) for (const code of [c.cardCode, c.maTheMoi]) if (code) expect(code).toMatch(/^[A-Z]{2}[1-5]\d{12}$/);
    expect(new Set(DEMO_CARDS.map((c) => c.maThe)).size).toBe(DEMO_CARDS.length);
  });
});
