import type { Migration } from '../types.js';

/**
 * The fleet outbox (electron/fleet/events.ts): one row per thing that happened at a counter, nothing personal,
 * numbered by `seq` without gaps (AUTOINCREMENT: a purged row's number is never given again), shipped to the
 * central PostgreSQL by the sync job; and its hourly rollups (one narrow table per chart, clustered on the hour),
 * from which the kiosk's own dashboard is drawn. The columns are the fleet event's; the rollup tables are the
 * central ones, column for column (events.ts rollupDdl).
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
      ) WITHOUT ROWID;
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
      ) WITHOUT ROWID;
      CREATE TABLE fleet_h_hospital (
        kiosk TEXT NOT NULL,
        hour_ms BIGINT NOT NULL,
        kind TEXT NOT NULL,
        department TEXT NOT NULL,
        lookup TEXT NOT NULL,
        override INTEGER NOT NULL,
        n BIGINT NOT NULL,
        PRIMARY KEY (hour_ms, kiosk, kind, department, lookup, override)
      ) WITHOUT ROWID;
      CREATE TABLE fleet_h_bank (
        kiosk TEXT NOT NULL,
        hour_ms BIGINT NOT NULL,
        outcome TEXT NOT NULL,
        face TEXT NOT NULL,
        liveness TEXT NOT NULL,
        override INTEGER NOT NULL,
        n BIGINT NOT NULL,
        PRIMARY KEY (hour_ms, kiosk, outcome, face, liveness, override)
      ) WITHOUT ROWID;
      CREATE TABLE fleet_h_operators (
        kiosk TEXT NOT NULL,
        hour_ms BIGINT NOT NULL,
        operator TEXT NOT NULL,
        kind TEXT NOT NULL,
        override INTEGER NOT NULL,
        n BIGINT NOT NULL,
        PRIMARY KEY (hour_ms, kiosk, operator, kind, override)
      ) WITHOUT ROWID;`,
};
