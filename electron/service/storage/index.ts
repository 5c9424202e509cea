/**
 * The kiosk's local storage: verification events, a hash-chained audit log and settings in
 * one SQLite database inside the data directory the caller chooses (CHIPID_HOME or the OS app-data folder
 * is decided elsewhere).
 *
 * Durability: WAL with synchronous=FULL by default. Both FULL and NORMAL keep every committed transaction
 * when the *process* dies (the WAL write() has reached the OS before commit returns; storage-crash.test.ts
 * kills writers with SIGKILL in both modes). Only FULL also survives power loss or an OS crash, because it
 * fsyncs the WAL at each commit. A kiosk gets unplugged, a bank needs its audit trail, and a verification
 * happens every few seconds at most, so the fsync is worth it; `durability: 'normal'` is there for
 * benchmarks and machines on a UPS.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ChipIdError } from '../../emrtd/errors.js';
import { appendAudit } from './audit.js';
import { idHash, idRef } from './events.js';
import { loadOrCreateKey } from './key.js';
import { scheduleRetention, type RetentionSchedule } from './retention.js';
import { openConnections, sqlCheckpoint, type Durability, type Migration } from './sql.js';
import type { IdHash, ReadableDb, WritableDb } from './types.js';

export type { Durability, Migration } from './sql.js';
export { MIGRATIONS, SCHEMA_VERSION, schemaVersion, transaction } from './sql.js';
export { sqlIntegrityCheck as integrityCheck, sqlDatabaseBytes as databaseBytes } from './sql.js';
export { sqlCheckpoint as checkpoint, sqlCountEvents as countEvents } from './sql.js';
export { sqlPlanFindByIdHash as planFindByIdHash, sqlConnectionPragmas as connectionPragmas } from './sql.js';
export * from './types.js';
export { appendAudit, auditHash, auditHead, listAudit, verifyAuditChain, GENESIS_HASH, type AuditInput } from './audit.js';
export { insertEvent, insertEvents, listEvents, findByIdHash, idHash, idRef, isIdHash } from './events.js';
export { getSetting, getSettings, setSetting, DEFAULT_SETTINGS, SETTING_KEYS } from './settings.js';
export type { Settings, SettingKey } from './settings.js';
export { purgeOlderThan, scheduleRetention, type PurgeResult, type RetentionSchedule } from './retention.js';
export { loadOrCreateKey, KEY_FILE, type InstallationKey } from './key.js';

export const DB_FILE = 'chipid.sqlite';

export interface StorageOptions {
  /** Default 'chipid.sqlite'. */
  fileName?: string;
  /** Default 'full' (see the module comment). */
  durability?: Durability;
  /** How long a writer waits for another process's lock. Default 5000 ms. */
  busyTimeoutMs?: number;
  /** Clock for event and audit times (tests). Default Date.now. */
  now?: () => number;
  /** Purge at open and then periodically (default every 6 h); false to leave it to the caller. */
  retention?: RetentionSchedule | false;
  /** Idle WAL checkpoint period (PASSIVE), default 5000 ms; false to leave it to SQLite's safety net. */
  checkpointIntervalMs?: number | false;
  /** Replaces the built-in migrations (tests only). */
  migrations?: readonly Migration[];
}

export interface Storage {
  readonly read: ReadableDb;
  readonly write: WritableDb;
  readonly dataDir: string;
  readonly dbPath: string;
  readonly durability: Durability;
  /** HMAC-SHA256 of a 12-digit ID under this installation's key. */
  idHash(id12: string): IdHash;
  /** `{ idLast4, idHash }` for an event. */
  idRef(id12: string): { idLast4: string; idHash: IdHash };
  /** Stops the retention timer and closes both connections. Safe to call twice. */
  close(): void;
}

function prepareDataDir(dataDir: string, dbPath: string): void {
  try {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    // Create the file ourselves so it starts as 0600; SQLite gives -wal and -shm the same mode.
    fs.closeSync(fs.openSync(dbPath, 'a', 0o600));
  } catch (e) {
    throw new ChipIdError('STORAGE_ERROR', 'storage: cannot create the data directory or database file', { cause: e });
  }
}

export function openStorage(dataDir: string, opts: StorageOptions = {}): Storage {
  const dir = path.resolve(dataDir);
  const dbPath = path.join(dir, opts.fileName ?? DB_FILE);
  const durability = opts.durability ?? 'full';
  prepareDataDir(dir, dbPath);
  const key = loadOrCreateKey(dir);
  const conns = openConnections(dbPath, {
    durability,
    busyTimeoutMs: opts.busyTimeoutMs ?? 5000,
    now: opts.now ?? Date.now,
    ...(opts.migrations === undefined ? {} : { migrations: opts.migrations }),
    onMigrated: (w, from, to) => appendAudit(w, { actor: 'system', action: 'schema.migrated', details: { from, to } }),
  });
  let stopRetention: (() => void) | undefined;
  try {
    if (key.created) appendAudit(conns.write, { actor: 'system', action: 'installation_key.created' });
    if (key.permissionsRepaired) {
      appendAudit(conns.write, { actor: 'system', action: 'installation_key.permissions_repaired' });
    }
    if (opts.retention !== false) stopRetention = scheduleRetention(conns.write, opts.retention ?? {});
  } catch (e) {
    stopRetention?.();
    conns.close();
    throw e;
  }
  const checkpointMs = opts.checkpointIntervalMs ?? 5000;
  const checkpointTimer =
    checkpointMs === false
      ? undefined
      : setInterval(() => {
          try {
            sqlCheckpoint(conns.write, 'PASSIVE');
          } catch {
            // busy or closing: the next tick (or SQLite's own threshold) does it
          }
        }, checkpointMs);
  checkpointTimer?.unref();
  let closed = false;
  return {
    read: conns.read,
    write: conns.write,
    dataDir: dir,
    dbPath,
    durability,
    idHash: (id12) => idHash(key.key, id12),
    idRef: (id12) => idRef(key.key, id12),
    close() {
      if (closed) return;
      closed = true;
      stopRetention?.();
      if (checkpointTimer !== undefined) clearInterval(checkpointTimer);
      conns.close();
    },
  };
}
