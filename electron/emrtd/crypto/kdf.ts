/**
 * Key derivation function, 9303-11 §9.7.1: keydata = H(K || c), c a 32-bit big-endian counter.
 * 3DES: SHA-1, first 16 bytes, DES parity adjusted; AES-128: SHA-1, first 16; AES-192: SHA-256, first 24;
 * AES-256: SHA-256, all 32.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { ChipIdError } from '../errors.js';
import { adjustDesParity, sha1 } from './legacy.js';

export type SmCipherSuite = '3DES' | 'AES-128' | 'AES-192' | 'AES-256';

/** Counter values (9303-11 §9.7.1): 1 = encryption key, 2 = MAC key, 3 = PACE password key π. */
export const KDF_ENC = 1;
export const KDF_MAC = 2;
export const KDF_PI = 3;

export function kdf(secret: Uint8Array, counter: number, suite: SmCipherSuite): Uint8Array {
  if (!Number.isInteger(counter) || counter < 0 || counter > 0xffffffff) {
    throw new ChipIdError('INTERNAL', `kdf: counter ${counter} out of range`);
  }
  const input = new Uint8Array(secret.length + 4);
  input.set(secret, 0);
  new DataView(input.buffer).setUint32(secret.length, counter, false);
  let out: Uint8Array;
  switch (suite) {
    case '3DES': {
      const h = sha1(input);
      out = adjustDesParity(h.subarray(0, 16));
      h.fill(0);
      break;
    }
    case 'AES-128':
      out = sha1(input).slice(0, 16);
      break;
    case 'AES-192':
      out = sha256(input).slice(0, 24);
      break;
    case 'AES-256':
      out = sha256(input);
      break;
    default: {
      const never: never = suite;
      throw new ChipIdError('UNSUPPORTED', `kdf: cipher suite ${String(never)}`);
    }
  }
  input.fill(0);
  return out;
}

/** Key length in bytes for a suite. */
export function suiteKeyLength(suite: SmCipherSuite): number {
  return suite === 'AES-256' ? 32 : suite === 'AES-192' ? 24 : 16;
}
