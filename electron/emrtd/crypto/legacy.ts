/**
 * The weak primitives ICAO 9303 still needs, kept in one clearly named module: SHA-1, single DES, two-key 3DES
 * and the ISO/IEC 9797-1 retail MAC (9303-11 §9.8.3 / §4.3.3). Used by BAC, 3DES secure messaging and
 * PACE/CA with 3DES. Never use these for anything new.
 * Pure: node-forge (DES) and @noble/hashes (SHA-1), no node:crypto (Electron's BoringSSL lacks them).
 */
import { sha1 as nobleSha1 } from '@noble/hashes/legacy.js';
import { ChipIdError } from '../errors.js';
import { cbcDecrypt, cbcEncrypt, desBlockCipher, type BlockCipher } from './blockcipher.js';

export function sha1(data: Uint8Array): Uint8Array {
  return nobleSha1(data);
}

const ZERO_IV8 = new Uint8Array(8);

/** A keyed 3DES-EDE (16-byte key = K1 K2 K1, or 24 bytes) with its schedule built once. */
export interface DesEde {
  cbcEncrypt(iv: Uint8Array, data: Uint8Array): Uint8Array;
  cbcDecrypt(iv: Uint8Array, data: Uint8Array): Uint8Array;
  encryptBlock(block8: Uint8Array): Uint8Array;
}

export function createDesEde(key: Uint8Array): DesEde {
  if (key.length !== 16 && key.length !== 24) throw new ChipIdError('CRYPTO_ERROR', `3DES key of ${key.length} bytes`);
  const bc = desBlockCipher(key);
  return {
    cbcEncrypt: (iv, data) => cbcEncrypt(bc, iv, data),
    cbcDecrypt: (iv, data) => cbcDecrypt(bc, iv, data),
    encryptBlock: (block) => ecbBlock(bc, block),
  };
}

function ecbBlock(bc: BlockCipher, block: Uint8Array): Uint8Array {
  if (block.length !== 8) throw new ChipIdError('CRYPTO_ERROR', `DES block of ${block.length} bytes`);
  const out = new Uint8Array(8);
  bc.encryptBlock(block, 0, out, 0);
  return out;
}

/** 3DES-EDE CBC encryption, no padding (data a multiple of 8). Key 16 (K1 K2 K1) or 24 bytes. */
export function desEdeCbcEncrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  return createDesEde(key).cbcEncrypt(iv, data);
}

/** 3DES-EDE CBC decryption, no padding removal. */
export function desEdeCbcDecrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  return createDesEde(key).cbcDecrypt(iv, data);
}

/** Single-DES ECB encryption of one 8-byte block. */
export function desEcbEncryptBlock(key8: Uint8Array, block8: Uint8Array): Uint8Array {
  if (key8.length !== 8) throw new ChipIdError('CRYPTO_ERROR', `DES key of ${key8.length} bytes`);
  return ecbBlock(desBlockCipher(key8), block8);
}

/** 3DES-EDE ECB encryption of one 8-byte block. */
export function desEdeEcbEncryptBlock(key: Uint8Array, block8: Uint8Array): Uint8Array {
  return createDesEde(key).encryptBlock(block8);
}

/**
 * ISO/IEC 9797-1 MAC algorithm 3 ("retail MAC") with DES, block cipher DES, initial IV zero, output 8 bytes:
 * CBC-MAC under K1 over all blocks, then the final block is decrypted under K2 and encrypted under K1.
 * The input must already be padded (padding method 2, see pad.ts). 9303-11 §9.8.3.1 / §4.3.3.
 */
export type RetailMac = (paddedData: Uint8Array) => Uint8Array;

export function createRetailMac(key16: Uint8Array): RetailMac {
  if (key16.length !== 16) throw new ChipIdError('CRYPTO_ERROR', `retail MAC key of ${key16.length} bytes (expected 16)`);
  const ka = desBlockCipher(key16.subarray(0, 8));
  const kb = desBlockCipher(key16.subarray(8, 16));
  return (data) => {
    if (data.length === 0 || data.length % 8 !== 0) {
      throw new ChipIdError('CRYPTO_ERROR', `retail MAC input of ${data.length} bytes is not padded to 8`);
    }
    const h = ZERO_IV8.slice();
    for (let off = 0; off < data.length; off += 8) {
      for (let i = 0; i < 8; i++) h[i]! ^= data[off + i]!;
      ka.encryptBlock(h, 0, h, 0);
    }
    kb.decryptBlock(h, 0, h, 0);
    ka.encryptBlock(h, 0, h, 0);
    return h;
  };
}

export function retailMac(key16: Uint8Array, paddedData: Uint8Array): Uint8Array {
  return createRetailMac(key16)(paddedData);
}

/** Returns a copy with each byte's least significant bit set so the byte has odd parity (DES key parity). */
export function adjustDesParity(key: Uint8Array): Uint8Array {
  const out = new Uint8Array(key.length);
  for (let i = 0; i < key.length; i++) {
    const b = key[i]! & 0xfe;
    let ones = 0;
    for (let v = b; v !== 0; v >>= 1) ones += v & 1;
    out[i] = ones % 2 === 0 ? b | 1 : b;
  }
  return out;
}
