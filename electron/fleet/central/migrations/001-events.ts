/**
 * 001: the fleet's events (one row per event of every kiosk, keyed by (kiosk, seq), each uuid once), their hourly
 * rollups (the facets of events.ts, the kiosk's tables column for column; written out here, since a shipped
 * migration never changes), the kiosks with their high-water mark and last contact,
 * and every audit-chain head a kiosk shipped (so an auditor can prove a kiosk's log was not cut short).
 */
import type { Migration } from './types.js';

export const m001: Migration = {
  version: 1,
  name: 'events',
  sql: `CREATE TABLE fleet_events (
  kiosk TEXT NOT NULL,
  uuid TEXT NOT NULL,
  seq BIGINT NOT NULL,
  at_ms BIGINT NOT NULL,
  kind TEXT NOT NULL,
  workflow TEXT NOT NULL,
  counter TEXT NOT NULL,
  reader TEXT NOT NULL,
  operator TEXT NOT NULL,
  verdict TEXT NOT NULL,
  reason TEXT NOT NULL,
  category TEXT NOT NULL,
  outcome TEXT NOT NULL,
  department TEXT NOT NULL,
  lookup TEXT NOT NULL,
  face TEXT NOT NULL,
  liveness TEXT NOT NULL,
  override BIGINT NOT NULL,
  alert TEXT NOT NULL,
  document_type TEXT NOT NULL,
  total_ms BIGINT NOT NULL,
  apdus BIGINT NOT NULL,
  received_ms BIGINT NOT NULL,
  PRIMARY KEY (kiosk, seq),
  UNIQUE (uuid)
);
CREATE INDEX fleet_events_at ON fleet_events (at_ms);
CREATE INDEX fleet_events_alerts ON fleet_events (at_ms) WHERE alert <> '';
CREATE TABLE fleet_h_reads (
  kiosk TEXT NOT NULL,
  hour_ms BIGINT NOT NULL,
  workflow TEXT NOT NULL,
  verdict TEXT NOT NULL,
  reason TEXT NOT NULL,
  category TEXT NOT NULL,
  alert TEXT NOT NULL,
  lat_bucket INTEGER NOT NULL,
  n BIGINT NOT NULL,
  total_ms_sum BIGINT NOT NULL,
  PRIMARY KEY (hour_ms, kiosk, workflow, verdict, reason, category, alert, lat_bucket)
);
CREATE TABLE fleet_h_readers (
  kiosk TEXT NOT NULL,
  hour_ms BIGINT NOT NULL,
  counter TEXT NOT NULL,
  reader TEXT NOT NULL,
  verdict TEXT NOT NULL,
  category TEXT NOT NULL,
  n BIGINT NOT NULL,
  apdus_sum BIGINT NOT NULL,
  last_ms BIGINT NOT NULL,
  PRIMARY KEY (hour_ms, kiosk, counter, reader, verdict, category)
);
CREATE TABLE fleet_h_hospital (
  kiosk TEXT NOT NULL,
  hour_ms BIGINT NOT NULL,
  kind TEXT NOT NULL,
  department TEXT NOT NULL,
  lookup TEXT NOT NULL,
  override INTEGER NOT NULL,
  n BIGINT NOT NULL,
  PRIMARY KEY (hour_ms, kiosk, kind, department, lookup, override)
);
CREATE TABLE fleet_h_bank (
  kiosk TEXT NOT NULL,
  hour_ms BIGINT NOT NULL,
  outcome TEXT NOT NULL,
  face TEXT NOT NULL,
  liveness TEXT NOT NULL,
  override INTEGER NOT NULL,
  n BIGINT NOT NULL,
  PRIMARY KEY (hour_ms, kiosk, outcome, face, liveness, override)
);
CREATE TABLE fleet_h_operators (
  kiosk TEXT NOT NULL,
  hour_ms BIGINT NOT NULL,
  operator TEXT NOT NULL,
  kind TEXT NOT NULL,
  override INTEGER NOT NULL,
  n BIGINT NOT NULL,
  PRIMARY KEY (hour_ms, kiosk, operator, kind, override)
);
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
