/**
 * 003: an index on (kiosk, hour_ms) for each rollup facet. The facets' keys lead with the hour (one range of the
 * table per period), so the central view's kiosk filter read every kiosk's rows of the period; with these it reads
 * one kiosk's (90 days of one kiosk among 100 × 10,000 events: p95 1,090 → 284 ms, docs/fleet.md). Indexes only:
 * a kiosk that knows 001 or 002 writes the same columns as before.
 */
import type { Migration } from './types.js';

const FACET_TABLES = ['fleet_h_reads', 'fleet_h_readers', 'fleet_h_hospital', 'fleet_h_bank', 'fleet_h_operators'];

export const m003: Migration = {
  version: 3,
  name: 'kiosk-indexes',
  sql: FACET_TABLES.map((t) => `CREATE INDEX ${t}_by_kiosk ON ${t} (kiosk, hour_ms);`).join('\n'),
};
