/**
 * The HIS outbox: every check-in's bundle is written to a durable queue (in the same commit as the visit, or at
 * least before the check-in answers), then a job sends the due rows to the HIS webhook one at a time, in order.
 *
 * Guarantees (tested in test/unit/service/workflows/hospital/his/outbox*.test.ts):
 * - never lost: a row leaves the due set only through outboxDelivered, which runs after the HIS acknowledged;
 *   a process killed before that re-sends the row on restart, with the same Idempotency-Key and the same body,
 *   and the receiver dedupes by key;
 * - never sent again after an acknowledged delivery: delivered rows are not due any more.
 * (At-least-once on the wire, exactly-once at a receiver that honours Idempotency-Key.)
 *
 * The sender is written against OutboxStore (the registry's five outbox functions, bound to its storage by the
 * workflow), so it does not depend on how the rows are kept.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import type { Job } from '../../../jobs.js';
import { HospitalError, type HospitalErrorCode } from '../errors.js';
import type { Bundle } from 'fhir/r4';
import { postBundle, type PostOptions } from './webhook.js';

export interface OutboxRow {
  id: number;
  key: string;
  visitId: string;
  body: string;
  attempts: number;
}

export interface OutboxStatus {
  pending: number;
  delivered: number;
  oldestPendingMs: number | null;
}

/** The store's outbox operations with the Storage argument already bound. */
export interface OutboxStore {
  /** Queues a body under a unique key; false when the key exists already (nothing written). Committed on return. */
  enqueueOutbox(key: string, visitId: string, body: string): boolean;
  /** Rows not delivered whose next attempt is due at `nowMs`, oldest first, at most `limit`. */
  dueOutbox(nowMs: number, limit: number): OutboxRow[];
  outboxDelivered(id: number, nowMs: number): void;
  /** Records a failed attempt (attempts + 1) and when to try again. */
  outboxFailed(id: number, nextAtMs: number, errorCode: string): void;
  outboxStatus(): OutboxStatus;
}

/** The registry's outbox functions as the store module exports them (Storage first). */
export interface OutboxFunctions<S> {
  enqueueOutbox(s: S, key: string, visitId: string, body: string): boolean;
  dueOutbox(s: S, nowMs: number, limit: number): OutboxRow[];
  outboxDelivered(s: S, id: number, nowMs: number): void;
  outboxFailed(s: S, id: number, nextAtMs: number, errorCode: string): void;
  outboxStatus(s: S): OutboxStatus;
}

/** Binds the store module's functions to one storage: `bindOutbox(storage, store)` (store = `import * as store`). */
export function bindOutbox<S>(s: S, f: OutboxFunctions<S>): OutboxStore {
  return {
    enqueueOutbox: (key, visitId, body) => f.enqueueOutbox(s, key, visitId, body),
    dueOutbox: (nowMs, limit) => f.dueOutbox(s, nowMs, limit),
    outboxDelivered: (id, nowMs) => f.outboxDelivered(s, id, nowMs),
    outboxFailed: (id, nextAtMs, code) => f.outboxFailed(s, id, nextAtMs, code),
    outboxStatus: () => f.outboxStatus(s),
  };
}

export const BACKOFF_BASE_MS = 5_000;
export const BACKOFF_MAX_MS = 30 * 60_000;
/** A refused bundle will not get better by itself: try again hourly (someone has to fix the HIS or the data). */
export const REFUSED_RETRY_MS = 60 * 60_000;
/** Jitter takes up to this fraction off a delay, so kiosks that lost the HIS together do not retry together. */
export const JITTER = 0.2;
export const HIS_JOB_INTERVAL_MS = 5_000;
const DEFAULT_BATCH = 20;

/**
 * The wait after the `attempts`-th failure (1 = the first): 5 s, 10 s, 20 s, … doubling up to 30 min, minus up
 * to 20 % jitter. Always within [0.8 × the step, the step], so never above 30 min.
 */
