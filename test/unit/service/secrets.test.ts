// The kiosk's secrets: one master key outside the data folder, optionally sealed by a protector (Electron's
// safeStorage in the app; here a stand-in for the OS keystore, the one external service in this test).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MASTER_KEY_FILE, SEALED_KEY_FILE, openSecrets, type SecretProtector } from '../../../electron/service/secrets.js';
import { StorageError } from '../../../electron/service/storage/errors.js';
import { removeTempDirs, tempDir } from './fixtures/storage-helpers.js';

afterEach(removeTempDirs);

/** The OS keystore stand-in: XOR with a pad it keeps to itself, plus a tag so a wrong pad is noticed. */
function keystore(kind = 'test-keystore', pad = 0x5a): SecretProtector & { calls: number } {
  const p = {
    kind,
    calls: 0,
    seal(plain: Uint8Array): Uint8Array {
      p.calls++;
      return Uint8Array.from([pad, ...plain.map((b) => b ^ pad)]);
    },
    unseal(sealed: Uint8Array): Uint8Array {
      p.calls++;
      if (sealed[0] !== pad) throw new Error('keystore: not mine');
      return sealed.subarray(1).map((b) => b ^ pad);
    },
  };
  return p;
}

function setup() {
  const dataDir = tempDir();
  const keyDir = path.join(tempDir('chipid-keys-'), 'keys');
  return { dataDir, keyDir, env: { CHIPID_KEY_DIR: keyDir } };
}

const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

function errorOf(fn: () => unknown): StorageError {
  try {
    fn();
  } catch (e) {
    if (e instanceof StorageError) return e;
    throw e;
  }
  throw new Error('did not throw');
}

describe('openSecrets without a protector', () => {
  it('creates one 0600 master key in the key folder, nothing in the data folder, and keeps it', () => {
    const { dataDir, keyDir, env } = setup();
    const a = openSecrets({ dataDir, env });
    expect(a.events).toEqual(['master_key.created']);
    expect(fs.statSync(path.join(keyDir, MASTER_KEY_FILE)).size).toBe(32);
    if (process.platform !== 'win32') expect(fs.statSync(path.join(keyDir, MASTER_KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dataDir)).toEqual([]);
    const b = openSecrets({ dataDir, env });
    expect(b.events).toEqual([]);
    expect(same(a.dbKey, b.dbKey) && same(a.idHashKey, b.idHashKey) && same(a.signingSeed, b.signingSeed)).toBe(true);
    expect(same(a.dbKey, a.idHashKey)).toBe(false);
  });

  it('refuses a key folder inside the data folder', () => {
    const dataDir = tempDir();
    expect(() => openSecrets({ dataDir, env: { CHIPID_KEY_DIR: path.join(dataDir, 'keys') } })).toThrow(/must not be inside the data directory/);
  });
});

describe('openSecrets with a protector (safeStorage)', () => {
  it('a new installation keeps only the sealed key; it opens again to the same derived keys', () => {
    const { dataDir, keyDir, env } = setup();
    const ks = keystore();
    const a = openSecrets({ dataDir, env, protector: ks });
    expect(a.protectedBy).toBe('test-keystore');
    expect(fs.readdirSync(keyDir)).toEqual([SEALED_KEY_FILE]);
    const b = openSecrets({ dataDir, env, protector: ks });
    expect(same(a.dbKey, b.dbKey)).toBe(true);
    const onDisk = fs.readFileSync(path.join(keyDir, SEALED_KEY_FILE));
    for (const k of [a.dbKey, a.idHashKey, a.signingSeed]) {
      expect(onDisk.includes(Buffer.from(k))).toBe(false);
      expect(onDisk.includes(Buffer.from(Buffer.from(k).toString('base64')))).toBe(false);
    }
  });

  it('an existing plain master.key is sealed and removed, and every derived key stays the same', () => {
    const { dataDir, keyDir, env } = setup();
    const before = openSecrets({ dataDir, env });
    const after = openSecrets({ dataDir, env, protector: keystore() });
    expect(after.events).toContain('master_key.sealed');
    expect(fs.existsSync(path.join(keyDir, MASTER_KEY_FILE))).toBe(false);
    expect(same(before.dbKey, after.dbKey) && same(before.idHashKey, after.idHashKey) && same(before.signingSeed, after.signingSeed)).toBe(true);
  });

  it('a sealed key without its protector, with another protector or with a failing keystore: SECRETS_UNAVAILABLE', () => {
    const { dataDir, env } = setup();
    openSecrets({ dataDir, env, protector: keystore() });
    for (const protector of [undefined, keystore('other-keystore'), keystore('test-keystore', 0x11)]) {
      const e = errorOf(() => openSecrets({ dataDir, env, ...(protector ? { protector } : {}) }));
      expect(e.code).toBe('SECRETS_UNAVAILABLE');
      expect(e.messageVi).toMatch(/master\.key/);
      expect(e.messageEn).toMatch(/master\.key/);
    }
  });

  it('a protector that does not give the key back is refused and the plain key is kept', () => {
    const { dataDir, keyDir, env } = setup();
    const before = openSecrets({ dataDir, env });
    const lossy: SecretProtector = { kind: 'lossy', seal: (p) => p.map(() => 0), unseal: (s) => s };
    expect(() => openSecrets({ dataDir, env, protector: lossy })).toThrow(/does not give the sealed key back/);
    expect(fs.existsSync(path.join(keyDir, SEALED_KEY_FILE))).toBe(false);
    expect(same(openSecrets({ dataDir, env }).dbKey, before.dbKey)).toBe(true);
  });

  it('CHIPID_MASTER_KEY wins over the key folder (unattended installs)', () => {
    const dataDir = tempDir();
    const s = openSecrets({ dataDir, env: { CHIPID_MASTER_KEY: 'ab'.repeat(32) } });
    expect(s.source).toBe('env');
    expect(() => openSecrets({ dataDir, env: { CHIPID_MASTER_KEY: 'zz' } })).toThrow(/64 hex digits/);
  });
});
