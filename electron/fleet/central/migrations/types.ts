/** One numbered migration of the central schema (index.ts lists them). */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}
