/**
 * The teller's decision on a check and its receipt. The operator is the one signed in at the counter; refusing
 * needs a reason; confirming a check that failed (or whose face was not compared) needs a supervisor's override
 * with their own PIN, recorded as such. The decision, the receipt (signed JSON), the kept images and the audit
 * entry are written in one transaction; the audit holds ids, outcome, scores and codes, never personal data.
 */
import type { BankCheckView, DecisionView } from './contract.js';
import type { BankDesk, Held } from './desk.js';
import { BankError } from './errors.js';
import { sha256Hex } from './frame.js';
import { signReceipt, type ReceiptBody, type SignedReceipt } from './receipt.js';
import * as store from './store/index.js';

export interface DecideRequest {
  readerId: string;
  checkId: string;
  decision: 'confirm' | 'refuse';
  reason?: string;
  override?: { supervisorId: string; pin: string; reason: string };
}

const DAY_MS = 24 * 3600_000;

export async function decide(desk: BankDesk, req: DecideRequest): Promise<{ check: BankCheckView; receipt: SignedReceipt }> {
  const op = desk.operatorAt(req.readerId);
  const h = desk.held(req.readerId, req.checkId);
  // Frames still being processed finish first: the decision is on the check as they leave it.
  await h.queue;
  desk.held(req.readerId, req.checkId);
  const v = h.view;
  const compared = v.status === 'compared';
  let override: { supervisorId: string; supervisorName: string; reason: string } | null = null;
  if (req.decision === 'refuse') {
    if (!req.reason) throw new BankError('BANK_REASON_REQUIRED', 'refusal without a reason');
  } else if (v.requiresOverride || !compared) {
    if (!req.override) throw new BankError('BANK_OVERRIDE_REQUIRED', compared ? 'failed check without override' : 'face not compared, no override');
    const sup = await desk.supervisor(req.override);
    override = { supervisorId: sup.id, supervisorName: sup.name, reason: req.override.reason };
  }
  if (!desk.ctx.signingKey) throw new BankError('BANK_NO_SIGNING_KEY', 'no signing key in this context');
  const key = desk.ctx.signingKey();
  const cfg = desk.config();
  const nowMs = desk.now();
  const decidedAt = new Date(nowMs).toISOString();
  const reason = req.decision === 'refuse' ? req.reason! : (override?.reason ?? req.reason ?? null);
  const decision: DecisionView = {
    outcome: req.decision === 'confirm' ? 'confirmed' : 'refused',
    reason,
    operatorId: op.id,
    override: override ? { supervisorId: override.supervisorId, reason: override.reason } : null,
    decidedAt,
  };
  const receiptId = desk.newId('rcp_');
  const images = keptImages(h, cfg.keepImages, nowMs + cfg.imageRetentionDays * DAY_MS);
  const body: ReceiptBody = {
    format: 'chipid-bank-receipt/1',
    receiptId,
    checkId: v.checkId,
    issuedAt: decidedAt,
    kiosk: { keyId: key.keyId, counter: v.counter, readerName: h.readerName },
    purpose: cfg.purpose,
    operator: { id: op.id, name: op.name },
    override,
    outcome: decision.outcome,
    reason,
    customer: { idNumber: v.identity.idNumber, fullName: v.identity.fullName, dateOfBirth: v.identity.dateOfBirth },
    document: h.document,
    verdict: v.verdict,
    tiers: v.tiers,
    digests: h.digests,
    face: v.face ? { score: v.face.score, threshold: v.face.threshold, match: v.face.match, modelVersion: v.face.modelVersion, targetFar: v.face.targetFar } : null,
    faceCompared: v.face !== null,
    liveness: v.liveness,
    record: v.record,
    online: v.online,
    images: v.face || v.liveness || images.length
      ? {
          kept: images.length > 0,
          retentionDays: cfg.imageRetentionDays,
          referenceSha256: images.find((i) => i.kind === 'reference')?.sha256 ?? null,
          liveSha256: images.find((i) => i.kind === 'live')?.sha256 ?? null,
        }
      : null,
  };
  const receipt = signReceipt(body, key);
  const next: BankCheckView = { ...v, status: decision.outcome, decision, receiptId, updatedAt: decidedAt };
  store.recordDecision(desk.storage, {
    check: next,
    readMs: h.readMs,
    receiptId,
    receiptJson: JSON.stringify(receipt, null, 2) + '\n',
    audit: {
      actor: `operator:${op.id}`,
      details: {
        checkId: v.checkId,
        receiptId,
        outcome: decision.outcome,
        verdict: v.verdict,
        override: override !== null,
        supervisor: override?.supervisorId ?? null,
        faceCompared: v.face !== null,
        score: v.face ? Math.round(v.face.score * 10000) / 10000 : null,
        threshold: v.face?.threshold ?? null,
        match: v.face?.match ?? null,
        liveness: v.liveness?.pass ?? null,
        imagesKept: images.length > 0,
        keyId: key.keyId,
      },
    },
    images,
    nowMs,
  });
  h.view = next;
  desk.emitCheck(h);
  desk.forget(v.checkId);
  return { check: next, receipt };
}

function keptImages(h: Held, keep: boolean, expiresMs: number): { kind: 'reference' | 'live'; sha256: string; bytes: Uint8Array; expiresMs: number }[] {
  if (!keep) return [];
  const out: { kind: 'reference' | 'live'; sha256: string; bytes: Uint8Array; expiresMs: number }[] = [];
  if (h.live.photo) out.push({ kind: 'reference', sha256: sha256Hex(h.live.photo), bytes: h.live.photo, expiresMs });
  if (h.liveJpeg) out.push({ kind: 'live', sha256: sha256Hex(h.liveJpeg), bytes: h.liveJpeg, expiresMs });
  return out;
}

/** The stored receipt of a decided check (the exact file handed out). */
export function receiptJson(desk: BankDesk, checkId: string): string {
  const j = store.receiptOf(desk.storage, checkId);
  if (j === undefined) {
    desk.check(checkId);
    throw new BankError('BANK_NO_RECEIPT', 'the check has no receipt');
  }
  return j;
}
