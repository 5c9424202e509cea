import type { Migration } from '../../../storage/migrations/types.js';

/** The departments ("khoa" / "phòng khám") a patient can be checked in to, with their queue-ticket prefix. */
export const m001: Migration = {
  version: 1,
  name: 'departments',
  sql: `CREATE TABLE hospital_departments (
  code TEXT PRIMARY KEY CHECK (length(code) BETWEEN 2 AND 10),
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
  prefix TEXT NOT NULL CHECK (length(prefix) <= 3),
  active INTEGER NOT NULL CHECK (active IN (0, 1)),
  updated_at TEXT NOT NULL
) STRICT;`,
};
