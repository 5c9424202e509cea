/**
 * 002: when each kiosk first reported, and a log of its deliveries (how many events each batch brought and how
 * many were already there) for the central view's kiosk page. Only additions with defaults: a kiosk that knows
 * only 001 keeps inserting with its own column lists and never writes the log.
 */
import type { Migration } from './types.js';

export const m002: Migration = {
  version: 2,
  name: 'ingests',
  sql: `ALTER TABLE fleet_kiosks ADD COLUMN first_contact_ms BIGINT;
CREATE TABLE fleet_ingests (
  kiosk TEXT NOT NULL,
  at_ms BIGINT NOT NULL,
  inserted INTEGER NOT NULL,
  present INTEGER NOT NULL,
  hwm BIGINT NOT NULL,
  app_version TEXT NOT NULL DEFAULT ''
);
CREATE INDEX fleet_ingests_by_kiosk ON fleet_ingests (kiosk, at_ms);`,
};
