/**
 * The kiosk's side of the fleet: the outbox of fleet events (electron/fleet/events.ts; nothing personal),
 * appended in the same transaction as what it reports (a read's event row, a check-in, a bank decision), with
 * its hourly rollup; the kiosk's id; the high-water mark of what the central PostgreSQL holds; and the
 * kiosk's own dashboard, drawn with the same SQL as the central one (electron/fleet/dashboard.ts).
 */
import { randomInt, randomUUID } from 'node:crypto';
import type { Dashboard, DashboardQuery } from '../../contract/dashboard.js';
import { queryDashboard, type SqlRunner, type SqlValue } from '../../fleet/dashboard.js';
import { FLEET_COLUMNS, ROLLUP_UPSERT_SQL, checkFleetEvent, rollup, rollupParams, type FleetEvent } from '../../fleet/events.js';
import { auditHead } from './audit.js';
import { invalid } from './guard.js';
import { clockMs, sqlGetSetting, sqlPutSetting, statement, transaction, inTransaction } from './sql.js';
import type { ReadableDb, WritableDb } from './types.js';

/** What a caller gives; the outbox adds uuid and seq, and '' / 0 for what does not apply. */
export type FleetInput = Partial<Omit<FleetEvent, 'uuid' | 'seq'>> & Pick<FleetEvent, 'kind' | 'counter'>;

const KIOSK_ID_KEY = 'fleet.kioskId';
const HWM_KEY = 'fleet.hwm';
const STATUS_KEY = 'fleet.status';
/** Letters only: a kiosk id can never look like a number. */
const KIOSK_ALPHABET = 'abcdefghjkmnpqrstuvwxyz';

const COLUMNS = FLEET_COLUMNS.filter(([f]) => f !== 'seq');
const INSERT_SQL = `INSERT INTO fleet_outbox (${COLUMNS.map(([, c]) => c).join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`;
const SELECT_SQL = `SELECT ${FLEET_COLUMNS.map(([f, c]) => (f === c ? c : `${c} AS ${f}`)).join(', ')} FROM fleet_outbox WHERE seq > ? ORDER BY seq LIMIT ?`;

const ids = new WeakMap<object, string>();

/** This installation's fleet id ('kiosk-' and 10 letters), made on first use and kept in its settings. */
export function kioskId(w: WritableDb): string {
  const cached = ids.get(w);
  if (cached) return cached;
  let id = readKioskId(w);
  if (id === null) {
    id = `kiosk-${Array.from({ length: 10 }, () => KIOSK_ALPHABET[randomInt(KIOSK_ALPHABET.length)]).join('')}`;
    const made = id;
    transaction(w, () => {
      if (readKioskId(w) === null) sqlPutSetting(w, KIOSK_ID_KEY, JSON.stringify(made), new Date(clockMs(w)).toISOString());
    });
    id = readKioskId(w)!;
  }
  ids.set(w, id);
  return id;
}

function readKioskId(r: ReadableDb): string | null {
  const v = sqlGetSetting(r, KIOSK_ID_KEY);
  const id = v === undefined ? null : (JSON.parse(v) as unknown);
  return typeof id === 'string' && /^kiosk-[a-z]{10}$/.test(id) ? id : null;
}

/** The kiosk id if one was made (a reader of the database may not make one). */
export function knownKioskId(r: ReadableDb): string | null {
  return readKioskId(r);
}

/** A text field as the fleet keeps it: at most 100 characters, no control characters. */
const clip = (s: string | undefined): string => (s ?? '').replace(/[\u0000-\u001f]/g, ' ').slice(0, 100);

function complete(w: WritableDb, e: FleetInput): FleetEvent {
  return checkFleetEvent({
    uuid: randomUUID(),
    seq: 1,
    atMs: e.atMs ?? clockMs(w),
    kind: e.kind,
    workflow: clip(e.workflow),
    counter: clip(e.counter),
    reader: clip(e.reader),
    operator: clip(e.operator),
    verdict: clip(e.verdict),
    reason: clip(e.reason),
    category: clip(e.category),
    outcome: clip(e.outcome),
    department: clip(e.department),
    lookup: clip(e.lookup),
    face: clip(e.face),
    liveness: clip(e.liveness),
    override: e.override ?? 0,
    alert: clip(e.alert),
    documentType: clip(e.documentType),
    totalMs: Math.max(0, Math.round(e.totalMs ?? 0)),
    apdus: Math.max(0, Math.round(e.apdus ?? 0)),
  });
}

