/**
 * The kiosk → central sync: the kiosk's outbox (a FleetSource, over its SQLite) is shipped in batches to the
 * central PostgreSQL. Each batch is one idempotent transaction (central/ingest.ts); the kiosk's high-water mark
 * moves only after that commit, so a kill at any point re-sends at most one batch, which the central side counts
 * as already present. Memory is bounded by the batch size: the queue is never loaded whole.
 * FleetSync adds a lazy connection, exponential back-off with jitter while the server is down, and a status.
 */
import type { FleetEvent } from './events.js';
import { openCentral, type CentralDb } from './central/db.js';
import { asFleetError, FleetError } from './central/errors.js';
import { centralHwm, ingest, type AuditHead } from './central/ingest.js';
import { migrate, SCHEMA_VERSION } from './central/migrations/index.js';

/** The version of the FleetEvent shape this build sends (events.ts). */
export const FLEET_EVENT_VERSION = 1;

export interface FleetSource {
  kioskId: string;
  kioskName: string | null;
  appVersion: string;
  /** Events with seq > afterSeq, ascending, at most `limit`. */
  after(afterSeq: number, limit: number): FleetEvent[];
  /** The last seq known to be committed centrally (persisted by the source). */
  hwm(): number;
  setHwm(seq: number): void;
  lastSeq(): number;
  auditHead(): AuditHead | null;
  saveStatus(s: FleetSyncRecord): void;
  loadStatus(): FleetSyncRecord | null;
}

export interface FleetSyncRecord {
  lastAttemptMs: number;
  lastSuccessMs: number | null;
  failures: number;
  lastError: { code: string; message: string; atMs: number } | null;
  nextAttemptMs: number;
}

export interface SyncResult {
  sent: number;
  inserted: number;
  present: number;
  left: number;
  hwm: number;
  batches: number;
  ms: number;
}

export const DEFAULT_BATCH = 2000;

/**
 * Ships what is due once: from the greater of the local and the central high-water mark (the central one is
 * ahead when a kill came between a commit and the local update), batch after batch until the queue is empty or
 * `maxEvents` were sent. `schema` is the central schema version this kiosk migrated to.
 */
export async function syncOnce(src: FleetSource, db: CentralDb, opts: { batchSize?: number; maxEvents?: number; schema?: number } = {}): Promise<SyncResult> {
  const t0 = performance.now();
  const batchSize = Math.max(1, Math.min(opts.batchSize ?? DEFAULT_BATCH, 10_000));
  const maxEvents = opts.maxEvents ?? Number.POSITIVE_INFINITY;
  const res: SyncResult = { sent: 0, inserted: 0, present: 0, left: 0, hwm: src.hwm(), batches: 0, ms: 0 };
  const last = src.lastSeq();
  const central = Math.min(await centralHwm(db, src.kioskId), last);
  if (central > res.hwm) {
    src.setHwm(central);
    res.hwm = central;
  }
  while (res.sent < maxEvents) {
    const events = src.after(res.hwm, Math.min(batchSize, maxEvents - res.sent));
    if (events.length === 0) break;
    for (let i = 1; i < events.length; i++) {
      if (events[i]!.seq <= events[i - 1]!.seq) throw new FleetError('FLEET_PROTOCOL', 'the outbox returned events out of order');
    }
    const r = await ingest(
      db,
      { kiosk: src.kioskId, name: src.kioskName, appVersion: src.appVersion, eventVersion: FLEET_EVENT_VERSION, events, auditHead: src.auditHead() },
      { schema: opts.schema ?? SCHEMA_VERSION },
    );
    const upTo = Math.max(events[events.length - 1]!.seq, Math.min(r.hwm, last));
    src.setHwm(upTo);
    res.hwm = upTo;
    res.sent += events.length;
    res.inserted += r.inserted;
    res.present += r.present;
    res.batches++;
  }
  res.left = Math.max(0, src.lastSeq() - res.hwm);
  res.ms = Math.round(performance.now() - t0);
  return res;
}

export interface FleetSyncOptions {
  source: FleetSource;
  /** postgres://… or pglite:…; or `open` for a database made elsewhere. */
  url?: string;
  open?: () => Promise<CentralDb>;
  /** The central schema version this kiosk migrates to (default: all it knows). */
  schema?: number;
  batchSize?: number;
  /** Back-off after the first failure, doubled each time up to maxBackoffMs (±25 % jitter). */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** Pause after a successful sync that emptied the queue. */
  intervalMs?: number;
  now?: () => number;
  random?: () => number;
}

export interface FleetStatus {
  hwm: number;
  lastSeq: number;
  queue: number;
  lastAttemptMs: number | null;
  lastSuccessMs: number | null;
  failures: number;
  lastError: FleetSyncRecord['lastError'];
  nextAttemptMs: number;
}

