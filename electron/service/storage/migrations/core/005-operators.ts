import type { Migration } from '../types.js';

/**
 * The counter operators (receptionists, tellers, supervisors), shared by every workflow, so in the core.
 * The full CCCD is kept because the insurance gateway asks for the operator's number with each lookup; the
 * database is encrypted at rest. `pin_hash` is a salted scrypt record (admin.ts hashPin); `wrong_pin_times`
 * keeps recent wrong PINs so a restart does not lift a lockout. The admin operator (op_00000000) has no row:
 * its PIN is the admin PIN, checked by the admin module, never copied here.
 */
export const m005: Migration = {
  version: 5,
  name: 'operators',
  sql: `
      CREATE TABLE operators (
        id TEXT PRIMARY KEY CHECK (length(id) = 11 AND id GLOB 'op_[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]' AND id <> 'op_00000000'),
        name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
        cccd TEXT NOT NULL UNIQUE CHECK (length(cccd) = 12 AND cccd NOT GLOB '*[^0-9]*'),
        role TEXT NOT NULL CHECK (role IN ('reception', 'supervisor', 'admin')),
        pin_hash TEXT NOT NULL CHECK (json_valid(pin_hash)),
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        wrong_pin_times TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(wrong_pin_times))
      ) STRICT;`,
};
