/**
 * Encryption at rest. The database is SQLCipher 4 (AES-256-CBC pages with HMAC-SHA512, through
 * SQLite3MultipleCiphers) under a raw 32-byte key derived from the master key (secrets.ts): no passphrase
 * KDF at each open, and no key anywhere in the data folder.
 *
 * A database written before encryption (plaintext, SQLite header) is encrypted on first open, crash-safe:
 *   1. flush it (WAL checkpointed into the main file and truncated) and count its rows;
 *   2. copy it to `<db>.encrypting` (0600) and encrypt the copy in place (rekey);
 *   3. open the copy with the key, check it, let the caller audit into it, close it;
 *   4. fsync it, drop the old WAL/SHM, rename it over the database (atomic), fsync the folder.
 * One process at a time (a pid lock file; a crashed holder's lock is taken over).
 * A crash before 4 leaves the plaintext database whole (the half-made copy is discarded at the next open);
 * after 4 the encrypted database is complete, with its audit entry.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { ChipIdError, CodedError } from '../../emrtd/errors.js';
import { StorageError } from './errors.js';
import { fsyncPath } from '../fsync.js';

const SQLITE_HEADER = 'SQLite format 3\0';
export const ENCRYPTING_SUFFIX = '.encrypting';

function keyPragma(key: Uint8Array): string {
  if (key.length !== 32) throw new ChipIdError('INTERNAL', 'storage: the database key must be 32 bytes');
  return `"x'${Buffer.from(key).toString('hex')}'"`;
}

/** Keys a fresh connection; a wrong key (or a plaintext file) shows at the first read: STORAGE_KEY_WRONG. */
export function unlock(db: Database.Database, key: Uint8Array): void {
  db.pragma(`cipher = 'sqlcipher'`);
  db.pragma('legacy = 4');
  db.pragma(`key = ${keyPragma(key)}`);
  try {
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (e) {
    if ((e as { code?: string }).code === 'SQLITE_NOTADB') {
      throw new StorageError('STORAGE_KEY_WRONG', 'storage: the database does not open with this installation key', { cause: e });
    }
    throw e;
  }
}

/** The file starts with SQLite's plaintext header. */
export function isPlaintextDatabase(file: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return false;
  }
  try {
    const head = Buffer.alloc(16);
    return fs.readSync(fd, head, 0, 16, 0) === 16 && head.toString('latin1') === SQLITE_HEADER;
  } finally {
    fs.closeSync(fd);
  }
}

function flushPlaintext(file: string, busyTimeoutMs: number): { events: number; auditEntries: number } {
  const db = new Database(file, { fileMustExist: true, timeout: busyTimeoutMs });
  try {
    const [r] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
    if (r && r.busy !== 0) throw new StorageError('STORAGE_ERROR', 'storage: another process holds the database; close it and start again');
    const count = (t: string): number => {
      const exists = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(t);
      return exists ? (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n : 0;
    };
    return { events: count('events'), auditEntries: count('audit_log') };
  } finally {
    db.close();
  }
}

function encryptInPlace(file: string, key: Uint8Array): void {
  const db = new Database(file, { fileMustExist: true });
  try {
    db.pragma('journal_mode = DELETE'); // rekey needs a rollback journal, not WAL
    db.pragma(`cipher = 'sqlcipher'`);
    db.pragma('legacy = 4');
    db.pragma(`rekey = ${keyPragma(key)}`);
  } finally {
    db.close();
  }
}


const sidecars = (file: string): string[] => [`${file}-wal`, `${file}-shm`, `${file}-journal`];

/** Removes what a crashed encryption left (never the database itself). */
export function discardPartialEncryption(dbPath: string): boolean {
  const tmp = dbPath + ENCRYPTING_SUFFIX;
  const found = [tmp, ...sidecars(tmp)].filter((f) => fs.existsSync(f));
  for (const f of found) fs.rmSync(f, { force: true });
  return found.length > 0;
}

export interface EncryptedInfo {
  events: number;
  auditEntries: number;
}

/**
 * Encrypts a plaintext database file (see the module comment). `check` opens the encrypted copy (with
 * the key), verifies and audits into it; it must close what it opened. Returns the counts.
 */
export function encryptPlaintextDatabase(dbPath: string, key: Uint8Array, opts: { busyTimeoutMs: number; check: (tmp: string, info: EncryptedInfo) => void }): EncryptedInfo | undefined {
  const release = lockEncryption(dbPath);
  try {
    // Another process may have finished while we waited for the lock.
    if (!isPlaintextDatabase(dbPath)) return undefined;
    return encryptLocked(dbPath, key, opts);
  } finally {
    release();
  }
}

/** One process encrypts at a time: `<db>.encrypting.lock` holds its pid; a dead holder's lock is taken over. */
function lockEncryption(dbPath: string): () => void {
  const lock = `${dbPath}${ENCRYPTING_SUFFIX}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: 'wx', mode: 0o600 });
      return () => fs.rmSync(lock, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new StorageError('STORAGE_ERROR', 'storage: cannot create the encryption lock', { cause: e });
      const pid = Number(fs.readFileSync(lock, 'utf8'));
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
        throw new StorageError('STORAGE_ERROR', 'storage: another process is encrypting the database; start again in a minute');
      }
      fs.rmSync(lock, { force: true }); // left by a crash
    }
  }
  throw new StorageError('STORAGE_ERROR', 'storage: cannot take the encryption lock');
}

/** After a crash: a dead holder's lock and a half-made copy go (nothing is touched while a holder lives). */
export function cleanUpEncryption(dbPath: string): boolean {
  const lock = `${dbPath}${ENCRYPTING_SUFFIX}.lock`;
  if (fs.existsSync(lock)) {
    const pid = Number(fs.readFileSync(lock, 'utf8'));
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) return false;
    fs.rmSync(lock, { force: true });
  }
  return discardPartialEncryption(dbPath);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function encryptLocked(dbPath: string, key: Uint8Array, opts: { busyTimeoutMs: number; check: (tmp: string, info: EncryptedInfo) => void }): EncryptedInfo {
  const tmp = dbPath + ENCRYPTING_SUFFIX;
  discardPartialEncryption(dbPath);
  try {
    const info = flushPlaintext(dbPath, opts.busyTimeoutMs);
    fs.copyFileSync(dbPath, tmp, fs.constants.COPYFILE_EXCL);
    fs.chmodSync(tmp, 0o600);
    encryptInPlace(tmp, key);
    if (!isPlaintextDatabase(tmp)) opts.check(tmp, info);
    else throw new StorageError('STORAGE_ERROR', 'storage: the encrypted copy is still plaintext');
    for (const f of sidecars(tmp)) fs.rmSync(f, { force: true });
    fsyncPath(tmp);
    // The plaintext WAL was checkpointed and truncated above: its sidecars hold nothing the copy lacks.
    for (const f of sidecars(dbPath)) fs.rmSync(f, { force: true });
    fs.renameSync(tmp, dbPath);
    if (process.platform !== 'win32') fsyncPath(path.dirname(dbPath));
    return info;
  } catch (e) {
    discardPartialEncryption(dbPath);
    if (e instanceof CodedError) throw e;
    throw new StorageError('STORAGE_ERROR', 'storage: the plaintext database could not be encrypted (nothing was changed)', { cause: e });
  }
}
