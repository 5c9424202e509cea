// The master-key protector over Electron's safeStorage, in plain Node. safeStorage is the OS keyring (DPAPI,
// Keychain, libsecret/kwallet): an external service, so it is stood in for by a reversible stand-in here.
// What is ours and tested: bytes round-trip exactly, tampering fails closed, and no protector is offered
// where safeStorage would not protect anything (unavailable, or Linux's hard-coded 'basic_text' password).
import { describe, expect, it } from 'vitest';
import { protectorFromSafeStorage, type SafeStorageLike } from '../../../electron/main/protector.js';

/** Stand-in keyring: XOR with a key plus a 1-byte check, so a flipped byte is detected like a real AEAD. */
function keyring(opts: { available?: boolean; backend?: string } = {}): SafeStorageLike & { calls: number } {
  const key = 0x5a;
  const o = {
    calls: 0,
    isEncryptionAvailable: () => opts.available ?? true,
    getSelectedStorageBackend: () => opts.backend ?? 'gnome_libsecret',
    encryptString(plain: string): Buffer {
      o.calls++;
      const b = Buffer.from(plain, 'utf8');
      const out = Buffer.alloc(b.length + 1);
      let sum = 0;
      for (let i = 0; i < b.length; i++) {
        out[i] = b[i]! ^ key;
        sum = (sum + b[i]!) & 0xff;
      }
      out[b.length] = sum;
      return out;
    },
    decryptString(sealed: Buffer): string {
      const b = Buffer.alloc(sealed.length - 1);
      let sum = 0;
      for (let i = 0; i < b.length; i++) {
        b[i] = sealed[i]! ^ key;
        sum = (sum + b[i]!) & 0xff;
      }
      if (sum !== sealed[sealed.length - 1]) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return b.toString('utf8');
    },
  };
  return o;
}

describe('safeStorage protector', () => {
  it('round-trips any bytes (all 256 values, empty, 64 random-looking) and does not keep the plain bytes', () => {
    const p = protectorFromSafeStorage(keyring(), 'linux');
    expect(p?.kind).toBe('electron-safestorage:gnome_libsecret');
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    for (const plain of [all, new Uint8Array(0), Uint8Array.from({ length: 64 }, (_, i) => (i * 73 + 11) & 0xff)]) {
      const sealed = p!.seal(plain);
      expect(sealed).toBeInstanceOf(Uint8Array);
      expect(Buffer.from(sealed).includes(Buffer.from(plain)) && plain.length > 0).toBe(false);
      expect(Array.from(p!.unseal(sealed))).toEqual(Array.from(plain));
    }
  });

  it('a tampered or foreign blob throws (fails closed), never returns other bytes', () => {
    const p = protectorFromSafeStorage(keyring(), 'win32')!;
    expect(p.kind).toBe('electron-safestorage:win32');
    const sealed = p.seal(Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]));
    const bad = Uint8Array.from(sealed);
    bad[0] = bad[0]! ^ 1;
    expect(() => p.unseal(bad)).toThrow();
    expect(() => p.unseal(new Uint8Array(0))).toThrow();
  });

  it('a decrypted value that is not what seal wrote (not canonical base64) throws', () => {
    const ring = keyring();
    const p = protectorFromSafeStorage(ring, 'darwin')!;
    expect(() => p.unseal(ring.encryptString('not base64!'))).toThrow(/sealed/);
    expect(() => p.unseal(ring.encryptString('AQID'.slice(0, 3)))).toThrow(/sealed/);
  });

  it('no protector where safeStorage protects nothing', () => {
    expect(protectorFromSafeStorage(keyring({ available: false }), 'win32')).toBeUndefined();
    expect(protectorFromSafeStorage(keyring({ backend: 'basic_text' }), 'linux')).toBeUndefined();
    expect(protectorFromSafeStorage(keyring({ backend: 'unknown' }), 'linux')).toBeUndefined();
    expect(protectorFromSafeStorage(keyring({ backend: 'kwallet6' }), 'linux')?.kind).toBe('electron-safestorage:kwallet6');
    const throwing = { ...keyring(), isEncryptionAvailable: (): boolean => { throw new Error('before ready'); } };
    expect(protectorFromSafeStorage(throwing, 'win32')).toBeUndefined();
  });
});
