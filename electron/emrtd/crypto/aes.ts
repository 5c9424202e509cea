/**
 * AES (FIPS 197) in CBC and ECB without padding, and AES-CMAC (NIST SP 800-38B / RFC 4493) as used by
 * AES secure messaging and PACE/CA (9303-11 §9.8.4, §9.8.6). Pure JS via node-forge's block function.
 */
import { ChipIdError } from '../errors.js';
import { aesBlockCipher, cbcDecrypt, cbcEncrypt } from './blockcipher.js';

/** A keyed AES instance with its key schedule built once. */
export interface Aes {
  cbcEncrypt(iv: Uint8Array, data: Uint8Array): Uint8Array;
  cbcDecrypt(iv: Uint8Array, data: Uint8Array): Uint8Array;
  encryptBlock(block16: Uint8Array): Uint8Array;
  /** AES-CMAC, full 16 bytes (truncate at the call site where the spec says so). */
  cmac(data: Uint8Array): Uint8Array;
}

/** SP 800-38B §6.1: doubling in GF(2^128) with R128 = 0x87. */
function dbl(b: Uint8Array): Uint8Array {
  const out = new Uint8Array(16);
  for (let i = 0; i < 15; i++) out[i] = ((b[i]! << 1) | (b[i + 1]! >>> 7)) & 0xff;
  out[15] = (b[15]! << 1) & 0xff;
  if ((b[0]! & 0x80) !== 0) out[15]! ^= 0x87;
  return out;
}

export function createAes(key: Uint8Array): Aes {
  const bc = aesBlockCipher(key);
  let subkeys: [Uint8Array, Uint8Array] | undefined;
  const encryptBlock = (block: Uint8Array): Uint8Array => {
    if (block.length !== 16) throw new ChipIdError('CRYPTO_ERROR', `AES block of ${block.length} bytes`);
    const out = new Uint8Array(16);
    bc.encryptBlock(block, 0, out, 0);
    return out;
  };
  return {
    cbcEncrypt: (iv, data) => cbcEncrypt(bc, iv, data),
    cbcDecrypt: (iv, data) => cbcDecrypt(bc, iv, data),
    encryptBlock,
    cmac(data) {
      if (!subkeys) {
        const l = encryptBlock(new Uint8Array(16));
        const k1 = dbl(l);
        subkeys = [k1, dbl(k1)];
        l.fill(0);
      }
      const [k1, k2] = subkeys;
      // SP 800-38B §6.2: n blocks; the last is XORed with K1 if complete, else padded (10*) and XORed with K2.
      const n = Math.max(1, Math.ceil(data.length / 16));
      const lastComplete = data.length > 0 && data.length % 16 === 0;
      const x = new Uint8Array(16);
      for (let blk = 0; blk < n - 1; blk++) {
        const off = blk * 16;
        for (let i = 0; i < 16; i++) x[i]! ^= data[off + i]!;
        bc.encryptBlock(x, 0, x, 0);
      }
      const off = (n - 1) * 16;
      const rem = data.length - off;
      for (let i = 0; i < 16; i++) {
        let m: number;
        if (lastComplete) m = data[off + i]! ^ k1[i]!;
        else m = (i < rem ? data[off + i]! : i === rem ? 0x80 : 0) ^ k2[i]!;
        x[i]! ^= m;
      }
      bc.encryptBlock(x, 0, x, 0);
      return x;
    },
  };
}

/** AES-CBC encryption, no padding (data a multiple of 16). Key 16, 24 or 32 bytes. */
export function aesCbcEncrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  return createAes(key).cbcEncrypt(iv, data);
}

/** AES-CBC decryption, no padding removal. */
export function aesCbcDecrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  return createAes(key).cbcDecrypt(iv, data);
}

/** AES-ECB encryption of one 16-byte block. */
export function aesEcbEncryptBlock(key: Uint8Array, block16: Uint8Array): Uint8Array {
  return createAes(key).encryptBlock(block16);
}

/** AES-CMAC (NIST SP 800-38B), 16 bytes. */
export function aesCmac(key: Uint8Array, data: Uint8Array): Uint8Array {
  return createAes(key).cmac(data);
}
