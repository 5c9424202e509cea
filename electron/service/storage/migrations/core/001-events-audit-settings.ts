import type { Migration } from '../types.js';

export const m001: Migration = {
  version: 1,
  name: 'events, audit log, settings',
  sql: `
      CREATE TABLE events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at_ms INTEGER NOT NULL,
        at_iso TEXT NOT NULL,
        reader_name TEXT NOT NULL,
        counter_id TEXT NOT NULL,
        purpose TEXT NOT NULL,
        verdict TEXT NOT NULL CHECK (verdict IN ('verified', 'not_verified', 'error')),
        tiers TEXT NOT NULL CHECK (json_valid(tiers)),
        error_code TEXT,
        timings TEXT NOT NULL CHECK (json_valid(timings)),
        document_type TEXT,
        id_last4 TEXT CHECK (id_last4 IS NULL OR (length(id_last4) = 4 AND id_last4 NOT GLOB '*[^0-9]*')),
        id_hash BLOB CHECK (id_hash IS NULL OR length(id_hash) = 32)
      ) STRICT;
      CREATE INDEX events_by_time ON events (at_ms);
      CREATE INDEX events_by_id_hash ON events (id_hash, at_ms) WHERE id_hash IS NOT NULL;

      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        details TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      ) STRICT;
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL CHECK (json_valid(value)),
        updated_at TEXT NOT NULL
      ) STRICT;`,
};
