import type { Migration } from '../types.js';

export const m002: Migration = {
  version: 2,
  name: 'index events by verdict for filtered lists',
  sql: `CREATE INDEX events_by_verdict_time ON events (verdict, at_ms);`,
};
