/**
 * The per-installation secret for keyed ID hashes: 32 random bytes in `<dataDir>/installation.key`, mode
 * 0600, created on first use and never written to the database. Losing the file only loses "seen before"
 * links to older events; copying the database without it reveals no ID numbers.
 *
 * Creation is atomic across processes: write a temp file (0600, fsync), then link() it into place; link
 * fails if another process won the race, and we read theirs.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ChipIdError } from '../../emrtd/errors.js';

export const KEY_FILE = 'installation.key';
const KEY_BYTES = 32;
const POSIX = process.platform !== 'win32';

export interface InstallationKey {
  key: Uint8Array;
  created: boolean;
  /** The file was readable by group/others and has been tightened to 0600. */
  permissionsRepaired: boolean;
}

function fail(what: string, cause?: unknown): ChipIdError {
  return new ChipIdError('STORAGE_ERROR', `storage: installation key ${what}`, cause === undefined ? {} : { cause });
}

function readKey(file: string): InstallationKey {
  const fd = fs.openSync(file, 'r');
  try {
    let permissionsRepaired = false;
    if (POSIX && (fs.fstatSync(fd).mode & 0o077) !== 0) {
      fs.fchmodSync(fd, 0o600);
      permissionsRepaired = true;
    }
    const buf = Buffer.alloc(KEY_BYTES + 1);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    if (n !== KEY_BYTES) throw fail(`file has ${n} bytes, expected ${KEY_BYTES}; restore it from backup`);
    return { key: new Uint8Array(buf.subarray(0, KEY_BYTES)), created: false, permissionsRepaired };
  } finally {
    fs.closeSync(fd);
  }
}

export function loadOrCreateKey(dataDir: string): InstallationKey {
  const file = path.join(dataDir, KEY_FILE);
  try {
    if (fs.existsSync(file)) return readKey(file);
    const tmp = path.join(dataDir, `.${KEY_FILE}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    const fd = fs.openSync(tmp, 'wx', 0o600);
    try {
      fs.writeSync(fd, randomBytes(KEY_BYTES));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    try {
      fs.linkSync(tmp, file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      return readKey(file); // another process created it first
    } finally {
      fs.rmSync(tmp, { force: true });
    }
    if (POSIX) fsyncDir(dataDir);
    return { ...readKey(file), created: true };
  } catch (e) {
    if (e instanceof ChipIdError) throw e;
    throw fail('cannot be read or created', e);
  }
}

export function fsyncDir(dir: string): void {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
