/**
 * 001: the fleet's events (one row per event of every kiosk, keyed by (kiosk, seq), each uuid once), their hourly
 * rollup facets (the same DDL as the kiosk's outbox: events.ts rollupDdl; their keys lead with the hour, so each also has
 * a (kiosk, hour_ms) index for the central view's kiosk filter), the kiosks with their high-water mark and last contact,
 * and every audit-chain head a kiosk shipped (so an auditor can prove a kiosk's log was not cut short).
 */
import { EVENT_COLUMNS_DDL, FACETS, rollupDdl } from '../../events.js';
import type { Migration } from './types.js';

export const m001: Migration = {
  version: 1,
  name: 'events',
  sql: `CREATE TABLE fleet_events (
  kiosk TEXT NOT NULL,
${EVENT_COLUMNS_DDL},
  received_ms BIGINT NOT NULL,
  PRIMARY KEY (kiosk, seq),
  UNIQUE (uuid)
);
CREATE INDEX fleet_events_at ON fleet_events (at_ms);
CREATE INDEX fleet_events_by_kiosk_at ON fleet_events (kiosk, at_ms);
CREATE INDEX fleet_events_alerts ON fleet_events (at_ms) WHERE alert <> '';
${rollupDdl('postgres')}
${Object.values(FACETS)
  .map((f) => `CREATE INDEX ${f.table}_by_kiosk ON ${f.table} (kiosk, hour_ms);`)
  .join('\n')}
CREATE TABLE fleet_kiosks (
  kiosk TEXT PRIMARY KEY,
  name TEXT,
  app_version TEXT NOT NULL,
  event_version INTEGER NOT NULL,
  hwm BIGINT NOT NULL DEFAULT 0,
  last_contact_ms BIGINT NOT NULL,
  audit_seq BIGINT,
  audit_hash TEXT,
  audit_at TEXT
);
CREATE TABLE fleet_audit_heads (
  kiosk TEXT NOT NULL,
  seq BIGINT NOT NULL,
  hash TEXT NOT NULL,
  at TEXT NOT NULL,
  received_ms BIGINT NOT NULL,
  PRIMARY KEY (kiosk, seq)
);`,
};
