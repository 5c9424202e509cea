/**
 * A numbered schema migration. Each lives in its own file (`<component>/NNN-what.ts`), runs once in its own
 * transaction, and is never edited after it has shipped: a change is a new file with the next number.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * The migrations of one component: 'core' (the kiosk's events, audit log and settings) or a workflow
 * ('hospital', 'bank', …). Core's version is SQLite's `user_version`, as it always was; every other
 * component's version is a row of `schema_versions` (sql.ts), so a workflow's tables arrive and evolve with it.
 */
export interface ComponentMigrations {
  component: string;
  migrations: readonly Migration[];
}
