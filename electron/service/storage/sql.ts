/**
 * All SQL of the kiosk's storage lives in this module: connection pragmas, numbered migrations and every
 * statement. Other storage modules validate, hash and map; only this one talks to SQLite.
 *
 * Two connections per database: a writer (WritableDb) and a read-only reader (ReadableDb, opened with
 * SQLITE_OPEN_READONLY and `query_only`), so a write through a read handle fails at compile time (brands)
 * and at run time (SQLite refuses).
 *
 * Encrypted at rest: SQLCipher 4 pages (AES-256-CBC + HMAC-SHA512 per page, via SQLite3MultipleCiphers) under a
 * raw 32-byte key derived from the master key (secrets.ts), so no passphrase KDF runs at each open.
 *
 * The migrations' SQL lives one file per migration under migrations/<component>/; this module runs them.
 */
import Database from 'better-sqlite3-multiple-ciphers';
import { ChipIdError, CodedError } from '../../emrtd/errors.js';
import { StorageError } from './errors.js';
import { unlock } from './cipher.js';
import type { ReadableDb, WritableDb } from './types.js';
import { CORE_MIGRATIONS } from './migrations/core/index.js';
import type { ComponentMigrations, Migration } from './migrations/types.js';

export type Durability = 'full' | 'normal';

export type { ComponentMigrations, Migration } from './migrations/types.js';

/** The core's numbered migrations (one file each under migrations/core/). Their version is `user_version`. */
export const MIGRATIONS: readonly Migration[] = CORE_MIGRATIONS;

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;

// ---------------------------------------------------------------------------------------------------------
// Handles

interface Conn {
  db: Database.Database;
  now: () => number;
  stmts: Map<string, Database.Statement>;
  /** One transaction function per connection, reused: `run.immediate(fn)` runs fn in a transaction. */
  run: Database.Transaction<(fn: () => unknown) => unknown>;
}

function newConn(db: Database.Database, now: () => number): Conn {
  return { db, now, stmts: new Map(), run: db.transaction((fn: () => unknown) => fn()) };
}

const CONNS = new WeakMap<object, Conn>();

function conn(h: ReadableDb): Conn {
  const c = CONNS.get(h);
  if (c === undefined) throw new ChipIdError('INTERNAL', 'storage: unknown database handle');
  if (!c.db.open) throw new ChipIdError('INTERNAL', 'storage: database handle is closed');
  return c;
}

function prep(h: ReadableDb, sql: string): Database.Statement {
  const c = conn(h);
  let s = c.stmts.get(sql);
  if (s === undefined) {
    s = c.db.prepare(sql);
    c.stmts.set(sql, s);
  }
  return s;
}

/**
 * A cached prepared statement on the handle's connection, for a workflow's own SQL module
 * (`workflows/<name>/store/sql.ts`: the workflow's SQL lives with it, as the core's lives here). A write
 * through a ReadableDb still fails (that connection is read-only); run writes in `transaction(w, …)`.
 */
export function statement(h: ReadableDb, sql: string): Database.Statement {
  return prep(h, sql);
}

export interface OpenOptions {
  /** The SQLCipher key (32 bytes). */
  key: Uint8Array;
  durability: Durability;
  busyTimeoutMs: number;
  now: () => number;
  /** Replaces MIGRATIONS (tests only). */
  migrations?: readonly Migration[];
  /** Called inside each migration's transaction, after its DDL. */
  onMigrated?: (w: WritableDb, from: number, to: number) => void;
  /** Workflows' migrations, run after the core's, each component in its own version line. */
  components?: readonly ComponentMigrations[];
  /** Called inside each component migration's transaction, after its DDL. */
  onComponentMigrated?: (w: WritableDb, component: string, from: number, to: number) => void;
}

export interface Connections {
  read: ReadableDb;
  write: WritableDb;
  close(): void;
}

function storageError(what: string, cause: unknown): StorageError {
  return new StorageError('STORAGE_ERROR', `storage: ${what}`, { cause });
}

