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
import { ChipIdError } from '../emrtd/errors.js';

export const MASTER_KEY_FILE = 'master.key';
const KEY_BYTES = 32;

export interface KioskSecrets {
  /** Where the master key came from: 'env' or 'key-dir'. */
  readonly source: 'env' | 'key-dir';
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

function fail(what: string, cause?: unknown): ChipIdError {
  return new ChipIdError('STORAGE_ERROR', `secrets: ${what}`, cause === undefined ? {} : { cause });
}

function masterFromEnv(hex: string): Uint8Array {
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw fail('CHIPID_MASTER_KEY must be 64 hex digits');
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

function masterFromDir(dir: string): Uint8Array {
  const file = path.join(dir, MASTER_KEY_FILE);
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (!fs.existsSync(file)) {
      const tmp = path.join(dir, `.${MASTER_KEY_FILE}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
      fs.writeFileSync(tmp, randomBytes(KEY_BYTES), { mode: 0o600, flag: 'wx' });
      try {
        fs.linkSync(tmp, file); // fails if another process won the race; then we read theirs
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      } finally {
        fs.rmSync(tmp, { force: true });
      }
    }
    if (platform() !== 'win32' && (fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, 0o600);
    const key = new Uint8Array(fs.readFileSync(file));
    if (key.length !== KEY_BYTES) throw fail(`${MASTER_KEY_FILE} has ${key.length} bytes, expected ${KEY_BYTES}; restore it from backup`);
    return key;
  } catch (e) {
    if (e instanceof ChipIdError) throw e;
    throw fail('the master key cannot be read or created', e);
  }
}

const derive = (master: Uint8Array, label: string): Uint8Array => hkdf(sha256, master, undefined, new TextEncoder().encode(`chipid-kiosk/${label}`), KEY_BYTES);

/** The installation's secrets; refuses a key directory inside the data directory. */
export function openSecrets(opts: { dataDir: string; env?: NodeJS.ProcessEnv }): KioskSecrets {
  const env = opts.env ?? process.env;
  let master: Uint8Array;
  let source: KioskSecrets['source'];
  if (env.CHIPID_MASTER_KEY) {
    master = masterFromEnv(env.CHIPID_MASTER_KEY);
    source = 'env';
  } else {
    const dir = path.resolve(defaultKeyDir(env));
    const data = path.resolve(opts.dataDir);
    if (dir === data || dir.startsWith(data + path.sep)) throw fail('the key directory must not be inside the data directory (set CHIPID_KEY_DIR elsewhere)');
    master = masterFromDir(dir);
    source = 'key-dir';
  }
  return { source, idHashKey: derive(master, 'id-hash'), dbKey: derive(master, 'db'), signingSeed: derive(master, 'signing') };
}
