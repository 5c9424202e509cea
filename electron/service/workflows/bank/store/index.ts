/**
 * The bank workflow's stored records: checks (their view as JSON), decisions, signed receipts and kept
 * images. Every function takes the `Storage` opened with the bank's migrations (../migrations/). A decision
 * and its receipt are written in one transaction with the audit entry (no personal data in the audit).
 */
import { appendAuditInTx } from '../../../storage/audit.js';
import { appendFleetInTx, transaction, type Storage } from '../../../storage/index.js';
import type { BankCheckView, CheckRowView } from '../contract.js';
import * as sql from './sql.js';

/** The local day (Vietnam time, UTC+7) a moment belongs to. */
export function localDay(ms: number): string {
  return new Date(ms + 7 * 3600_000).toISOString().slice(0, 10);
}

export function saveCheck(s: Storage, c: BankCheckView, readMs: number): void {
  sql.sqlPutCheck(s.write, {
    checkId: c.checkId,
    readerId: c.readerId,
    counter: c.counter,
    day: localDay(readMs),
    readMs,
    status: c.status,
    verdict: c.verdict,
    idLast4: c.identity.idNumber ? c.identity.idNumber.slice(-4) : null,
    viewJson: JSON.stringify(c),
    updatedAt: c.updatedAt,
  });
}

export function getCheck(s: Storage, checkId: string): BankCheckView | undefined {
  const row = sql.sqlGetCheck(s.read, checkId);
  return row ? (JSON.parse(row.viewJson) as BankCheckView) : undefined;
}

export function listChecks(s: Storage, day: string): CheckRowView[] {
  return sql.sqlChecksOfDay(s.read, day).map((r) => {
    const c = JSON.parse(r.viewJson) as BankCheckView;
    return {
      checkId: c.checkId,
      status: c.status,
      readAt: c.readAt,
      verdict: c.verdict,
      score: c.face?.score ?? null,
      match: c.face?.match ?? null,
      livenessPass: c.liveness?.pass ?? null,
      overridden: c.decision?.override != null,
      operatorId: c.decision?.operatorId ?? null,
      fullName: c.identity.fullName,
      idLast4: r.idLast4,
      receiptId: c.receiptId,
    };
  });
}

export interface DecisionRecord {
  check: BankCheckView;
  readMs: number;
  receiptId: string;
  receiptJson: string;
  /** Audit details: no personal data (ids, outcome, scores, codes). */
  audit: { actor: string; details: Record<string, string | number | boolean | null> };
  images: { kind: 'reference' | 'live'; sha256: string; bytes: Uint8Array; expiresMs: number }[];
  nowMs: number;
}

/** The decision, the receipt, the kept images and the audit entry: all or none. */
export function recordDecision(s: Storage, r: DecisionRecord): void {
  const d = r.check.decision!;
  transaction(s.write, () => {
    saveCheck(s, r.check, r.readMs);
    sql.sqlInsertDecision(s.write, {
      checkId: r.check.checkId,
      outcome: d.outcome,
      reason: d.reason,
      operatorId: d.operatorId,
      overrideSupervisor: d.override?.supervisorId ?? null,
      overrideReason: d.override?.reason ?? null,
      decidedAt: d.decidedAt,
    });
    sql.sqlInsertReceipt(s.write, { receiptId: r.receiptId, checkId: r.check.checkId, issuedAt: d.decidedAt, json: r.receiptJson });
    for (const img of r.images) sql.sqlPutImage(s.write, { checkId: r.check.checkId, kind: img.kind, sha256: img.sha256, bytes: img.bytes, createdMs: r.nowMs, expiresMs: img.expiresMs });
    appendAuditInTx(s.write, { actor: r.audit.actor, action: `bank.check_${d.outcome}`, details: r.audit.details, atMs: r.nowMs });
    const c = r.check;
    appendFleetInTx(s.write, {
      kind: 'bank.check',
      atMs: r.nowMs,
      workflow: 'bank',
      counter: c.counter ?? 'default',
      operator: d.operatorId,
      verdict: c.verdict,
      outcome: d.outcome,
      face: c.face === null ? 'not-compared' : c.face.match ? 'match' : 'no-match',
      liveness: c.liveness === null ? '' : c.liveness.pass ? 'pass' : 'fail',
      override: d.override ? 1 : 0,
    });
  });
}

export function receiptOf(s: Storage, checkId: string): string | undefined {
  return sql.sqlReceiptOfCheck(s.read, checkId);
}

export function imagesOf(s: Storage, checkId: string): { kind: 'reference' | 'live'; sha256: string; bytes: Uint8Array; expiresMs: number }[] {
  return sql.sqlImagesOfCheck(s.read, checkId).map((r) => ({ ...r, bytes: new Uint8Array(r.bytes) }));
}

/** Deletes the images past their retention; the count is audited when any were deleted. */
export function purgeImages(s: Storage, nowMs: number): number {
  return transaction(s.write, () => {
    const n = sql.sqlDeleteExpiredImages(s.write, nowMs);
    if (n > 0) appendAuditInTx(s.write, { actor: 'system', action: 'bank.images_purged', details: { count: n }, atMs: nowMs });
    return n;
  });
}
