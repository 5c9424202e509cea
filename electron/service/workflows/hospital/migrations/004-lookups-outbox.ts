import type { Migration } from '../../../storage/migrations/types.js';

/**
 * Work the job runner retries with back-off: insurance lookups that got no answer (one row per visit) and
 * the HIS outbox (one row per delivery key; `state` only moves forward, so a delivered row is never due
 * again). Both are indexed on what "due" asks: the pending rows by their next attempt time.
 */
export const m004: Migration = {
  version: 4,
  name: 'insurance lookups and HIS outbox',
  sql: `CREATE TABLE hospital_lookups (
  visit_id TEXT PRIMARY KEY REFERENCES hospital_visits (visit_id),
  next_at_ms INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  queued_ms INTEGER NOT NULL
) STRICT;
CREATE INDEX hospital_lookups_due ON hospital_lookups (next_at_ms);
CREATE TABLE hospital_outbox (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  visit_id TEXT NOT NULL REFERENCES hospital_visits (visit_id),
  body TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'cancelled')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_at_ms INTEGER NOT NULL,
  created_ms INTEGER NOT NULL,
  delivered_ms INTEGER,
  last_error TEXT
) STRICT;
CREATE INDEX hospital_outbox_due ON hospital_outbox (next_at_ms) WHERE state = 'pending';
CREATE INDEX hospital_outbox_by_visit ON hospital_outbox (visit_id);`,
};
