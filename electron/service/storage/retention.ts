/**
 * Retention: verification events live no longer than `retentionDays` (default 30). A purge deletes them
 * (secure_delete zeroes the freed pages) and appends an audit entry with the count and the cutoff in the
 * same transaction. The audit log itself is kept: it holds no personal data and is the proof of the purge.
 */
import { JobRegistry, type Job } from '../jobs.js';
import { appendAuditInTx } from './audit.js';
import { invalid, isoUtc } from './guard.js';
import { getSetting } from './settings.js';
import { clockMs, sqlDeleteEventsBefore, transaction } from './sql.js';
import type { WritableDb } from './types.js';

const DAY_MS = 86_400_000;

export interface PurgeResult {
  purged: number;
  cutoffMs: number;
  cutoffIso: string;
}

/** Deletes events strictly older than `now - days`. `now` defaults to the storage clock. */
export function purgeOlderThan(
  w: WritableDb,
  days = 30,
  now?: number | Date,
  opts: { actor?: string } = {},
): PurgeResult {
  if (!Number.isInteger(days) || days < 1 || days > 3650) throw invalid('retention days must be 1..3650');
  const nowMs = now === undefined ? clockMs(w) : typeof now === 'number' ? now : now.getTime();
  if (!Number.isSafeInteger(nowMs)) throw invalid('purge time must be an integer epoch ms');
  const cutoffMs = nowMs - days * DAY_MS;
  const cutoffIso = isoUtc(cutoffMs);
  const purged = transaction(w, () => {
    const n = sqlDeleteEventsBefore(w, cutoffMs);
    appendAuditInTx(w, {
      actor: opts.actor ?? 'system',
      action: 'retention.purge',
      atMs: nowMs,
      details: { purged: n, retentionDays: days, cutoff: cutoffIso },
    });
    return n;
  });
  return { purged, cutoffMs, cutoffIso };
}

export interface RetentionSchedule {
  /** Default 6 hours. */
  intervalMs?: number;
  onPurged?: (r: PurgeResult) => void;
  /** A failed run is reported here and retried at the next tick. */
  onError?: (e: unknown) => void;
}

/** The purge as a job of the registry (jobs.ts), with the `retentionDays` setting at each run. */
export function retentionJob(w: WritableDb, opts: RetentionSchedule = {}): Job {
  const intervalMs = opts.intervalMs ?? 6 * 3_600_000;
  if (!Number.isFinite(intervalMs) || intervalMs < 1000) throw invalid('retention interval must be >= 1000 ms');
  return {
    name: 'retention.purge',
    intervalMs,
    run: () => {
      try {
        const result = purgeOlderThan(w, getSetting(w, 'retentionDays'));
        opts.onPurged?.(result);
      } catch (e) {
        opts.onError?.(e);
      }
    },
  };
}

/** Purges now (with the `retentionDays` setting) and then every `intervalMs`. Returns a stop function. */
export function scheduleRetention(w: WritableDb, opts: RetentionSchedule = {}): () => void {
  const jobs = new JobRegistry().add(retentionJob(w, opts));
  void jobs.runNow('retention.purge');
  jobs.start();
  return () => jobs.stop();
}
