/**
 * The dashboard across the fleet: the shared queries (../dashboard.ts) over the central tables, and the kiosk
 * list from fleet_kiosks with each kiosk's events in the period (from the hourly rollup).
 */
import type { Dashboard, DashboardQuery } from '../../contract/dashboard.js';
import { HOUR_MS } from '../events.js';
import { queryDashboard } from '../dashboard.js';
import { sqlRunner, type CentralDb } from './db.js';

const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** Every kiosk that ever reported; with a query, its events and last event in that period (else all time). */
export async function centralKiosks(db: CentralDb, q?: DashboardQuery): Promise<Dashboard['kiosks']> {
  const params: unknown[] = [];
  let period = '';
  if (q) {
    params.push(Math.floor(q.fromMs / HOUR_MS) * HOUR_MS, q.toMs);
    period = ' AND h.hour_ms >= $1 AND h.hour_ms < $2';
  }
  let filter = '';
  if (q?.kiosk !== undefined) {
    params.push(q.kiosk);
    filter = ` WHERE k.kiosk = $${params.length}`;
  }
  const rows = await db.query(
    `SELECT k.kiosk, k.name, k.last_contact_ms, k.audit_seq, c.events, c.last_ms
FROM fleet_kiosks k LEFT JOIN (SELECT h.kiosk, SUM(h.n) AS events, MAX(h.last_ms) AS last_ms FROM (
  SELECT kiosk, hour_ms, n, 0 AS last_ms FROM fleet_h_reads UNION ALL SELECT kiosk, hour_ms, n, 0 FROM fleet_h_hospital UNION ALL SELECT kiosk, hour_ms, n, 0 FROM fleet_h_bank
  UNION ALL SELECT kiosk, hour_ms, 0, last_ms FROM fleet_h_readers) h WHERE TRUE${period} GROUP BY h.kiosk) c ON c.kiosk = k.kiosk${filter}
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
