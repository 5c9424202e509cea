/**
 * The dashboard across the fleet: the shared queries (../dashboard.ts) over the central tables, and the kiosk
 * list from fleet_kiosks with each kiosk's events in the period (from the hourly rollup).
 */
import type { Dashboard, DashboardQuery } from '../../contract/dashboard.js';
import { FACETS, HOUR_MS } from '../events.js';
import { queryDashboard } from '../dashboard.js';
import { sqlRunner, type CentralDb } from './db.js';

const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** The facets that count every event once: reads, hospital (check-ins and lookups) and bank checks. */
const EVENT_FACETS = [FACETS.reads.table, FACETS.hospital.table, FACETS.bank.table];

/** Events counted by the rollup, all kiosks (each event once): the tests' and the benchmark's check. */
export const ROLLUP_EVENT_COUNT_SQL = `SELECT ${EVENT_FACETS.map((t) => `(SELECT COALESCE(SUM(n), 0) FROM ${t})`).join(' + ')} AS n`;

/**
 * Every kiosk that ever reported; with a query, its events in that period (from the facets that count each
 * event once) and its last event in it (the (kiosk, at_ms) index), else all time.
 */
export async function centralKiosks(db: CentralDb, q?: DashboardQuery): Promise<Dashboard['kiosks']> {
  const params: unknown[] = [q ? Math.floor(q.fromMs / HOUR_MS) * HOUR_MS : 0, q ? q.toMs : Number.MAX_SAFE_INTEGER, q ? q.fromMs : 0];
  let filter = '';
  if (q?.kiosk !== undefined) {
    params.push(q.kiosk);
    filter = ' WHERE k.kiosk = $4';
  }
  const counts = EVENT_FACETS.map((t) => `SELECT kiosk, SUM(n) AS n FROM ${t} WHERE hour_ms >= $1 AND hour_ms < $2 GROUP BY kiosk`).join(' UNION ALL ');
  const rows = await db.query(
    `SELECT k.kiosk, k.name, k.last_contact_ms, k.audit_seq, c.events,
  (SELECT MAX(e.at_ms) FROM fleet_events e WHERE e.kiosk = k.kiosk AND e.at_ms >= $3 AND e.at_ms < $2) AS last_ms
FROM fleet_kiosks k LEFT JOIN (SELECT kiosk, SUM(n) AS events FROM (${counts}) f GROUP BY kiosk) c ON c.kiosk = k.kiosk${filter}
ORDER BY k.kiosk`,
    params,
  );
  return rows.map((r) => ({
    kiosk: String(r.kiosk),
    name: r.name === null || r.name === undefined ? null : String(r.name),
    events: Number(r.events ?? 0),
    lastEventMs: numOrNull(r.last_ms),
    lastContactMs: numOrNull(r.last_contact_ms),
    auditSeq: numOrNull(r.audit_seq),
  }));
}

export function centralDashboard(db: CentralDb, q: DashboardQuery, opts: { now?: () => number } = {}): Promise<Dashboard> {
  return queryDashboard(sqlRunner(db), q, { source: 'central', eventsTable: 'fleet_events', kiosks: (qq) => centralKiosks(db, qq), ...(opts.now ? { now: opts.now } : {}) });
}
