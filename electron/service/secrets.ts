/**
 * The kiosk's secrets, kept OUT of the data directory: whoever copies the data folder (database, trust
 * store, logs) gets nothing that decrypts the database, links an ID hash to a number or signs as this kiosk.
 *
 * One 32-byte master key per installation; every other key is derived from it (HKDF-SHA256, one label
 * each), so adding a key never adds a file. Where the master key lives:
 *   - `CHIPID_MASTER_KEY` (64 hex digits): unattended installs and tests;
 *   - otherwise `master.key` (mode 0600) in the key directory: `CHIPID_KEY_DIR`, else the OS's per-user
 *     configuration folder (never inside the data directory).
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { homedir, platform } from 'node:os';
import * as path from 'node:path';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { CodedError } from '../emrtd/errors.js';
import { StorageError } from './storage/errors.js';
import { fsyncPath } from './fsync.js';

export const MASTER_KEY_FILE = 'master.key';
/** The master key sealed by a SecretProtector (JSON: { v, kind, sealed: base64 }). */
export const SEALED_KEY_FILE = 'master.key.sealed';
const KEY_BYTES = 32;
const POSIX = platform() !== 'win32';

/**
 * Seals the master key with something outside the data AND key folders: Electron's `safeStorage` (the OS
 * keystore: DPAPI, Keychain, libsecret). `kind` names it ('electron-safeStorage'); a sealed key only opens
 * with a protector of the same kind. seal/unseal throw when the keystore is unavailable.
 */
export interface SecretProtector {
  readonly kind: string;
  seal(plain: Uint8Array): Uint8Array;
  unseal(sealed: Uint8Array): Uint8Array;
}

/** What opening the secrets changed on disk, for the audit log (storage records them). */
export type SecretsEvent = 'master_key.created' | 'master_key.sealed' | 'master_key.permissions_repaired';

export interface KioskSecrets {
  /** Where the master key came from: 'env' or 'key-dir'. */
  readonly source: 'env' | 'key-dir';
  /** The protector kind that seals the master key on disk; undefined when it is a plain 0600 file or env. */
  readonly protectedBy?: string;
  /** What this open changed (created, sealed a plain key, repaired permissions). */
  readonly events: readonly SecretsEvent[];
  /** HMAC key for "seen before" ID hashes. */
  readonly idHashKey: Uint8Array;
  /** SQLCipher key of the local database. */
  readonly dbKey: Uint8Array;
  /** Ed25519 seed of the kiosk's signing key (signed dumps and receipts). */
  readonly signingSeed: Uint8Array;
}

/** The key directory: CHIPID_KEY_DIR, else the per-user configuration folder (outside the data folder). */
export function defaultKeyDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CHIPID_KEY_DIR) return env.CHIPID_KEY_DIR;
  const home = homedir();
  switch (platform()) {
    case 'win32':
      return path.join(env.LOCALAPPDATA ?? path.join(home, 'AppData', 'Local'), 'ChipID Kiosk Keys');
    case 'darwin':
      return path.join(home, 'Library', 'Preferences', 'ChipID Kiosk Keys');
    default:
      return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'chipid-kiosk-keys');
  }
}

function fail(what: string, cause?: unknown): StorageError {
  return new StorageError('STORAGE_ERROR', `secrets: ${what}`, cause === undefined ? {} : { cause });
}