/** Appends an event inside the caller's transaction (with what it reports); returns its seq. */
export function appendFleetInTx(w: WritableDb, input: FleetInput): number {
  if (!inTransaction(w)) throw invalid('appendFleetInTx outside a transaction');
  const e = complete(w, input);
  const res = statement(w, INSERT_SQL).run(...COLUMNS.map(([f]) => e[f]));
  const seq = Number(res.lastInsertRowid);
  for (const r of rollup(kioskId(w), [{ ...e, seq }])) statement(w, ROLLUP_UPSERT_SQL[r.facet]).run(...rollupParams(r));
  return seq;
}

/** Appends one event in a transaction of its own. */
export function appendFleet(w: WritableDb, input: FleetInput): number {
  kioskId(w);
  return transaction(w, () => appendFleetInTx(w, input));
}

/** The events after `afterSeq`, oldest first, at most `limit` (≤ 10,000). */
export function fleetAfter(r: ReadableDb, afterSeq: number, limit: number): FleetEvent[] {
  const n = Math.min(Math.max(Math.trunc(limit), 1), 10_000);
  return statement(r, SELECT_SQL).all(afterSeq, n) as FleetEvent[];
}

export function fleetLastSeq(r: ReadableDb): number {
  const row = statement(r, `SELECT seq FROM sqlite_sequence WHERE name = 'fleet_outbox'`).get() as { seq: number } | undefined;
  return row?.seq ?? 0;
}

export function fleetHwm(r: ReadableDb): number {
  const v = Number(sqlGetSetting(r, HWM_KEY) ?? 0);
  return Number.isSafeInteger(v) && v >= 0 ? v : 0;
}

/** Moves the high-water mark (only forward: a late, older answer never moves it back). */
export function setFleetHwm(w: WritableDb, seq: number): void {
  if (!Number.isSafeInteger(seq) || seq < 0) throw invalid('fleet hwm must be a non-negative integer');
  transaction(w, () => {
    if (seq > fleetHwm(w)) sqlPutSetting(w, HWM_KEY, String(seq), new Date(clockMs(w)).toISOString());
  });
}

/** The sync's last attempt as JSON (codes and times only), for `chipid fleet status` in another process. */
export function fleetStatusRecord<T>(r: ReadableDb): T | null {
  const v = sqlGetSetting(r, STATUS_KEY);
  if (v === undefined) return null;
  try {
    return JSON.parse(v) as T;
  } catch {
    return null;
  }
}

export function saveFleetStatusRecord(w: WritableDb, rec: unknown): void {
  const json = JSON.stringify(rec);
  if (json.length > 4000 || /\d{9,}/.test(json.replace(/"[a-zA-Z]*Ms":\d+/g, ''))) throw invalid('fleet status record is too long or holds an ID-like number');
  transaction(w, () => sqlPutSetting(w, STATUS_KEY, json, new Date(clockMs(w)).toISOString()));
}

/** The audit chain's head, shipped with each batch so a central auditor can tell a cut-short log. */
export function fleetAuditHead(r: ReadableDb): { seq: number; hash: string; at: string } | null {
  const h = auditHead(r);
  if (h.seq === 0) return null;
  const row = statement(r, `SELECT at FROM audit_log WHERE seq = ?`).get(h.seq) as { at: string } | undefined;
  return { seq: h.seq, hash: h.hash, at: row?.at ?? '' };
}

/** The kiosk's SQLite as a dashboard engine (the read-only connection). */
export function sqliteRunner(r: ReadableDb): SqlRunner {
  return { all: async (sql: string, params: readonly SqlValue[]) => statement(r, sql).all(...params) as Record<string, unknown>[] };
}

/** The kiosk's own dashboard over its outbox; `operatorName` adds names for a supervisor. */
export async function localDashboard(r: ReadableDb, q: DashboardQuery, opts: { kioskId: string | null; kioskName?: string | null; operatorName?(id: string): string | null; now?(): number }): Promise<Dashboard> {
  const self = opts.kioskId ?? '';
  return queryDashboard(sqliteRunner(r), q, {
    source: 'kiosk',
    eventsTable: 'fleet_outbox',
    selfKiosk: self,
    ...(opts.operatorName ? { operatorName: opts.operatorName } : {}),
    ...(opts.now ? { now: opts.now } : {}),
    kiosks: async () => {
      const row = statement(r, `SELECT COUNT(*) AS n, MAX(at_ms) AS last FROM fleet_outbox WHERE at_ms >= ? AND at_ms < ?`).get(q.fromMs, q.toMs) as { n: number; last: number | null };
      return [{ kiosk: self, name: opts.kioskName ?? null, events: row.n, lastEventMs: row.last, lastContactMs: null, auditSeq: auditHead(r).seq }];
    },
  });
}
