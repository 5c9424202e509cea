/**
 * The kiosk's local storage: verification events, a hash-chained audit log and settings in one
 * SQLCipher-encrypted SQLite database inside the data directory the caller chooses (CHIPID_HOME or the OS
 * app-data folder is decided elsewhere). Its keys come from secrets.ts and live OUTSIDE the data folder:
 * whoever copies the folder gets no readable record and nothing to brute-force an ID number with.
 *
 * On open: the data folder is tightened to 0700 (files 0600); a plaintext database from an older version
 * is encrypted (cipher.ts, crash-safe); migration 3 replaces stored reason texts with codes and drops the
 * ID hashes made under the retired `installation.key`, which is then wiped. Each step is audited.
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
import { StorageError } from './errors.js';
import { destroyKeyFile, openSecrets, type KioskSecrets } from '../secrets.js';
import { appendAudit, appendAuditInTx } from './audit.js';
import { cleanUpEncryption, encryptPlaintextDatabase, isPlaintextDatabase } from './cipher.js';
import { idHash, idRef, legacyTiers } from './events.js';
import { JobRegistry, type Job } from '../jobs.js';
import { retentionJob, type RetentionSchedule } from './retention.js';
import { openConnections, sqlCheckpoint, sqlDropIdHashes, sqlIntegrityCheck, sqlIterateEventTiers, sqlSetEventTiers, type ComponentMigrations, type Durability, type Migration } from './sql.js';
import type { IdHash, ReadableDb, WritableDb } from './types.js';

export type { ComponentMigrations, Durability, Migration } from './sql.js';
export { MIGRATIONS, SCHEMA_VERSION, clockMs, componentVersion, schemaVersion, statement, transaction } from './sql.js';
export { sqlIntegrityCheck as integrityCheck, sqlDatabaseBytes as databaseBytes } from './sql.js';
export { sqlCheckpoint as checkpoint, sqlCountEvents as countEvents } from './sql.js';
/** A settings row by its raw key, for values that are not operator settings (a workflow's secret): no audit, no schema. */
export { sqlGetSetting as getRawSetting, sqlPutSetting as putRawSetting } from './sql.js';
export { sqlPlanFindByIdHash as planFindByIdHash, sqlConnectionPragmas as connectionPragmas } from './sql.js';
export * from './types.js';
export { appendAudit, auditHash, auditHead, listAudit, verifyAuditChain, GENESIS_HASH, type AuditInput } from './audit.js';
export { insertEvent, insertEvents, listEvents, findByIdHash, idHash, idRef, isIdHash } from './events.js';
export { getSetting, getSettings, setSetting, DEFAULT_SETTINGS, SETTING_KEYS } from './settings.js';
export type { Settings, SettingKey } from './settings.js';
export { appendFleet, appendFleetInTx, fleetAfter, fleetAuditHead, fleetHwm, fleetLastSeq, fleetStatusRecord, kioskId, knownKioskId, localDashboard, saveFleetStatusRecord, setFleetHwm, type FleetInput } from './fleet.js';
export { purgeOlderThan, retentionJob, scheduleRetention, type PurgeResult, type RetentionSchedule } from './retention.js';

export const DB_FILE = 'chipid.sqlite';
/** The per-installation ID-hash key of versions before issue 10, kept beside the database: retired. */
export const LEGACY_KEY_FILE = 'installation.key';

export interface StorageOptions {
  /** The installation's keys; default `openSecrets({ dataDir })` (CHIPID_MASTER_KEY or the key folder). */
  secrets?: KioskSecrets;
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
  /** The workflows' migrations, run after the core's (each component has its own version line). */
  components?: readonly ComponentMigrations[];
  /**
   * The job registry the storage's jobs (retention purge, WAL checkpoint) join; its owner starts and stops
   * it (the kiosk service). Without one, the storage runs them on a registry of its own until close().
   */
  jobs?: JobRegistry;
}

export interface Storage {
  readonly read: ReadableDb;
  readonly write: WritableDb;
  readonly dataDir: string;
  readonly dbPath: string;
  readonly durability: Durability;
  /** HMAC-SHA256 of a 12-digit ID under this installation's id-hash key. */
  idHash(id12: string): IdHash;
  /** `{ idLast4, idHash }` for an event. */
  idRef(id12: string): { idLast4: string; idHash: IdHash };
  /** The storage's background jobs (a registry of its own, or the one given in the options). */
  readonly jobs: JobRegistry;
  /** Stops the storage's own jobs and closes both connections. Safe to call twice. */
  close(): void;
}

const POSIX = process.platform !== 'win32';

/** Creates the data folder (0700), or tightens an existing one: folders 0700, files 0600. Returns the count. */
function prepareDataDir(dataDir: string): number {
  try {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    if (!POSIX) return 0;
    let changed = 0;
    const tighten = (p: string, depth: number): void => {
      const st = fs.lstatSync(p);
      if (st.isSymbolicLink()) return;
      const want = st.isDirectory() ? 0o700 : 0o600;
      if ((st.mode & 0o777 & ~want) !== 0) {
        fs.chmodSync(p, st.mode & want);
        changed++;
      }
      if (st.isDirectory() && depth < 4) for (const e of fs.readdirSync(p)) tighten(path.join(p, e), depth + 1);
    };
    tighten(dataDir, 0);
    return changed;
  } catch (e) {
    throw new StorageError('STORAGE_ERROR', 'storage: cannot create or tighten the data directory', { cause: e });
  }
}

