import type { Migration } from '../../../storage/migrations/types.js';

/**
 * The patient registry, keyed by the 12-digit CCCD number. WITHOUT ROWID: the CCCD is the table's own B-tree
 * key, so a lookup by ID is one descent and no second one through a rowid.
 *
 * Name + date-of-birth search goes through `hospital_name_keys`: one row per word-boundary suffix of the
 * folded name ('NGUYEN VAN AN', 'VAN AN', 'AN'; store/fold.ts nameKeys), with the year and date of birth.
 * A prefix of the name is a range on its first key, a run of whole words a range on one of its keys, so
 * every search is an index range seek. Chosen by measuring 1,000,000 synthetic patients (about four in ten
 * named Nguyễn; bench/hospital-registry.ts, 1000 queries, 30 % with the birth year only), on a busy 2-core VM:
 *   (dob, name_folded) on the patients: exact date p50 0.12 ms, but a year alone scans that year's slice
 *     (~10,000 entries, LIKE on each): p50 45 ms for a full name with few namesakes;
 *   (name_folded, dob): a name prefix seeks, a whole-word match ("VAN AN") scans everything: p50 76 ms;
 *   these keys: p50 0.33 ms, p99 5.4 ms for the SQL, at the price of ~3 key rows per patient.
 * The keys are kept by store/sql.ts with every insert, update and delete of a patient, removed by their own
 * primary key (recomputed from the stored name and date), so they need no index by patient.
 *
 * `last_seen_ms` drives retention (purgePatients): the last time the person was written or checked in.
 */
export const m002: Migration = {
  version: 2,
  name: 'patients',
  sql: `CREATE TABLE hospital_patients (
  cccd TEXT PRIMARY KEY CHECK (length(cccd) = 12),
  cmnd TEXT,
  full_name TEXT NOT NULL,
  name_folded TEXT NOT NULL,
  dob TEXT NOT NULL,
  sex TEXT CHECK (sex IN ('M', 'F', 'X')),
  address TEXT,
  phone TEXT,
  insurance_code TEXT,
  source TEXT NOT NULL CHECK (source IN ('chip', 'chip-unverified', 'qr', 'typed')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  last_seen_ms INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX hospital_patients_by_last_seen ON hospital_patients (last_seen_ms);
CREATE TABLE hospital_name_keys (
  year TEXT NOT NULL,
  key TEXT NOT NULL,
  cccd TEXT NOT NULL,
  dob TEXT NOT NULL,
  whole INTEGER NOT NULL CHECK (whole IN (0, 1)),
  PRIMARY KEY (year, key, cccd)
) STRICT, WITHOUT ROWID;
CREATE INDEX hospital_name_keys_by_dob ON hospital_name_keys (dob, key);`,
};