export function openConnections(file: string, opts: OpenOptions): Connections {
  let wdb: Database.Database;
  try {
    wdb = new Database(file, { timeout: opts.busyTimeoutMs });
  } catch (e) {
    throw storageError('cannot open the database file', e);
  }
  try {
    unlock(wdb, opts.key);
    const mode = wdb.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal') throw new StorageError('STORAGE_ERROR', `storage: WAL mode refused (got ${String(mode)})`);
    wdb.pragma(`synchronous = ${opts.durability === 'full' ? 'FULL' : 'NORMAL'}`);
    wdb.pragma('foreign_keys = ON');
    wdb.pragma('secure_delete = ON'); // purged rows are zeroed, not left in free pages
    wdb.pragma('trusted_schema = OFF');
    wdb.pragma('journal_size_limit = 67108864');
    // Checkpoints normally run from the facade's idle timer, not inside a commit (they would add
    // milliseconds to 1 commit in ~200). This high threshold is only the safety net.
    wdb.pragma('wal_autocheckpoint = 10000');
    wdb.pragma('cache_size = -20000');
    const write = Object.freeze({}) as WritableDb;
    CONNS.set(write, newConn(wdb, opts.now));
    migrate(write, opts.migrations ?? MIGRATIONS, opts.onMigrated);
    for (const c of opts.components ?? []) migrateComponent(write, c, opts.onComponentMigrated);

    const rdb = new Database(file, { readonly: true, fileMustExist: true, timeout: opts.busyTimeoutMs });
    try {
      unlock(rdb, opts.key);
    } catch (e) {
      rdb.close();
      throw e;
    }
    rdb.pragma('query_only = ON');
    rdb.pragma('trusted_schema = OFF');
    rdb.pragma('cache_size = -20000');
    const read = Object.freeze({}) as ReadableDb;
    CONNS.set(read, newConn(rdb, opts.now));
    return {
      read,
      write,
      close() {
        if (rdb.open) rdb.close();
        if (wdb.open) wdb.close();
      },
    };
  } catch (e) {
    wdb.close();
    if (e instanceof CodedError) throw e;
    throw storageError('cannot prepare the database', e);
  }
}

function userVersion(w: ReadableDb): number {
  const v = conn(w).db.pragma('user_version', { simple: true });
  return typeof v === 'number' ? v : 0;
}

function migrate(
  w: WritableDb,
  migrations: readonly Migration[],
  onMigrated: OpenOptions['onMigrated'],
): void {
  const db = conn(w).db;
  const latest = migrations[migrations.length - 1]?.version ?? 0;
  const current = userVersion(w);
  if (current > latest) {
    throw new StorageError(
      'STORAGE_NEWER_VERSION',
      `storage: database schema version ${current} is newer than this app supports (${latest})`,
    );
  }
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      // Another process may have migrated while we waited for the write lock.
      const now = userVersion(w);
      if (now >= m.version) return;
      if (now !== m.version - 1) throw new ChipIdError('INTERNAL', `storage: migration ${m.version} after ${now}`);
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
      onMigrated?.(w, now, m.version);
    }).immediate();
  }
}

export function schemaVersion(r: ReadableDb): number {
  return userVersion(r);
}

/**
 * Components other than the core keep their version in `schema_versions(component, version)`: SQLite has a
 * single `user_version`, which stays the core's so databases of every earlier release migrate unchanged.
 * The table is created by the first component migration that runs (IF NOT EXISTS, in its transaction).
 */
const SCHEMA_VERSIONS_DDL = `CREATE TABLE IF NOT EXISTS schema_versions (
  component TEXT PRIMARY KEY CHECK (component <> 'core'),
  version INTEGER NOT NULL CHECK (version >= 0)
) STRICT`;

function hasSchemaVersions(r: ReadableDb): boolean {
  return conn(r).db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_versions'`).get() !== undefined;
}

/** A component's schema version (0 = none of its migrations has run). `'core'` is `user_version`. */
export function componentVersion(r: ReadableDb, component: string): number {
  if (component === 'core') return userVersion(r);
  if (!hasSchemaVersions(r)) return 0;
  const row = conn(r).db.prepare(`SELECT version FROM schema_versions WHERE component = ?`).get(component) as { version: number } | undefined;
  return row?.version ?? 0;
}

