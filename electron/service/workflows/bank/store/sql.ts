/**
 * All SQL of the bank workflow (its tables: ../migrations/). index.ts maps and validates; only this module
 * talks to SQLite, through the storage's cached `statement(h, sql)`. Writers run inside the caller's
 * `transaction(w, …)` where they must be atomic with an audit entry.
 */
import { statement, type ReadableDb, type WritableDb } from '../../../storage/index.js';

export interface CheckRow {
  checkId: string;
  readerId: string;
  counter: string | null;
  day: string;
  readMs: number;
  status: string;
  verdict: string;
  idLast4: string | null;
  viewJson: string;
  updatedAt: string;
}

const CHECK_COLUMNS = `check_id AS checkId, reader_id AS readerId, counter, day, read_ms AS readMs, status, verdict,
  id_last4 AS idLast4, view_json AS viewJson, updated_at AS updatedAt`;

export function sqlPutCheck(w: WritableDb, row: CheckRow): void {
  statement(
    w,
    `INSERT INTO bank_checks (check_id, reader_id, counter, day, read_ms, status, verdict, id_last4, view_json, updated_at)
     VALUES (@checkId, @readerId, @counter, @day, @readMs, @status, @verdict, @idLast4, @viewJson, @updatedAt)
     ON CONFLICT (check_id) DO UPDATE SET status = excluded.status, view_json = excluded.view_json, updated_at = excluded.updated_at`,
  ).run(row);
}

export function sqlGetCheck(r: ReadableDb, checkId: string): CheckRow | undefined {
  return statement(r, `SELECT ${CHECK_COLUMNS} FROM bank_checks WHERE check_id = ?`).get(checkId) as CheckRow | undefined;
}

export function sqlChecksOfDay(r: ReadableDb, day: string): CheckRow[] {
  return statement(r, `SELECT ${CHECK_COLUMNS} FROM bank_checks WHERE day = ? ORDER BY read_ms DESC LIMIT 500`).all(day) as CheckRow[];
}

export interface DecisionRow {
  checkId: string;
  outcome: 'confirmed' | 'refused';
  reason: string | null;
  operatorId: string;
  overrideSupervisor: string | null;
  overrideReason: string | null;
  decidedAt: string;
}

export function sqlInsertDecision(w: WritableDb, row: DecisionRow): void {
  statement(
    w,
    `INSERT INTO bank_decisions (check_id, outcome, reason, operator_id, override_supervisor, override_reason, decided_at)
     VALUES (@checkId, @outcome, @reason, @operatorId, @overrideSupervisor, @overrideReason, @decidedAt)`,
  ).run(row);
}

export function sqlInsertReceipt(w: WritableDb, row: { receiptId: string; checkId: string; issuedAt: string; json: string }): void {
  statement(w, `INSERT INTO bank_receipts (receipt_id, check_id, issued_at, receipt_json) VALUES (@receiptId, @checkId, @issuedAt, @json)`).run(row);
}

export function sqlReceiptOfCheck(r: ReadableDb, checkId: string): string | undefined {
  const row = statement(r, `SELECT receipt_json AS json FROM bank_receipts WHERE check_id = ?`).get(checkId) as { json: string } | undefined;
  return row?.json;
}

export function sqlPutImage(w: WritableDb, row: { checkId: string; kind: 'reference' | 'live'; sha256: string; bytes: Uint8Array; createdMs: number; expiresMs: number }): void {
  statement(
    w,
    `INSERT INTO bank_images (check_id, kind, sha256, bytes, created_ms, expires_ms) VALUES (@checkId, @kind, @sha256, @bytes, @createdMs, @expiresMs)
     ON CONFLICT (check_id, kind) DO UPDATE SET sha256 = excluded.sha256, bytes = excluded.bytes, created_ms = excluded.created_ms, expires_ms = excluded.expires_ms`,
  ).run({ ...row, bytes: Buffer.from(row.bytes) });
}

export function sqlImagesOfCheck(r: ReadableDb, checkId: string): { kind: 'reference' | 'live'; sha256: string; bytes: Uint8Array; expiresMs: number }[] {
  return statement(r, `SELECT kind, sha256, bytes, expires_ms AS expiresMs FROM bank_images WHERE check_id = ? ORDER BY kind`).all(checkId) as {
    kind: 'reference' | 'live';
    sha256: string;
    bytes: Uint8Array;
    expiresMs: number;
  }[];
}

export function sqlDeleteExpiredImages(w: WritableDb, nowMs: number): number {
  return statement(w, `DELETE FROM bank_images WHERE expires_ms <= ?`).run(nowMs).changes;
}
