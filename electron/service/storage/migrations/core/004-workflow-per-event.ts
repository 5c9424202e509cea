import type { Migration } from '../types.js';

/** The workflow of the counter that made each read ('verify-only', 'hospital', …); null for older events. */
export const m004: Migration = {
  version: 4,
  name: 'workflow per event',
  sql: `ALTER TABLE events ADD COLUMN workflow TEXT;`,
};
