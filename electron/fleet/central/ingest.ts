/**
 * One kiosk's batch into the central database, in ONE transaction: the events (each checked; a re-sent one is
 * skipped by `ON CONFLICT DO NOTHING`), the hourly rollup of exactly the rows that were inserted (so a batch sent
 * twice counts nothing twice), the kiosk's row (high-water mark, last contact) and its audit-chain head.
 * Arrays go in through unnest(): one statement per table whatever the batch size.
 */
import { FACETS, FLEET_COLUMNS, ROLLUP_UPSERT_SQL, checkFleetEvent, facetColumns, rollup, rollupParams, type FacetName, type FleetEvent } from '../events.js';
import type { CentralDb, Query } from './db.js';
import { FleetError } from './errors.js';
import { SCHEMA_VERSION } from './migrations/index.js';

export interface AuditHead {
  seq: number;
  hash: string;
  at: string;
}

export interface IngestBatch {
  kiosk: string;
  name: string | null;
  appVersion: string;
  eventVersion: number;
  events: FleetEvent[];
  auditHead: AuditHead | null;
}

export interface IngestResult {
  inserted: number;
  present: number;
  /** The highest seq such that every seq up to it is in the central table for this kiosk. */
  hwm: number;
}

export const KIOSK_ID_RE = /^[A-Za-z0-9._:-]{1,64}$/;
export const MAX_BATCH = 10_000;

const INT_COLS = new Set(['seq', 'at_ms', 'override', 'total_ms', 'apdus']);
const EVENT_COLS = FLEET_COLUMNS.map(([, c]) => c);
const EVENT_TYPES = EVENT_COLS.map((c) => (INT_COLS.has(c) ? 'bigint[]' : 'text[]'));

/** The INSERT of a batch: $1 kiosk, $2 received_ms, then one array per column. */
export const INSERT_EVENTS_SQL = `INSERT INTO fleet_events (kiosk, ${EVENT_COLS.join(', ')}, received_ms)
SELECT $1::text, ${EVENT_COLS.map((c) => `u.${c}`).join(', ')}, $2::bigint
FROM unnest(${EVENT_TYPES.map((t, i) => `$${i + 3}::${t}`).join(', ')}) AS u(${EVENT_COLS.join(', ')})
ON CONFLICT DO NOTHING
RETURNING uuid`;

/** Each facet's shared upsert (events.ts) in its batched form: the same ON CONFLICT clause, rows from unnest(). */
export const ROLLUP_BATCH_SQL = Object.fromEntries(
  (Object.keys(FACETS) as FacetName[]).map((name) => {
    const { cols, types } = facetColumns(name);
    const upsert = ROLLUP_UPSERT_SQL[name];
    return [name, `INSERT INTO ${FACETS[name].table} (${cols.join(', ')})\nSELECT * FROM unnest(${types.map((t, i) => `$${i + 1}::${t}[]`).join(', ')})\n${upsert.slice(upsert.indexOf('ON CONFLICT'))}`];
  }),
) as Record<FacetName, string>;

/**
 * The kiosk's high-water mark from `from` (a seq known to be covered, or 0): the first seq ≥ from whose successor
 * is missing. Reads only the rows after `from` (the primary key's index).
 */
const HWM_SQL = `SELECT MIN(c.s) AS hwm FROM (SELECT $2::bigint AS s UNION ALL SELECT seq FROM fleet_events WHERE kiosk = $1 AND seq > $2) c
WHERE NOT EXISTS (SELECT 1 FROM fleet_events f WHERE f.kiosk = $1 AND f.seq = c.s + 1)`;

function checkBatch(b: IngestBatch): void {
  if (typeof b.kiosk !== 'string' || !KIOSK_ID_RE.test(b.kiosk)) throw new FleetError('FLEET_PROTOCOL', 'kiosk id must be 1–64 letters, digits or ._:-');
  if (b.name !== null && (typeof b.name !== 'string' || b.name.length > 100)) throw new FleetError('FLEET_PROTOCOL', 'kiosk name must be at most 100 characters');
  if (typeof b.appVersion !== 'string' || b.appVersion.length > 40) throw new FleetError('FLEET_PROTOCOL', 'app version must be at most 40 characters');
  if (!Number.isSafeInteger(b.eventVersion) || b.eventVersion < 1) throw new FleetError('FLEET_PROTOCOL', 'event version must be a positive integer');
  if (!Array.isArray(b.events) || b.events.length > MAX_BATCH) throw new FleetError('FLEET_PROTOCOL', `a batch holds at most ${MAX_BATCH} events`);
  const h = b.auditHead;
  if (h !== null && (!Number.isSafeInteger(h.seq) || h.seq < 0 || typeof h.hash !== 'string' || !/^[0-9a-f]{16,128}$/.test(h.hash) || typeof h.at !== 'string' || h.at.length > 40)) {
    throw new FleetError('FLEET_PROTOCOL', 'audit head must be { seq, hash (hex), at }');
  }
}

