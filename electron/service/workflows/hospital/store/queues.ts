/**
 * The two retry queues the hospital's job runner works through with back-off: insurance lookups that got
 * no answer (one row per visit) and the HIS outbox (one row per delivery key). Back-off policy is the
 * runner's; these only keep when each row is next due, how often it failed and its last error code.
 */
import { clockMs, transaction, type Storage } from '../../../storage/index.js';
import { checkEpochMs, checkText, checkToken, invalid } from '../../../storage/guard.js';
import { HospitalError } from '../errors.js';
import {
  sqlDueLookups,
  sqlDueOutbox,
  sqlEnqueueOutbox,
  sqlLookupDone,
  sqlLookupFailed,
  sqlOutboxDelivered,
  sqlOutboxFailed,
  sqlOutboxStatus,
  sqlQueueLookup,
  sqlVisitExists,
} from './sql.js';

const checkLimit = (limit: number): number => {
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw invalid('limit must be 1..10000');
  return limit;
};

function knownVisit(s: Storage, visitId: string): void {
  if (!sqlVisitExists(s.write, visitId)) throw new HospitalError('HOSPITAL_UNKNOWN_VISIT', 'hospital: no visit with this id');
}

/** Queues a visit's lookup for `nextAtMs`; a visit already queued keeps its row (idempotent). */
export function queueLookup(s: Storage, visitId: string, nextAtMs: number): void {
  checkEpochMs('nextAtMs', nextAtMs);
  transaction(s.write, () => {
    knownVisit(s, visitId);
    sqlQueueLookup(s.write, visitId, nextAtMs, clockMs(s.write));
  });
}

/** Lookups due at `nowMs`, earliest first, with the number of failed attempts so far. */
export function dueLookups(s: Storage, nowMs: number, limit: number): { visitId: string; attempts: number }[] {
  return sqlDueLookups(s.read, checkEpochMs('nowMs', nowMs), checkLimit(limit));
}

export function lookupDone(s: Storage, visitId: string): void {
  transaction(s.write, () => sqlLookupDone(s.write, visitId));
}

export function lookupFailed(s: Storage, visitId: string, nextAtMs: number, errorCode: string): void {
  checkEpochMs('nextAtMs', nextAtMs);
  const code = checkToken('lookup errorCode', errorCode);
  transaction(s.write, () => sqlLookupFailed(s.write, visitId, nextAtMs, code));
}

/** Adds a delivery; false when the key exists already (whatever its state: a delivered key is never re-sent). */
export function enqueueOutbox(s: Storage, key: string, visitId: string, body: string): boolean {
  const k = checkText('outbox key', key, 200);
  if (k.length === 0) throw invalid('outbox key is empty');
  if (typeof body !== 'string') throw invalid('outbox body must be a string');
  return transaction(s.write, () => {
    knownVisit(s, visitId);
    return sqlEnqueueOutbox(s.write, k, visitId, body, clockMs(s.write));
  });
}

/** Pending deliveries due at `nowMs`, earliest first. Delivered and cancelled rows are never returned. */
export function dueOutbox(s: Storage, nowMs: number, limit: number): { id: number; key: string; visitId: string; body: string; attempts: number }[] {
  return sqlDueOutbox(s.read, checkEpochMs('nowMs', nowMs), checkLimit(limit));
}

/** Marks a delivery done (its body, personal data the HIS now holds, is dropped). No effect on a non-pending row. */
export function outboxDelivered(s: Storage, id: number, nowMs: number): void {
  checkEpochMs('nowMs', nowMs);
  transaction(s.write, () => sqlOutboxDelivered(s.write, id, nowMs));
}

export function outboxFailed(s: Storage, id: number, nextAtMs: number, errorCode: string): void {
  checkEpochMs('nextAtMs', nextAtMs);
  const code = checkToken('outbox errorCode', errorCode);
  transaction(s.write, () => sqlOutboxFailed(s.write, id, nextAtMs, code));
}

export function outboxStatus(s: Storage): { pending: number; delivered: number; oldestPendingMs: number | null } {
  return sqlOutboxStatus(s.read);
}
