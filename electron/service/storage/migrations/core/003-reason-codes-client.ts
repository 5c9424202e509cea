import type { Migration } from '../types.js';

/**
 * Events keep reason codes, not reasons (storage/index.ts rewrites the old tiers in the same transaction);
 * the old keyed hashes were made under installation.key, which sat beside the database, so they go; the
 * client that asked for each read is recorded from now on.
 */
export const m003: Migration = {
  version: 3,
  name: 'reason codes, no hashes under the retired installation key, client per event',
  sql: `ALTER TABLE events ADD COLUMN client_id TEXT;`,
};