async function insertEvents(q: Query, kiosk: string, nowMs: number, events: readonly FleetEvent[]): Promise<FleetEvent[]> {
  if (events.length === 0) return [];
  const cols = FLEET_COLUMNS.map(([f]) => events.map((e) => e[f]));
  const rows = await q(INSERT_EVENTS_SQL, [kiosk, nowMs, ...cols]);
  const byUuid = new Map(events.map((e) => [e.uuid, e]));
  return rows.map((r) => byUuid.get(String(r.uuid))).filter((e): e is FleetEvent => e !== undefined);
}

async function addRollup(q: Query, kiosk: string, inserted: readonly FleetEvent[]): Promise<void> {
  if (inserted.length === 0) return;
  // A stable order, so two transactions touching the same rows lock them in the same order.
  const rows = rollup(kiosk, inserted).sort((a, b) => a.hourMs - b.hourMs || a.keys.join('\u0000').localeCompare(b.keys.join('\u0000')));
  for (const name of Object.keys(FACETS) as FacetName[]) {
    const mine = rows.filter((r) => r.facet === name);
    if (mine.length === 0) continue;
    const cols: unknown[][] = facetColumns(name).cols.map(() => []);
    for (const r of mine) rollupParams(r).forEach((v, i) => cols[i]!.push(v));
    await q(ROLLUP_BATCH_SQL[name], cols);
  }
}

/**
 * Ingests one batch. `schema` is the version the calling kiosk knows (it migrated up to it): a kiosk that knows
 * only 001 writes only 001's columns, whatever the database's version.
 */
export async function ingest(db: CentralDb, batch: IngestBatch, opts: { schema?: number; nowMs?: number } = {}): Promise<IngestResult> {
  checkBatch(batch);
  const events = batch.events.map((e) => checkFleetEvent(e));
  const schema = opts.schema ?? SCHEMA_VERSION;
  const nowMs = opts.nowMs ?? Date.now();
  const h = batch.auditHead;
  return db.tx(async (q) => {
    // The kiosk's row first: it exists from now on, and its lock serialises two deliveries of the same kiosk.
    const firstCol = schema >= 2 ? ', first_contact_ms' : '';
    const firstVal = schema >= 2 ? ', $6' : '';
    const kioskRows = await q(
      `INSERT INTO fleet_kiosks (kiosk, name, app_version, event_version, hwm, last_contact_ms${firstCol}) VALUES ($1, $2, $3, $4, 0, $5${firstVal})
ON CONFLICT (kiosk) DO UPDATE SET name = excluded.name, app_version = excluded.app_version, event_version = excluded.event_version, last_contact_ms = excluded.last_contact_ms
RETURNING hwm`,
      schema >= 2 ? [batch.kiosk, batch.name, batch.appVersion, batch.eventVersion, nowMs, nowMs] : [batch.kiosk, batch.name, batch.appVersion, batch.eventVersion, nowMs],
    );
    const before = Number(kioskRows[0]?.hwm ?? 0);
    const inserted = await insertEvents(q, batch.kiosk, nowMs, events);
    await addRollup(q, batch.kiosk, inserted);
    const hwm = Number((await q(HWM_SQL, [batch.kiosk, before]))[0]?.hwm ?? before);
    if (hwm !== before) await q('UPDATE fleet_kiosks SET hwm = $2 WHERE kiosk = $1 AND hwm < $2', [batch.kiosk, hwm]);
    if (h !== null) {
      await q('INSERT INTO fleet_audit_heads (kiosk, seq, hash, at, received_ms) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (kiosk, seq) DO NOTHING', [batch.kiosk, h.seq, h.hash, h.at, nowMs]);
      await q('UPDATE fleet_kiosks SET audit_seq = $2, audit_hash = $3, audit_at = $4 WHERE kiosk = $1 AND (audit_seq IS NULL OR audit_seq <= $2)', [batch.kiosk, h.seq, h.hash, h.at]);
    }
    if (schema >= 2) {
      await q('INSERT INTO fleet_ingests (kiosk, at_ms, inserted, present, hwm, app_version) VALUES ($1, $2, $3, $4, $5, $6)', [batch.kiosk, nowMs, inserted.length, events.length - inserted.length, hwm, batch.appVersion]);
    }
    return { inserted: inserted.length, present: events.length - inserted.length, hwm };
  });
}

/** The central high-water mark of a kiosk (0 when it never reported). */
export async function centralHwm(db: CentralDb, kiosk: string): Promise<number> {
  const rows = await db.query('SELECT hwm FROM fleet_kiosks WHERE kiosk = $1', [kiosk]);
  return Number(rows[0]?.hwm ?? 0);
}
