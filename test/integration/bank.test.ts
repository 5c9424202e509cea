/**
 * The bank workflow end to end through the service's API (the dispatch the WebSocket and IPC use), with the
 * real face engine, real SQLite and the virtual card (person A): a tap at a bank counter makes a check, the
 * synthetic camera video of person A passes the challenge and matches the chip portrait, the teller confirms
 * and the signed receipt verifies — and fails after any single changed byte. Then the failures: person B
 * (impostor) does not match and needs a supervisor's override; a still picture fails liveness; a wrong PIN and
 * a receptionist's "override" are refused; stale and other-counter check ids, oversized and malformed frames;
 * the bank's record drift; images kept only when the setting is on, and deleted by retention.
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
import type { BankCheckView } from '../../electron/service/workflows/bank/contract.js';
import { verifyReceipt, type SignedReceipt } from '../../electron/service/workflows/bank/receipt.js';
import * as bankStore from '../../electron/service/workflows/bank/store/index.js';
import { kioskSigningKey } from '../../electron/service/kiosk-signature.js';
import { openSecrets, type KioskSecrets } from '../../electron/service/secrets.js';
import { encodeJpeg } from '../../electron/face/image.js';
import { faceVideo } from '../../electron/devkit/face-video.js';
import { demoCards } from '../helpers/demo-cards.js';

const ID = '001099012345';
const R0 = 'virtual:0';
const R1 = 'virtual:1';
let dir: string;
let k: KioskService;
let teller: string;
let teller1: string;
let supervisor: string;
let session: string;
let secrets: KioskSecrets;
const events: ServiceEvent[] = [];
const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64');
let genuine: string[];
let impostor: string[];
let still: string[];

/** Validates the request against the method table (as the transports do), then dispatches it. */
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

async function until<T>(f: () => T | undefined | Promise<T | undefined>, what: string, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Taps the demo card at a reader and returns the check made from the read (reference face prepared). */
async function tap(reader = R0, profile = 'cccd-2021'): Promise<BankCheckView> {
  const n = events.length;
  await k.demoCard(reader, 'insert', profile);
  await k.startRead(reader, { id: ID }, { photo: true });
  await until(() => events.slice(n).find((e) => e.type === 'session' && e.readerId === reader && (e.session.state === 'result' || e.session.state === 'error')), 'the read');
  await k.demoCard(reader, 'remove');
  return until(async () => {
    const c = await call<BankCheckView | null>('bankPending', { readerId: reader });
    return c && c.referenceFace !== 'pending' && c.readAt >= new Date(Date.now() - 120_000).toISOString() ? c : undefined;
  }, 'the check with its reference face');
}

/** Starts the challenge and feeds frames (looping the video) until the check is compared. */
async function faceStep(c: BankCheckView, frames: string[], reader = R0): Promise<BankCheckView> {
  let v = await call<BankCheckView>('bankStartChallenge', { readerId: reader, checkId: c.checkId });
  expect(v.status).toBe('challenge');
  for (let i = 0; i < frames.length * 4 && v.status === 'challenge'; i++) {
    v = await call<BankCheckView>('bankFaceFrame', { readerId: reader, checkId: c.checkId, jpegBase64: frames[i % frames.length] });
  }
  return v;
}

function trusted(): ReturnType<typeof kioskSigningKey>[] {
  return [kioskSigningKey(secrets.signingSeed)];
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'chipid-bank-'));
  secrets = openSecrets({ dataDir: dir });
  k = await createKioskService({ dataDir: dir, secrets, demo: { cards: demoCards(), readers: 2 }, pcsc: false, resultTimeoutMs: 0, defaultWorkflow: 'bank', env: {} });
  k.subscribe((e) => void events.push(e));
  await k.setFirstAdminPin('730194');
  session = (await k.adminUnlock('730194')).session!;
  // On a busy machine frames are analysed slower than real time: the longest time limit the setting allows.
  await k.updateSettings(session, { workflows: { bank: { challengeSeconds: 120 } } });
  teller = (await addOperator(k.storage, { name: 'Phạm Thu Giao Dịch', cccd: '001190000123', role: 'reception', pin: '482615' }, 'test')).id;
  teller1 = (await addOperator(k.storage, { name: 'Đỗ Văn Quầy Hai', cccd: '001190000124', role: 'reception', pin: '482616' }, 'test')).id;
  supervisor = (await addOperator(k.storage, { name: 'Trần Văn Giám Sát', cccd: '001185000456', role: 'supervisor', pin: '739204' }, 'test')).id;
  await call('signIn', { readerId: R0, operatorId: teller, pin: '482615' });
  await call('signIn', { readerId: R1, operatorId: teller1, pin: '482616' });
  genuine = faceVideo('A', 'challenge').map((f) => b64(encodeJpeg(f, 85)));
  impostor = faceVideo('B', 'challenge').map((f) => b64(encodeJpeg(f, 85)));
  still = faceVideo('A', 'still').map((f) => b64(encodeJpeg(f, 85)));
}, 180_000);

