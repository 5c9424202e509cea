/**
 * The central database: a real PostgreSQL (`postgres://…`, a `pg` Pool) or the embedded PGlite (`pglite:memory`,
 * `pglite:<folder>`) for development without a server. Both run the same SQL text. Every driver error leaves
 * here as a FleetError (errors.ts); no message carries the URL's password.
 */
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import type { SqlRunner, SqlRow, SqlValue } from '../dashboard.js';
import { FleetError, asFleetError, redactUrl } from './errors.js';

export type Row = Record<string, unknown>;
/** One statement (or, without params, a script of several) and its rows (of the last statement). */
export type Query = (sql: string, params?: readonly unknown[]) => Promise<Row[]>;

export interface CentralDb {
  kind: 'postgres' | 'pglite';
  /** The URL without its password. */
  label: string;
  query: Query;
  /** One transaction on one connection; rolled back when `fn` throws. */
  tx<T>(fn: (q: Query) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Pool size (PostgreSQL). Default 4. */
  max?: number;
  /** How long to wait for a connection, ms. Default 5000. */
  connectTimeoutMs?: number;
}

export function isCentralUrl(url: string): boolean {
  return /^(postgres|postgresql):\/\//.test(url) || /^pglite:/.test(url);
}

export async function openCentral(url: string, opts: OpenOptions = {}): Promise<CentralDb> {
  if (/^(postgres|postgresql):\/\//.test(url)) return openPostgres(url, opts);
  if (url.startsWith('pglite:')) return openPglite(url.slice('pglite:'.length));
  throw new FleetError('FLEET_CONFIG', `not a postgres://, postgresql:// or pglite: URL (${redactUrl(url).slice(0, 80)})`);
}

function lastRows(res: pg.QueryResult | pg.QueryResult[]): Row[] {
  const r = Array.isArray(res) ? res[res.length - 1] : res;
  return (r?.rows ?? []) as Row[];
}

async function openPostgres(url: string, opts: OpenOptions): Promise<CentralDb> {
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 4, connectionTimeoutMillis: opts.connectTimeoutMs ?? 5000, idleTimeoutMillis: 30_000 });
  // An idle connection that the server closes (a restart) is reported here; the next query reconnects.
  pool.on('error', () => undefined);
  pool.on('connect', (c) => void c.on('error', () => undefined));
  const run =
    (c: pg.Pool | pg.PoolClient): Query =>
    async (sql, params) => {
      try {
        return lastRows(params && params.length > 0 ? await c.query(sql, params as unknown[]) : await c.query(sql));
      } catch (e) {
        throw asFleetError(e);
      }
    };
  const db: CentralDb = {
    kind: 'postgres',
    label: redactUrl(url),
    query: run(pool),
    async tx(fn) {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (e) {
        throw asFleetError(e);
      }
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const out = await fn(run(client));
        await client.query('COMMIT');
        return out;
      } catch (e) {
        try {
          await client.query('ROLLBACK');
        } catch (e2) {
          broken = e2 instanceof Error ? e2 : new Error(String(e2));
        }
        throw asFleetError(e);
      } finally {
        client.release(broken);
      }
    },
    async close() {
      await pool.end();
    },
  };
  // Fail now, with a coded error, rather than at the first sync.
  await db.query('SELECT 1');
  return db;
}

async function openPglite(where: string): Promise<CentralDb> {
  const lite = where === 'memory' || where === '' ? new PGlite() : new PGlite(where);
  await lite.waitReady;
  type Runner = Pick<PGlite, 'query' | 'exec'>;
  const run =
    (c: Runner): Query =>
    async (sql, params) => {
      try {
        if (params && params.length > 0) return (await c.query<Row>(sql, params as unknown[])).rows;
        const res = await c.exec(sql);
        return (res[res.length - 1]?.rows ?? []) as Row[];
      } catch (e) {
        throw asFleetError(e);
      }
    };
  return {
    kind: 'pglite',
    label: `pglite:${where}`,
    query: run(lite),
    async tx(fn) {
      try {
        return await lite.transaction((t) => fn(run(t as unknown as Runner)));
      } catch (e) {
        throw asFleetError(e);
      }
    },
    async close() {
      await lite.close();
    },
  };
}

/** `?` placeholders numbered $1…$n (the shared dashboard SQL has no `?` inside a literal). */
export function numberPlaceholders(sql: string): string {
  let i = 0;
  return sql.replace(/\?/g, () => `$${++i}`);
}

/** The dashboard's engine over the central database. */
export function sqlRunner(db: CentralDb): SqlRunner {
  return {
    all: (sql: string, params: readonly SqlValue[]): Promise<SqlRow[]> => db.query(numberPlaceholders(sql), params),
  };
}