function migrateComponent(w: WritableDb, c: ComponentMigrations, onMigrated: OpenOptions['onComponentMigrated']): void {
  if (!/^[a-z][a-z0-9-]{0,39}$/.test(c.component) || c.component === 'core') {
    throw new ChipIdError('INTERNAL', `storage: bad component name for migrations`);
  }
  const db = conn(w).db;
  const latest = c.migrations[c.migrations.length - 1]?.version ?? 0;
  const current = componentVersion(w, c.component);
  if (current > latest) {
    throw new StorageError('STORAGE_NEWER_VERSION', `storage: ${c.component} schema version ${current} is newer than this app supports (${latest})`);
  }
  for (const m of c.migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(SCHEMA_VERSIONS_DDL);
      const now = componentVersion(w, c.component);
      if (now >= m.version) return;
      if (now !== m.version - 1) throw new ChipIdError('INTERNAL', `storage: ${c.component} migration ${m.version} after ${now}`);
      db.exec(m.sql);
      db.prepare(`INSERT INTO schema_versions (component, version) VALUES (?, ?)
        ON CONFLICT (component) DO UPDATE SET version = excluded.version`).run(c.component, m.version);
      onMigrated?.(w, c.component, now, m.version);
    }).immediate();
  }
}

/** Runs `fn` in one write transaction (BEGIN IMMEDIATE; a savepoint when already inside one). */
export function transaction<T>(w: WritableDb, fn: () => T): T {
  return conn(w).run.immediate(fn) as T;
}

export function inTransaction(w: WritableDb): boolean {
  return conn(w).db.inTransaction;
}

export function clockMs(r: ReadableDb): number {
  return conn(r).now();
}

// ---------------------------------------------------------------------------------------------------------
// Events

export interface EventRow {
  id: number;
  atMs: number;
  atIso: string;
  readerName: string;
  counterId: string;
  purpose: string;
  verdict: string;
  tiers: string;
  errorCode: string | null;
  timings: string;
  documentType: string | null;
  idLast4: string | null;
  idHash: Buffer | null;
  clientId: string | null;
  workflow: string | null;
}

const EVENT_COLUMNS = `id, at_ms AS atMs, at_iso AS atIso, reader_name AS readerName, counter_id AS counterId,
  purpose, verdict, tiers, error_code AS errorCode, timings, document_type AS documentType,
  id_last4 AS idLast4, id_hash AS idHash, client_id AS clientId, workflow`;

export function sqlInsertEvent(w: WritableDb, row: Omit<EventRow, 'id'>): number {
  const info = prep(
    w,
    `INSERT INTO events (at_ms, at_iso, reader_name, counter_id, purpose, verdict, tiers, error_code, timings,
       document_type, id_last4, id_hash, client_id, workflow)
     VALUES (@atMs, @atIso, @readerName, @counterId, @purpose, @verdict, @tiers, @errorCode, @timings,
       @documentType, @idLast4, @idHash, @clientId, @workflow)`,
  ).run(row);
  return Number(info.lastInsertRowid);
}

/** Every event's id and tiers (migration 3 rewrites them). */
export function sqlIterateEventTiers(w: WritableDb): { id: number; tiers: string }[] {
  return prep(w, `SELECT id, tiers FROM events ORDER BY id`).all() as { id: number; tiers: string }[];
}

export function sqlSetEventTiers(w: WritableDb, id: number, tiers: string): void {
  prep(w, `UPDATE events SET tiers = ? WHERE id = ?`).run(tiers, id);
}

/** Drops every keyed ID hash; returns how many there were. */
export function sqlDropIdHashes(w: WritableDb): number {
  return prep(w, `UPDATE events SET id_hash = NULL WHERE id_hash IS NOT NULL`).run().changes;
}

export function sqlListEvents(
  r: ReadableDb,
  q: { since: number; until: number; limit: number; verdict: string | null },
): EventRow[] {
  if (q.verdict === null) {
    return prep(
      r,
      `SELECT ${EVENT_COLUMNS} FROM events WHERE at_ms >= ? AND at_ms < ? ORDER BY at_ms DESC, id DESC LIMIT ?`,
    ).all(q.since, q.until, q.limit) as EventRow[];
  }
  return prep(
    r,
    `SELECT ${EVENT_COLUMNS} FROM events WHERE verdict = ? AND at_ms >= ? AND at_ms < ?
     ORDER BY at_ms DESC, id DESC LIMIT ?`,
  ).all(q.verdict, q.since, q.until, q.limit) as EventRow[];
}

const FIND_BY_ID_HASH = `SELECT ${EVENT_COLUMNS} FROM events WHERE id_hash = ? ORDER BY at_ms DESC LIMIT ?`;