export class FleetSync {
  readonly #o: Required<Omit<FleetSyncOptions, 'url' | 'open'>> & { open: () => Promise<CentralDb> };
  #db: CentralDb | undefined;
  #running: Promise<SyncResult | null> | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(o: FleetSyncOptions) {
    const url = o.url;
    const open = o.open ?? (url ? () => openCentral(url) : () => Promise.reject(new FleetError('FLEET_CONFIG', 'no central URL')));
    this.#o = {
      source: o.source,
      open,
      schema: o.schema ?? SCHEMA_VERSION,
      batchSize: o.batchSize ?? DEFAULT_BATCH,
      minBackoffMs: o.minBackoffMs ?? 5_000,
      maxBackoffMs: o.maxBackoffMs ?? 600_000,
      intervalMs: o.intervalMs ?? 60_000,
      now: o.now ?? Date.now,
      random: o.random ?? Math.random,
    };
  }

  status(): FleetStatus {
    const s = this.#o.source;
    const rec = s.loadStatus();
    const hwm = s.hwm();
    const lastSeq = s.lastSeq();
    return {
      hwm,
      lastSeq,
      queue: Math.max(0, lastSeq - hwm),
      lastAttemptMs: rec?.lastAttemptMs ?? null,
      lastSuccessMs: rec?.lastSuccessMs ?? null,
      failures: rec?.failures ?? 0,
      lastError: rec?.lastError ?? null,
      nextAttemptMs: rec?.nextAttemptMs ?? 0,
    };
  }

  /** The wait before the next try after `failures` failures in a row. */
  backoffMs(failures: number): number {
    const base = Math.min(this.#o.maxBackoffMs, this.#o.minBackoffMs * 2 ** Math.max(0, Math.min(failures - 1, 30)));
    return Math.round(Math.min(this.#o.maxBackoffMs, base * (0.75 + 0.5 * this.#o.random())));
  }

  async #connect(): Promise<CentralDb> {
    if (this.#db) return this.#db;
    const db = await this.#o.open();
    try {
      await migrate(db, this.#o.schema);
    } catch (e) {
      await db.close().catch(() => undefined);
      throw e;
    }
    this.#db = db;
    return db;
  }

  /** Syncs when due (or `force`): null when not due; the result, or throws the coded error after recording it. */
  runDue(opts: { force?: boolean; maxEvents?: number } = {}): Promise<SyncResult | null> {
    if (this.#running) return this.#running;
    const p = this.#run(opts).finally(() => {
      this.#running = undefined;
    });
    this.#running = p;
    return p;
  }

  async #run(opts: { force?: boolean; maxEvents?: number }): Promise<SyncResult | null> {
    const s = this.#o.source;
    const prev = s.loadStatus();
    const now = this.#o.now();
    if (!opts.force && prev && now < prev.nextAttemptMs) return null;
    try {
      const db = await this.#connect();
      const r = await syncOnce(s, db, { batchSize: this.#o.batchSize, schema: this.#o.schema, ...(opts.maxEvents !== undefined ? { maxEvents: opts.maxEvents } : {}) });
      const end = this.#o.now();
      s.saveStatus({ lastAttemptMs: now, lastSuccessMs: end, failures: 0, lastError: null, nextAttemptMs: r.left > 0 ? end : end + this.#o.intervalMs });
      return r;
    } catch (e) {
      const err = asFleetError(e);
      const failures = (prev?.failures ?? 0) + 1;
      const end = this.#o.now();
      s.saveStatus({ lastAttemptMs: now, lastSuccessMs: prev?.lastSuccessMs ?? null, failures, lastError: { code: err.code, message: err.message.replace(/\d{9,}/g, '…').slice(0, 300), atMs: end }, nextAttemptMs: end + this.backoffMs(failures) });
      // A broken pool is not reused: the next try connects anew.
      const db = this.#db;
      this.#db = undefined;
      await db?.close().catch(() => undefined);
      throw err;
    }
  }

  /** Runs in the background until close(): each due time, one runDue (errors are in the status). */
  start(): void {
    if (this.#timer) return;
    const tick = (): void => {
      this.runDue()
        .catch(() => undefined)
        .finally(() => {
          if (!this.#timer) return;
          const next = this.#o.source.loadStatus()?.nextAttemptMs ?? this.#o.now() + this.#o.intervalMs;
          this.#timer = setTimeout(tick, Math.max(50, Math.min(next - this.#o.now(), this.#o.maxBackoffMs)));
          this.#timer.unref?.();
        });
    };
    this.#timer = setTimeout(tick, 0);
    this.#timer.unref?.();
  }

  async close(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#running?.catch(() => undefined);
    const db = this.#db;
    this.#db = undefined;
    await db?.close();
  }
}