export function backoffMs(attempts: number, rng: () => number = Math.random): number {
  const n = Math.max(1, Math.floor(attempts));
  // 2^19 × 5 s is far past the cap; stop the exponent there so the number stays finite.
  const step = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.min(n - 1, 19));
  const r = Math.min(1, Math.max(0, rng()));
  return Math.round(step * (1 - JITTER * r));
}

function refusedDelayMs(rng: () => number): number {
  return Math.round(REFUSED_RETRY_MS * (1 - JITTER * Math.min(1, Math.max(0, rng()))));
}

/**
 * The Idempotency-Key of a visit's bundle: the visit id and a digest of the exact body. Queuing the same bundle
 * twice is a no-op (same key); a changed bundle for the same visit is a new delivery. Holds no personal data.
 * The digest is written with letters only (each 4 bits as a–p): the registry refuses stored text with a run of
 * 9+ digits (it could be an ID number), which hex would give now and then.
 */
export function outboxKey(visitId: string, body: string): string {
  const d = sha256(new TextEncoder().encode(body)).slice(0, 12);
  const letters = Array.from(d, (b) => String.fromCharCode(97 + (b >> 4), 97 + (b & 15))).join('');
  return `${visitId}.${letters}`;
}

/** Serialises and queues a visit's bundle. `queued` false: that exact bundle was queued before. */
export function enqueueBundle(store: OutboxStore, visitId: string, bundle: Bundle): { key: string; queued: boolean } {
  const body = JSON.stringify(bundle);
  const key = outboxKey(visitId, body);
  return { key, queued: store.enqueueOutbox(key, visitId, body) };
}

export interface DeliverOptions {
  /** Rows per run (default 20). */
  limit?: number;
  rng?: () => number;
  post?: PostOptions;
  /** Each failed attempt (no personal data: the visit id and the code). A refused one needs a person. */
  onFailure?: (f: { visitId: string; code: HospitalErrorCode; attempts: number; nextAtMs: number }) => void;
  /** After each acknowledged row (tests, counters). */
  onDelivered?: (row: OutboxRow) => void;
}

export interface DeliverResult {
  sent: number;
  failed: number;
  /** Of the failed, those the HIS refused (4xx): retried hourly and reported through onFailure. */
  refused: number;
}

/**
 * Sends the due rows, one at a time, oldest first. Without a URL (not configured) nothing is sent and nothing
 * counts as an attempt. When the HIS is unreachable the run stops at that row: the others would fail the same
 * way, and they stay due for the next run. A refused row is set aside (hourly) and the run goes on.
 */
export async function deliverDue(store: OutboxStore, url: string | undefined, nowMs: number, opts: DeliverOptions = {}): Promise<DeliverResult> {
  const out: DeliverResult = { sent: 0, failed: 0, refused: 0 };
  if (url === undefined || url === '') return out;
  const rng = opts.rng ?? Math.random;
  for (const row of store.dueOutbox(nowMs, opts.limit ?? DEFAULT_BATCH)) {
    try {
      await postBundle(url, row.body, row.key, opts.post);
    } catch (e) {
      const code: HospitalErrorCode = e instanceof HospitalError ? e.code : 'HOSPITAL_HIS_UNREACHABLE';
      const attempts = row.attempts + 1;
      const refused = code === 'HOSPITAL_HIS_REFUSED';
      const nextAtMs = nowMs + (refused ? refusedDelayMs(rng) : backoffMs(attempts, rng));
      store.outboxFailed(row.id, nextAtMs, code);
      out.failed++;
      opts.onFailure?.({ visitId: row.visitId, code, attempts, nextAtMs });
      if (refused) {
        out.refused++;
        continue;
      }
      break;
    }
    store.outboxDelivered(row.id, nowMs);
    out.sent++;
    opts.onDelivered?.(row);
  }
  return out;
}

/** The background job: every 5 s, the due rows to the URL the settings hold now (read on each run). */
export function hisJob(store: OutboxStore, url: () => string | undefined, opts: DeliverOptions = {}): Job {
  return {
    name: 'his.deliver',
    intervalMs: HIS_JOB_INTERVAL_MS,
    run: async (now) => {
      await deliverDue(store, url(), now, opts);
    },
  };
}
