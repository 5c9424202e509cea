/**
 * Append-only, hash-chained audit log. Each entry's hash is SHA-256 over a canonical encoding of
 * (seq, at, actor, action, details, prevHash); the first entry points at 64 zeros. The chain covers audit
 * entries only, so purging events never breaks it; the purge itself is an entry.
 *
 * Appends run inside the caller's write transaction (as a savepoint), so a change and its audit entry
 * commit or vanish together. SQL triggers refuse UPDATE and DELETE on the table; the chain is what catches
 * someone who drops the triggers.
 */
import { createHash } from 'node:crypto';
import { canonicalJson, checkText, checkToken, invalid, isoUtc, parseJsonObject } from './guard.js';
import {
  clockMs,
  inTransaction,
  sqlAuditHead,
  sqlInsertAudit,
  sqlIterateAudit,
  sqlListAudit,
  transaction,
  type AuditRow,
} from './sql.js';
import type { AuditEntry, AuditVerification, JsonObject, ReadableDb, WritableDb } from './types.js';

export const GENESIS_HASH = '0'.repeat(64);
const ENCODING_TAG = 'chipid-audit-v1';
const MAX_DETAILS = 4096;

export interface AuditInput {
  /** Who did it: 'system', 'service', 'operator:<staff id>' … */
  actor: string;
  /** What happened, e.g. 'event.recorded', 'setting.changed', 'retention.purge'. */
  action: string;
  /** JSON object without personal data (strings that look like ID numbers are refused). */
  details?: JsonObject;
  /** Epoch ms; defaults to the storage clock. */
  atMs?: number;
}

/**
 * The canonical encoding: a JSON array of plain strings and one integer, so field boundaries are
 * unambiguous. `details` is hashed exactly as stored (itself canonical JSON).
 */
export function auditHash(e: Omit<AuditRow, 'hash'>): string {
  const encoded = JSON.stringify([ENCODING_TAG, e.seq, e.at, e.actor, e.action, e.details, e.prevHash]);
  return createHash('sha256').update(encoded, 'utf8').digest('hex');
}

/** Appends inside the caller's transaction (storage modules use this after their own change). */
export function appendAuditInTx(w: WritableDb, input: AuditInput): AuditEntry {
  if (!inTransaction(w)) throw invalid('appendAuditInTx outside a transaction');
  const actor = checkText('audit actor', input.actor, 100);
  const action = checkToken('audit action', input.action);
  const details = canonicalJson(input.details ?? {}, 'audit details');
  if (details.length > MAX_DETAILS) throw invalid(`audit details exceed ${MAX_DETAILS} characters`);
  const at = isoUtc(input.atMs ?? clockMs(w));
  const head = sqlAuditHead(w);
  const seq = (head?.seq ?? 0) + 1;
  const prevHash = head?.hash ?? GENESIS_HASH;
  const row = { seq, at, actor, action, details, prevHash };
  const hash = auditHash(row);
  sqlInsertAudit(w, { ...row, hash });
  return { ...row, details: parseJsonObject(details, 'audit details'), hash };
}

/** Appends an entry for something that is not itself stored here (a login, a consent withdrawal …). */
export function appendAudit(w: WritableDb, input: AuditInput): AuditEntry {
  return transaction(w, () => appendAuditInTx(w, input));
}

/** The last entry's seq and hash: copy it somewhere else (a printout, a server) to detect a cut tail. */
export function auditHead(r: ReadableDb): { seq: number; hash: string } {
  return sqlAuditHead(r) ?? { seq: 0, hash: GENESIS_HASH };
}

export function listAudit(r: ReadableDb, opts: { afterSeq?: number; limit?: number } = {}): AuditEntry[] {
  const limit = Math.min(Math.max(opts.limit ?? 100, 1), 10_000);
  return sqlListAudit(r, opts.afterSeq ?? 0, limit).map((row) => ({
    ...row,
    details: parseJsonObject(row.details, `audit entry ${row.seq}`),
  }));
}

/**
 * Walks the whole chain in seq order and reports the first broken link: a missing seq (deleted entry), a
 * prevHash that is not the previous entry's hash (reordered or inserted entry), or a hash that does not
 * match the entry's content (edited entry). With `anchor` (an earlier `auditHead`), a log cut short or
 * rewritten from that point on is caught too.
 */
export function verifyAuditChain(r: ReadableDb, anchor?: { seq: number; hash: string }): AuditVerification {
  let expected = 1;
  let prev = GENESIS_HASH;
  for (const row of sqlIterateAudit(r)) {
    if (row.seq !== expected) {
      const reason =
        row.seq > expected
          ? `entry ${expected} is missing (next entry is ${row.seq})`
          : `unexpected entry number ${row.seq}`;
      return { ok: false, firstBrokenSeq: Math.min(row.seq, expected), reason };
    }
    if (row.prevHash !== prev) {
      return { ok: false, firstBrokenSeq: row.seq, reason: 'prevHash does not match the previous entry' };
    }
    if (auditHash(row) !== row.hash) {
      return { ok: false, firstBrokenSeq: row.seq, reason: 'hash does not match the entry content' };
    }
    if (anchor !== undefined && row.seq === anchor.seq && row.hash !== anchor.hash) {
      return { ok: false, firstBrokenSeq: row.seq, reason: 'entry differs from the anchored head' };
    }
    prev = row.hash;
    expected += 1;
  }
  const entries = expected - 1;
  if (anchor !== undefined && entries < anchor.seq) {
    return { ok: false, firstBrokenSeq: entries + 1, reason: `log ends at ${entries}, anchored head is ${anchor.seq}` };
  }
  return { ok: true, entries };
}