function createDbFile(dbPath: string): void {
  try {
    // Create the file ourselves so it starts as 0600; SQLite gives -wal and -shm the same mode.
    fs.closeSync(fs.openSync(dbPath, 'a', 0o600));
  } catch (e) {
    throw new StorageError('STORAGE_ERROR', 'storage: cannot create the database file', { cause: e });
  }
}

/** Migration 3's data step (inside its transaction): reason texts → codes, old keyed hashes dropped. */
function codeLegacyEvents(w: WritableDb): number {
  let events = 0;
  for (const row of sqlIterateEventTiers(w)) {
    sqlSetEventTiers(w, row.id, legacyTiers(row.tiers));
    events++;
  }
  const idHashesDropped = sqlDropIdHashes(w);
  appendAuditInTx(w, { actor: 'system', action: 'events.reasons_coded', details: { events, idHashesDropped } });
  return idHashesDropped;
}

/** The storage's background jobs: the retention purge and the idle WAL checkpoint (PASSIVE). */
function storageJobs(w: WritableDb, opts: StorageOptions): Job[] {
  const out: Job[] = [];
  if (opts.retention !== false) out.push(retentionJob(w, opts.retention ?? {}));
  const checkpointMs = opts.checkpointIntervalMs ?? 5000;
  if (checkpointMs !== false) {
    out.push({
      name: 'storage.checkpoint',
      intervalMs: checkpointMs,
      run: () => {
        try {
          sqlCheckpoint(w, 'PASSIVE');
        } catch {
          // busy or closing: the next run (or SQLite's own threshold) does it
        }
      },
    });
  }
  return out;
}

export function openStorage(dataDir: string, opts: StorageOptions = {}): Storage {
  const dir = path.resolve(dataDir);
  const dbPath = path.join(dir, opts.fileName ?? DB_FILE);
  const durability = opts.durability ?? 'full';
  const busyTimeoutMs = opts.busyTimeoutMs ?? 5000;
  const now = opts.now ?? Date.now;
  const tightened = prepareDataDir(dir);
  const secrets = opts.secrets ?? openSecrets({ dataDir: dir });
  const migrations = opts.migrations;
  let idHashesDropped = 0;
  const open = (file: string) =>
    openConnections(file, {
      key: secrets.dbKey,
      durability,
      busyTimeoutMs,
      now,
      ...(migrations === undefined ? {} : { migrations }),
      ...(opts.components === undefined ? {} : { components: opts.components }),
      onMigrated: (w, from, to) => {
        if (to === 3 && migrations === undefined) idHashesDropped += codeLegacyEvents(w);
        appendAudit(w, { actor: 'system', action: 'schema.migrated', details: { from, to } });
      },
      onComponentMigrated: (w, component, from, to) => {
        appendAudit(w, { actor: 'system', action: 'schema.migrated', details: { component, from, to } });
      },
    });

  // A plaintext database from before encryption at rest: encrypt a copy, audit into it, swap it in.
  if (isPlaintextDatabase(dbPath)) {
    encryptPlaintextDatabase(dbPath, secrets.dbKey, {
      busyTimeoutMs,
      check: (tmp, info) => {
        const c = open(tmp);
        try {
          const integrity = sqlIntegrityCheck(c.read);
          if (integrity.join() !== 'ok') throw new StorageError('STORAGE_ERROR', `storage: the encrypted copy fails its integrity check`);
          appendAudit(c.write, { actor: 'system', action: 'storage.encrypted', details: { cipher: 'sqlcipher-4', events: info.events, auditEntries: info.auditEntries } });
          sqlCheckpoint(c.write, 'TRUNCATE');
        } finally {
          c.close();
        }
      },
    });
  } else if (cleanUpEncryption(dbPath) && !fs.existsSync(dbPath)) {
    throw new StorageError('STORAGE_ERROR', 'storage: a half-encrypted copy was found without its database; restore chipid.sqlite from backup');
  }
  createDbFile(dbPath);
  const conns = open(dbPath);
  const jobs = opts.jobs ?? new JobRegistry({ now });
  const ownJobs = opts.jobs === undefined;
  const added: string[] = [];
  try {
    for (const ev of secrets.events) appendAudit(conns.write, { actor: 'system', action: ev });
    if (tightened > 0) appendAudit(conns.write, { actor: 'system', action: 'data_dir.permissions_tightened', details: { entries: tightened } });
    // The old ID-hash key sat beside the database; its hashes are gone (migration 3), so the key goes too.
    const legacyKey = path.join(dir, LEGACY_KEY_FILE);
    if (fs.existsSync(legacyKey)) {
      destroyKeyFile(legacyKey);
      appendAudit(conns.write, { actor: 'system', action: 'installation_key.retired', details: { idHashesDropped } });
    }
    for (const job of storageJobs(conns.write, opts)) {
      jobs.add(job);
      added.push(job.name);
    }
    // The purge runs at open too, not only after its first interval.
    if (added.includes('retention.purge')) void jobs.runNow('retention.purge');
  } catch (e) {
    if (ownJobs) jobs.stop();
    conns.close();
    throw e;
  }
  if (ownJobs) jobs.start();
  let closed = false;
  return {
    read: conns.read,
    write: conns.write,
    dataDir: dir,
    dbPath,
    durability,
    idHash: (id12) => idHash(secrets.idHashKey, id12),
    idRef: (id12) => idRef(secrets.idHashKey, id12),
    jobs,
    close() {
      if (closed) return;
      closed = true;
      if (ownJobs) jobs.stop();
      conns.close();
    },
  };
}