export function sqlFindByIdHash(r: ReadableDb, hash: Buffer, limit: number): EventRow[] {
  return prep(r, FIND_BY_ID_HASH).all(hash, limit) as EventRow[];
}

/** The query plan of the "seen before" lookup (tests assert it uses the index). */
export function sqlPlanFindByIdHash(r: ReadableDb): string[] {
  const rows = conn(r).db.prepare(`EXPLAIN QUERY PLAN ${FIND_BY_ID_HASH}`).all(Buffer.alloc(32), 1) as {
    detail: string;
  }[];
  return rows.map((x) => x.detail);
}

export function sqlDeleteEventsBefore(w: WritableDb, cutoffMs: number): number {
  return prep(w, `DELETE FROM events WHERE at_ms < ?`).run(cutoffMs).changes;
}

export function sqlCountEvents(r: ReadableDb): number {
  return (prep(r, `SELECT count(*) AS n FROM events`).get() as { n: number }).n;
}

export function sqlEventExists(r: ReadableDb, id: number): boolean {
  return prep(r, `SELECT 1 AS x FROM events WHERE id = ?`).get(id) !== undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Audit log

export interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  action: string;
  details: string;
  prevHash: string;
  hash: string;
}

const AUDIT_COLUMNS = `seq, at, actor, action, details, prev_hash AS prevHash, hash`;

export function sqlAuditHead(r: ReadableDb): { seq: number; hash: string } | undefined {
  return prep(r, `SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1`).get() as
    | { seq: number; hash: string }
    | undefined;
}

export function sqlInsertAudit(w: WritableDb, row: AuditRow): void {
  prep(
    w,
    `INSERT INTO audit_log (seq, at, actor, action, details, prev_hash, hash)
     VALUES (@seq, @at, @actor, @action, @details, @prevHash, @hash)`,
  ).run(row);
}

/** Every audit row in seq order, streamed (the log may be long). */
export function sqlIterateAudit(r: ReadableDb): IterableIterator<AuditRow> {
  return prep(r, `SELECT ${AUDIT_COLUMNS} FROM audit_log ORDER BY seq`).iterate() as IterableIterator<AuditRow>;
}

export function sqlListAudit(r: ReadableDb, afterSeq: number, limit: number): AuditRow[] {
  return prep(r, `SELECT ${AUDIT_COLUMNS} FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?`).all(
    afterSeq,
    limit,
  ) as AuditRow[];
}

// ---------------------------------------------------------------------------------------------------------
// Settings

export function sqlGetSetting(r: ReadableDb, key: string): string | undefined {
  const row = prep(r, `SELECT value FROM settings WHERE key = ?`).get(key) as { value: string } | undefined;
  return row?.value;
}

export function sqlPutSetting(w: WritableDb, key: string, value: string, at: string): void {
  prep(
    w,
    `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  ).run(key, value, at);
}

// ---------------------------------------------------------------------------------------------------------
// Diagnostics

export function sqlIntegrityCheck(r: ReadableDb): string[] {
  return (conn(r).db.pragma('integrity_check') as { integrity_check: string }[]).map((x) => x.integrity_check);
}

/** Bytes used by the main database file (pages × page size; the WAL is not counted). */
export function sqlDatabaseBytes(r: ReadableDb): number {
  const db = conn(r).db;
  const pages = db.pragma('page_count', { simple: true });
  const size = db.pragma('page_size', { simple: true });
  return typeof pages === 'number' && typeof size === 'number' ? pages * size : 0;
}

/** PASSIVE copies what it can without waiting for readers; TRUNCATE also empties the WAL file. */
export function sqlCheckpoint(w: WritableDb, mode: 'PASSIVE' | 'TRUNCATE' = 'TRUNCATE'): void {
  conn(w).db.pragma(`wal_checkpoint(${mode})`);
}

/** The pragmas that matter for durability and locking, as this connection sees them. */
export function sqlConnectionPragmas(r: ReadableDb): {
  journalMode: unknown;
  synchronous: unknown;
  foreignKeys: unknown;
  busyTimeoutMs: unknown;
  secureDelete: unknown;
} {
  const db = conn(r).db;
  const p = (name: string): unknown => db.pragma(name, { simple: true });
  return {
    journalMode: p('journal_mode'),
    synchronous: p('synchronous'),
    foreignKeys: p('foreign_keys'),
    busyTimeoutMs: p('busy_timeout'),
    secureDelete: p('secure_delete'),
  };
}
