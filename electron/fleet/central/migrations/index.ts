/**
 * The central schema's migrations, numbered; `fleet_schema (version, name, applied_ms)` records each one applied.
 * Each runs in its own transaction under one advisory lock, so a hundred kiosks starting at once apply it once.
 * A kiosk migrates up to the version it knows and never down; a newer schema keeps working for it (every
 * statement names its columns; later migrations only add columns with defaults and tables).
 */
import type { CentralDb } from '../db.js';
import { FleetError } from '../errors.js';
import { m001 } from './001-events.js';
import { m002 } from './002-ingests.js';
import { m003 } from './003-kiosk-indexes.js';

import type { Migration } from './types.js';

export type { Migration };

export const MIGRATIONS: readonly Migration[] = [m001, m002, m003];
/** The newest schema this build knows. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
/** pg_advisory_xact_lock's key for schema changes (any constant the fleet's tables agree on). */
const LOCK_KEY = 778_700_114;

async function applied(db: CentralDb): Promise<Map<number, string>> {
  const exists = await db.query(`SELECT to_regclass('fleet_schema') IS NOT NULL AS ok`);
  if (exists[0]?.ok !== true) return new Map();
  const rows = await db.query('SELECT version, name FROM fleet_schema');
  return new Map(rows.map((r) => [Number(r.version), String(r.name)]));
}

/**
 * Brings the schema up to `upTo` (default: all this build knows); returns the database's version afterwards
 * (which may be newer than `upTo`). A version recorded under another name means the database was made by
 * another line of this software: FLEET_SCHEMA_NEWER.
 */
export async function migrate(db: CentralDb, upTo: number = SCHEMA_VERSION): Promise<{ version: number; applied: number[] }> {
  const done: number[] = [];
  let have = await applied(db);
  for (const m of MIGRATIONS) {
    if (m.version > upTo) break;
    if (have.has(m.version)) continue;
    const ran = await db.tx(async (q) => {
      await q('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
      await q('CREATE TABLE IF NOT EXISTS fleet_schema (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_ms BIGINT NOT NULL)');
      const there = await q('SELECT name FROM fleet_schema WHERE version = $1', [m.version]);
      if (there.length > 0) return false;
      await q(m.sql);
      await q('INSERT INTO fleet_schema (version, name, applied_ms) VALUES ($1, $2, $3)', [m.version, m.name, Date.now()]);
      return true;
    });
    if (ran) done.push(m.version);
  }
  have = await applied(db);
  for (const m of MIGRATIONS) {
    const name = have.get(m.version);
    if (m.version <= upTo && name !== undefined && name !== m.name) {
      throw new FleetError('FLEET_SCHEMA_NEWER', `schema version ${m.version} is "${name.slice(0, 40)}" in the database, "${m.name}" in this build`);
    }
  }
  return { version: Math.max(0, ...have.keys()), applied: done };
}
