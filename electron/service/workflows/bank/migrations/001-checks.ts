import type { Migration } from '../../../storage/migrations/types.js';

/**
 * Customer checks, their decisions and their signed receipts. A check's view (identity, verdict, tiers, face
 * and liveness results) is kept as JSON: the bank must keep the identification data (../shared/COUNTERS.md),
 * and the database is SQLCipher-encrypted. The receipt is the signed JSON exactly as handed out.
 */
export const m001: Migration = {
  version: 1,
  name: 'checks',
  sql: `CREATE TABLE bank_checks (
  check_id TEXT PRIMARY KEY,
  reader_id TEXT NOT NULL,
  counter TEXT,
  day TEXT NOT NULL,
  read_ms INTEGER NOT NULL,
  status TEXT NOT NULL,
  verdict TEXT NOT NULL,
  id_last4 TEXT,
  view_json TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX bank_checks_by_day ON bank_checks (day, read_ms);
CREATE TABLE bank_decisions (
  check_id TEXT PRIMARY KEY REFERENCES bank_checks (check_id),
  outcome TEXT NOT NULL CHECK (outcome IN ('confirmed', 'refused')),
  reason TEXT,
  operator_id TEXT NOT NULL,
  override_supervisor TEXT,
  override_reason TEXT,
  decided_at TEXT NOT NULL
) STRICT;
CREATE TABLE bank_receipts (
  receipt_id TEXT PRIMARY KEY,
  check_id TEXT NOT NULL UNIQUE REFERENCES bank_checks (check_id),
  issued_at TEXT NOT NULL,
  receipt_json TEXT NOT NULL
) STRICT;`,
};
