import type { Migration } from '../types.js';

/**
 * The fleet outbox (electron/fleet/events.ts): one row per thing that happened at a counter, nothing personal,
 * numbered by `seq` without gaps (AUTOINCREMENT: a purged row's number is never given again), shipped to the
 * central PostgreSQL by the sync job; and its hourly rollup, from which the kiosk's own dashboard is drawn.
 * The columns are the fleet event's; the rollup table is the central one's, column for column.
 */
export const m006: Migration = {
  version: 6,
  name: 'fleet outbox',
  sql: `
      CREATE TABLE fleet_outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        uuid TEXT NOT NULL UNIQUE CHECK (length(uuid) = 36),
        at_ms INTEGER NOT NULL,
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
        override INTEGER NOT NULL CHECK (override IN (0, 1)),
        alert TEXT NOT NULL CHECK (alert IN ('', 'clone', 'tamper')),
        document_type TEXT NOT NULL,
        total_ms INTEGER NOT NULL,
        apdus INTEGER NOT NULL
      );
      CREATE INDEX fleet_outbox_by_time ON fleet_outbox (at_ms);
      CREATE INDEX fleet_outbox_alerts ON fleet_outbox (at_ms) WHERE alert <> '';
      CREATE TABLE fleet_hourly (
        kiosk TEXT NOT NULL,
        hour_ms INTEGER NOT NULL,
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
        override INTEGER NOT NULL,
        alert TEXT NOT NULL,
        lat_bucket INTEGER NOT NULL,
        n INTEGER NOT NULL,
        last_ms INTEGER NOT NULL,
        total_ms_sum INTEGER NOT NULL,
        apdus_sum INTEGER NOT NULL,
        UNIQUE (kiosk, hour_ms, kind, workflow, counter, reader, operator, verdict, reason, category, outcome, department, lookup, face, liveness, override, alert, lat_bucket)
      );
      CREATE INDEX fleet_hourly_by_hour ON fleet_hourly (hour_ms, kiosk);`,
};