function masterFromEnv(hex: string): Uint8Array {
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw fail('CHIPID_MASTER_KEY must be 64 hex digits');
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

/** Writes `bytes` to `file` (0600) atomically: temp file, fsync, link (fails if it exists), fsync dir. */
function writeNew(dir: string, file: string, bytes: Uint8Array): boolean {
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const fd = fs.openSync(tmp, 'wx', 0o600);
  try {
    fs.writeSync(fd, bytes);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.linkSync(tmp, file);
    if (POSIX) fsyncPath(dir);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    return false; // another process won the race; the caller reads theirs
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}


/** Overwrites a key file with zeros before unlinking it (best effort on SSDs, still better than nothing). */
export function destroyKeyFile(file: string): void {
  try {
    const size = fs.statSync(file).size;
    const fd = fs.openSync(file, 'r+');
    try {
      fs.writeSync(fd, Buffer.alloc(size));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // gone already, or not writable: unlink anyway
  }
  fs.rmSync(file, { force: true });
}

function readPlain(file: string, events: SecretsEvent[]): Uint8Array {
  if (POSIX && (fs.statSync(file).mode & 0o077) !== 0) {
    fs.chmodSync(file, 0o600);
    events.push('master_key.permissions_repaired');
  }
  const key = new Uint8Array(fs.readFileSync(file));
  if (key.length !== KEY_BYTES) throw fail(`${MASTER_KEY_FILE} has ${key.length} bytes, expected ${KEY_BYTES}; restore it from backup`);
  return key;
}

function unsealed(file: string, protector: SecretProtector | undefined): Uint8Array {
  let doc: { v?: unknown; kind?: unknown; sealed?: unknown };
  try {
    doc = JSON.parse(fs.readFileSync(file, 'utf8')) as typeof doc;
  } catch (e) {
    throw fail(`${SEALED_KEY_FILE} is damaged; restore it from backup`, e);
  }
  if (doc.v !== 1 || typeof doc.kind !== 'string' || typeof doc.sealed !== 'string') throw fail(`${SEALED_KEY_FILE} is damaged; restore it from backup`);
  if (!protector) throw new StorageError('SECRETS_UNAVAILABLE', `secrets: the master key is sealed by ${doc.kind} and no protector is available here`);
  if (protector.kind !== doc.kind) throw new StorageError('SECRETS_UNAVAILABLE', `secrets: the master key is sealed by ${doc.kind}, not ${protector.kind}`);
  let key: Uint8Array;
  try {
    key = protector.unseal(new Uint8Array(Buffer.from(doc.sealed, 'base64')));
  } catch (e) {
    throw new StorageError('SECRETS_UNAVAILABLE', `secrets: ${doc.kind} cannot unseal the master key`, { cause: e });
  }
  if (key.length !== KEY_BYTES) throw new StorageError('SECRETS_UNAVAILABLE', `secrets: the unsealed master key has ${key.length} bytes`);
  return key;
}

function sealInto(dir: string, file: string, master: Uint8Array, protector: SecretProtector): boolean {
  const sealed = protector.seal(master);
  // Never lose the key to a protector that cannot give it back.
  const back = protector.unseal(sealed);
  if (back.length !== master.length || !back.every((b, i) => b === master[i])) throw fail(`${protector.kind} does not give the sealed key back`);
  const doc = JSON.stringify({ v: 1, kind: protector.kind, sealed: Buffer.from(sealed).toString('base64') });
  return writeNew(dir, file, Buffer.from(doc, 'utf8'));
}

function masterFromDir(dir: string, protector: SecretProtector | undefined, events: SecretsEvent[]): Uint8Array {
  const plainFile = path.join(dir, MASTER_KEY_FILE);
  const sealedFile = path.join(dir, SEALED_KEY_FILE);
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (POSIX && (fs.statSync(dir).mode & 0o077) !== 0) fs.chmodSync(dir, 0o700);
    if (fs.existsSync(sealedFile)) {
      const key = unsealed(sealedFile, protector);
      // A plain copy left by a crash between sealing and removing it goes now.
      if (fs.existsSync(plainFile)) destroyKeyFile(plainFile);
      return key;
    }
    if (!protector) {
      if (!fs.existsSync(plainFile) && writeNew(dir, plainFile, randomBytes(KEY_BYTES))) events.push('master_key.created');
      return readPlain(plainFile, events);
    }
    // With a protector: seal the existing plain key (then remove it), or a new one.
    let master: Uint8Array;
    if (fs.existsSync(plainFile)) master = readPlain(plainFile, events);
    else {
      master = new Uint8Array(randomBytes(KEY_BYTES));
      events.push('master_key.created');
    }
    if (!sealInto(dir, sealedFile, master, protector)) return unsealed(sealedFile, protector);
    if (fs.existsSync(plainFile)) {
      destroyKeyFile(plainFile);
      events.push('master_key.sealed');
    }
    return master;
  } catch (e) {
    if (e instanceof CodedError) throw e;
    throw fail('the master key cannot be read or created', e);
  }
}

const derive = (master: Uint8Array, label: string): Uint8Array => hkdf(sha256, master, undefined, new TextEncoder().encode(`chipid-kiosk/${label}`), KEY_BYTES);

/**
 * The installation's secrets; refuses a key directory inside the data directory. With a `protector` the
 * master key is kept sealed (`master.key.sealed`); a plain `master.key` found there is sealed and removed.
 * A sealed key without its protector fails with SECRETS_UNAVAILABLE (e.g. the CLI on an installation the
 * Electron app sealed: run it with CHIPID_MASTER_KEY, or use the app).
 */
export function openSecrets(opts: { dataDir: string; env?: NodeJS.ProcessEnv; protector?: SecretProtector }): KioskSecrets {
  const env = opts.env ?? process.env;
  let master: Uint8Array;
  let source: KioskSecrets['source'];
  const events: SecretsEvent[] = [];
  let protectedBy: string | undefined;
  if (env.CHIPID_MASTER_KEY) {
    master = masterFromEnv(env.CHIPID_MASTER_KEY);
    source = 'env';
  } else {
    const dir = path.resolve(defaultKeyDir(env));
    const data = path.resolve(opts.dataDir);
    if (dir === data || dir.startsWith(data + path.sep)) throw fail('the key directory must not be inside the data directory (set CHIPID_KEY_DIR elsewhere)');
    master = masterFromDir(dir, opts.protector, events);
    source = 'key-dir';
    if (fs.existsSync(path.join(dir, SEALED_KEY_FILE))) protectedBy = opts.protector?.kind;
  }
  return {
    source,
    ...(protectedBy ? { protectedBy } : {}),
    events,
    idHashKey: derive(master, 'id-hash'),
    dbKey: derive(master, 'db'),
    signingSeed: derive(master, 'signing'),
  };
}