afterAll(async () => {
  await k?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('bank counter through the API', () => {
  let receiptText: string;

  it('genuine customer: the challenge passes, the face matches, the teller confirms, the receipt verifies', async () => {
    const c = await tap();
    expect(c.checkId).toMatch(/^kyc_[0-9a-z]{16}$/);
    expect(c.verdict).toBe('verified');
    expect(c.referenceFace).toBe('ready');
    expect(c.identity.idNumber).toBe(ID);
    const v = await faceStep(c, genuine);
    expect(v.status).toBe('compared');
    expect(v.challenge?.status).toBe('passed');
    expect(v.face?.match).toBe(true);
    expect(v.face!.score).toBeGreaterThanOrEqual(v.face!.threshold);
    expect(v.liveness?.active.status).toBe('passed');
    expect(v.liveness?.pass).toBe(true);
    expect(v.requiresOverride).toBe(false);
    const r = await call<{ check: BankCheckView; receipt: SignedReceipt }>('bankDecide', { readerId: R0, checkId: c.checkId, decision: 'confirm' });
    expect(r.check.status).toBe('confirmed');
    expect(r.check.decision).toMatchObject({ outcome: 'confirmed', operatorId: teller, override: null });
    expect(r.receipt.operator.id).toBe(teller);
    expect(r.receipt.customer.idNumber).toBe(ID);
    expect(r.receipt.digests.sod).toMatch(/^[0-9a-f]{64}$/);
    expect(Object.keys(r.receipt.digests.dataGroups)).toEqual(expect.arrayContaining(['1', '2', '13']));
    const check = verifyReceipt(r.receipt, trusted());
    expect(check.signature.status).toBe('trusted');
    expect(check.proves.join('\n')).toMatch(/face score/);
    // The receipt as stored is the same document.
    const stored = await call<SignedReceipt>('bankReceipt', { checkId: c.checkId });
    expect(stored).toEqual(r.receipt);
    receiptText = JSON.stringify(stored, null, 2) + '\n';
    // A decided check takes no more decisions or frames.
    expect(await codeOf(call('bankDecide', { readerId: R0, checkId: c.checkId, decision: 'confirm' }))).toBe('BANK_CHECK_DECIDED');
    expect(await codeOf(call('bankFaceFrame', { readerId: R0, checkId: c.checkId, jpegBase64: genuine[0] }))).toBe('BANK_CHECK_DECIDED');
    expect(events.some((e) => e.type === 'workflow' && e.workflow === 'bank' && e.name === 'check')).toBe(true);
    const list = await call<{ checkId: string; receiptId: string | null }[]>('bankChecks', {});
    expect(list.find((x) => x.checkId === c.checkId)?.receiptId).toBe(r.receipt.receiptId);
    const pdf = await call<{ pdfBase64: string }>('bankReceiptPdf', { checkId: c.checkId });
    expect(Buffer.from(pdf.pdfBase64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
  }, 240_000);

  it('the receipt fails after any single byte change (sampled positions), and carries no image bytes', () => {
    const keys = trusted();
    const bytes = Buffer.from(receiptText, 'utf8');
    expect(verifyReceipt(JSON.parse(receiptText), keys).signature.status).toBe('trusted');
    const step = Math.max(1, Math.floor(bytes.length / 400));
    let tried = 0;
    for (let i = 0; i < bytes.length; i += step) {
      for (const delta of [1, 0x20]) {
        const b = Buffer.from(bytes);
        b[i] = b[i]! ^ delta;
        let doc: unknown;
        try {
          doc = JSON.parse(b.toString('utf8'));
        } catch {
          continue; // not JSON any more: rejected before any check
        }
        const r = verifyReceipt(doc, keys);
        // Whitespace between tokens is not part of the signed document: a change there leaves the same JSON.
        if (JSON.stringify(doc) === JSON.stringify(JSON.parse(receiptText))) continue;
        tried++;
        expect(r.signature.status, `byte ${i} ^ ${delta}`).not.toBe('trusted');
      }
    }
    expect(tried).toBeGreaterThan(100);
    // No base64 blob of an image: the longest string is a digest or the signature.
    const longest = Math.max(...[...receiptText.matchAll(/"([^"]*)"/g)].map((m) => m[1]!.length));
    expect(longest).toBeLessThan(300);
    expect(receiptText).not.toMatch(/\/9j\//); // base64 JPEG start
  });

  it('impostor (person B): no match; confirm refused without override, a wrong PIN and a teller refused, a supervisor accepted', async () => {
    const c = await tap();
    const v = await faceStep(c, impostor);
    expect(v.status).toBe('compared');
    expect(v.face?.match).toBe(false);
    expect(v.requiresOverride).toBe(true);
    expect(v.overrideReasons.map((r) => r.en).join(' ')).toMatch(/does not match/);
    expect(await codeOf(call('bankDecide', { readerId: R0, checkId: c.checkId, decision: 'confirm' }))).toBe('BANK_OVERRIDE_REQUIRED');
    expect(await codeOf(call('bankDecide', { readerId: R0, checkId: c.checkId, decision: 'confirm', override: { supervisorId: supervisor, pin: '000000', reason: 'x' } }))).toBe('BANK_OVERRIDE_REFUSED');
    expect(await codeOf(call('bankDecide', { readerId: R0, checkId: c.checkId, decision: 'confirm', override: { supervisorId: teller1, pin: '482616', reason: 'x' } }))).toBe('BANK_OVERRIDE_REFUSED');
    const reason = 'Đã đối chiếu giấy tờ khác';
    const r = await call<{ check: BankCheckView; receipt: SignedReceipt }>('bankDecide', { readerId: R0, checkId: c.checkId, decision: 'confirm', override: { supervisorId: supervisor, pin: '739204', reason } });
    expect(r.check.decision?.override).toEqual({ supervisorId: supervisor, reason });
    expect(r.receipt.override).toMatchObject({ supervisorId: supervisor, reason });
    expect(r.receipt.face?.match).toBe(false);
    expect(verifyReceipt(r.receipt, trusted()).proves.join('\n')).toMatch(/OVERRIDE by supervisor/);
  }, 240_000);

  it('a still picture fails the active challenge; refusing needs a reason', async () => {
    const c = await tap();
    const v = await faceStep(c, still);
    expect(v.status).toBe('compared');
    expect(v.liveness?.pass).toBe(false);
    expect(v.liveness?.active.failure).toBe('LIVENESS_STILL_IMAGE');
    expect(v.requiresOverride).toBe(true);
    expect(await codeOf(call('bankDecide', { readerId: R0, checkId: c.checkId, decision: 'refuse' }))).toBe('BANK_REASON_REQUIRED');
    const r = await call<{ check: BankCheckView; receipt: SignedReceipt }>('bankDecide', { readerId: R0, checkId: c.checkId, decision: 'refuse', reason: 'Ảnh tĩnh' });
    expect(r.receipt.outcome).toBe('refused');
    expect(r.receipt.liveness?.pass).toBe(false);
  }, 240_000);

  it('confirming before the face is compared needs an override; the receipt then says the face was not compared', async () => {
    const c = await tap();
    expect(await codeOf(call('bankDecide', { readerId: R0, checkId: c.checkId, decision: 'confirm' }))).toBe('BANK_OVERRIDE_REQUIRED');
    const r = await call<{ receipt: SignedReceipt }>('bankDecide', { readerId: R0, checkId: c.checkId, decision: 'confirm', override: { supervisorId: supervisor, pin: '739204', reason: 'Camera hỏng' } });
    expect(r.receipt.face).toBeNull();
    expect(r.receipt.faceCompared).toBe(false);
    expect(verifyReceipt(r.receipt, trusted()).proves.join('\n')).toMatch(/NOT compared/);
  }, 120_000);

  it('stale and other-counter check ids, a frame without a challenge, oversized and malformed frames are refused and lose nothing', async () => {
    const old = await tap();
    const c = await tap();
    expect(c.checkId).not.toBe(old.checkId);
    expect(await codeOf(call('bankStartChallenge', { readerId: R0, checkId: old.checkId }))).toBe('BANK_CHECK_STALE');
    expect((await call<BankCheckView>('bankCheck', { checkId: old.checkId })).status).toBe('expired');
    expect(await codeOf(call('bankStartChallenge', { readerId: R1, checkId: c.checkId }))).toBe('BANK_OTHER_COUNTER');
    expect(await codeOf(call('bankStartChallenge', { readerId: R0, checkId: 'kyc_0000000000000000' }))).toBe('BANK_UNKNOWN_CHECK');
    expect(await codeOf(call('bankFaceFrame', { readerId: R0, checkId: c.checkId, jpegBase64: genuine[0] }))).toBe('BANK_NO_CHALLENGE');
    await call('bankStartChallenge', { readerId: R0, checkId: c.checkId });
    expect(await codeOf(call('bankFaceFrame', { readerId: R0, checkId: c.checkId, jpegBase64: b64(new Uint8Array([1, 2, 3, 4, 5, 6])) }))).toBe('BANK_FRAME_INVALID');
    const big = encodeJpeg({ width: 2400, height: 1200, data: new Uint8Array(2400 * 1200 * 3).fill(128) }, 10);
    expect(await codeOf(call('bankFaceFrame', { readerId: R0, checkId: c.checkId, jpegBase64: b64(big) }))).toBe('BANK_FRAME_TOO_LARGE');
    expect(await codeOf(call('bankFaceFrame', { readerId: R0, checkId: c.checkId, jpegBase64: 'A'.repeat(200_000) }))).toBe('API_TOO_LARGE');
    // A truncated JPEG: a header but no image data.
    const cut = Buffer.from(genuine[0]!, 'base64').subarray(0, 700);
    expect(await codeOf(call('bankFaceFrame', { readerId: R0, checkId: c.checkId, jpegBase64: b64(cut) }))).toBe('BANK_FRAME_INVALID');
    // The check is intact: the challenge still runs and takes good frames.
    const after = await call<BankCheckView>('bankFaceFrame', { readerId: R0, checkId: c.checkId, jpegBase64: genuine[0] });
    expect(after.status).toBe('challenge');
    expect(after.quality?.faceCount).toBe(1);
  }, 240_000);

  it('the bank\u2019s record: the same person folded (diacritics, case, spaces) is no drift; another date of birth is', async () => {
    const c = await tap();
    const name = c.identity.fullName!;
    const folded = `  ${name.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toUpperCase()} `;
    const same = await call<BankCheckView>('bankCompareRecord', { checkId: c.checkId, record: { idNumber: ID, fullName: folded, dateOfBirth: c.identity.dateOfBirth!.slice(0, 4) } });
    expect(same.record?.drift).toBe(false);
    const drift = await call<BankCheckView>('bankCompareRecord', { checkId: c.checkId, record: { fullName: name, dateOfBirth: '1980-01-01' } });
    expect(drift.record?.drift).toBe(true);
    expect(drift.record?.fields.find((f) => f.field === 'dateOfBirth')?.match).toBe(false);
    expect(drift.record?.fields.find((f) => f.field === 'fullName')?.match).toBe(true);
  }, 120_000);

  it('images are kept only while the setting is on, and the retention job deletes them', async () => {
    // On by default: the last genuine confirmation kept both.
    const on = await tap();
    await faceStep(on, genuine);
    const r1 = await call<{ receipt: SignedReceipt }>('bankDecide', { readerId: R0, checkId: on.checkId, decision: 'confirm' });
    expect(r1.receipt.images?.kept).toBe(true);
    const kept = bankStore.imagesOf(k.storage, on.checkId);
    expect(kept.map((i) => i.kind)).toEqual(['live', 'reference']);
    expect(kept.find((i) => i.kind === 'live')?.sha256).toBe(r1.receipt.images?.liveSha256);
    await k.updateSettings(session, { workflows: { bank: { keepImages: false } } });
    const off = await tap();
    await faceStep(off, genuine);
    const r2 = await call<{ receipt: SignedReceipt }>('bankDecide', { readerId: R0, checkId: off.checkId, decision: 'confirm' });
    expect(r2.receipt.images?.kept).toBe(false);
    expect(bankStore.imagesOf(k.storage, off.checkId)).toEqual([]);
    expect(bankStore.purgeImages(k.storage, Date.now())).toBe(0);
    // Every image kept so far (this test's two and the earlier checks') is past its 1825 days a day later.
    expect(bankStore.purgeImages(k.storage, Date.now() + 1826 * 24 * 3600_000)).toBeGreaterThanOrEqual(2);
    expect(bankStore.imagesOf(k.storage, on.checkId)).toEqual([]);
  }, 240_000);

  it('bankStatus: model, threshold, retention and the receipt key, no personal data', async () => {
    const s = await call<{ model: string; threshold: number; receiptKeyId: string | null; keepImages: boolean }>('bankStatus');
    expect(s.model).toBe('ready');
    expect(s.threshold).toBeGreaterThan(0);
    expect(s.receiptKeyId).toBe(trusted()[0]!.keyId);
    expect(s.keepImages).toBe(false);
  });
});
