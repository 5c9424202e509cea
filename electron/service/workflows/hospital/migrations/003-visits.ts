import type { Migration } from '../../../storage/migrations/types.js';

/**
 * Visits ("lượt khám"). The UNIQUE (day, department, queue_number) constraint is the guard against a queue
 * number handed out twice, whatever the code above it does; the number itself is max + 1 inside the same
 * BEGIN IMMEDIATE transaction as the insert (store/visits.ts), which that index also answers.
 *
 * A visit outlives its patient's record (deletion on request, retention): `patient_cccd` and the personal
 * columns are then nulled and only `cccd_last4`, the department, queue number, times and the insurance
 * status remain.
 */
export const m003: Migration = {
  version: 3,
  name: 'visits',
  sql: `CREATE TABLE hospital_visits (
  visit_id TEXT PRIMARY KEY,
  patient_cccd TEXT,
  cccd_last4 TEXT NOT NULL CHECK (length(cccd_last4) = 4),
  department TEXT NOT NULL REFERENCES hospital_departments (code),
  day TEXT NOT NULL,
  queue_number INTEGER NOT NULL CHECK (queue_number >= 1),
  queue_label TEXT NOT NULL,
  operator_id TEXT NOT NULL,
  counter TEXT,
  identity_source TEXT NOT NULL CHECK (identity_source IN ('chip', 'chip-unverified', 'qr', 'typed')),
  override_supervisor TEXT,
  override_reason TEXT,
  insurance_status TEXT NOT NULL,
  insurance_json TEXT,
  created_at TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  printed TEXT NOT NULL CHECK (printed IN ('no', 'yes', 'failed')),
  UNIQUE (day, department, queue_number)
) STRICT;
CREATE INDEX hospital_visits_by_patient ON hospital_visits (patient_cccd) WHERE patient_cccd IS NOT NULL;
CREATE INDEX hospital_visits_by_day_time ON hospital_visits (day, created_ms);`,
};
