import type { Migration } from '../../../storage/migrations/types.js';

/**
 * The patient registry, keyed by the 12-digit CCCD number. WITHOUT ROWID: the CCCD is the table's own B-tree
 * key, so a lookup by ID is one descent and no second one through a rowid.
 *
 * `name_folded` is the name without diacritics, upper case (store/fold.ts): the search key. The search index
 * leads with the date of birth, not the name, because measured on 1,000,000 synthetic patients
 * (bench/hospital-registry.ts) a name prefix is not selective — about four in ten Vietnamese are Nguyễn, and
 * "NGUYEN VAN" alone matches a fifth of the table — while one birth date narrows to a few dozen rows, and a
 * whole-word match ("VAN AN") cannot use a name-first index at all. Either order serves dob = ? AND name
 * prefix; only dob-first keeps "NGUYEN" + a year to one year's slice of the index.
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
CREATE INDEX hospital_patients_by_dob_name ON hospital_patients (dob, name_folded);
CREATE INDEX hospital_patients_by_last_seen ON hospital_patients (last_seen_ms);`,
};
