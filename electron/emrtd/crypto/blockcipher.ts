/**
 * Internal adapter over node-forge's pure-JS DES and AES block functions. The key schedule is built once per
 * instance and blocks are processed as 32-bit words, bypassing forge's string buffers (a full card read does
 * ~100 secure-messaging operations; the host budget is tight). Not exported from the crypto modules' public API:
 * use legacy.ts (DES, 3DES, retail MAC) and aes.ts (AES, CMAC).
 * Pure: no node:* — Electron's BoringSSL lacks the legacy ciphers, so node:crypto is never used.
 */
import forge from 'node-forge';
import { ChipIdError } from '../errors.js';

interface ForgeBlockAlgorithm {
  initialize(options: { key: string | number[]; decrypt: boolean }): void;
  mode: { cipher: { encrypt(input: number[], output: number[]): void; decrypt(input: number[], output: number[]): void } };
}
type ForgeAlgorithmCtor = new (name: string, mode: unknown) => ForgeBlockAlgorithm;
const forgeInternals = forge as unknown as {
  des: { Algorithm: ForgeAlgorithmCtor };
  aes: { Algorithm: ForgeAlgorithmCtor };
  cipher: { modes: { ecb: unknown } };
};

/** A keyed block cipher working in place on byte arrays. */
export interface BlockCipher {
  readonly blockSize: 8 | 16;
  /** Encrypts `blockSize` bytes of `input` at `inOff` into `output` at `outOff` (may alias). */
  encryptBlock(input: Uint8Array, inOff: number, output: Uint8Array, outOff: number): void;
  decryptBlock(input: Uint8Array, inOff: number, output: Uint8Array, outOff: number): void;
}

function binaryString(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i]!);
  return s;
}

class ForgeBlockCipher implements BlockCipher {
  readonly blockSize: 8 | 16;
  private readonly words: number;
  private readonly inW: number[];
  private readonly outW: number[];
  private enc: ForgeBlockAlgorithm | undefined;
  private dec: ForgeBlockAlgorithm | undefined;

  constructor(
    private readonly makeAlgorithm: (decrypt: boolean) => ForgeBlockAlgorithm,
    blockSize: 8 | 16,
  ) {
    this.blockSize = blockSize;
    this.words = blockSize / 4;
    this.inW = new Array<number>(this.words).fill(0);
    this.outW = new Array<number>(this.words).fill(0);
    this.enc = makeAlgorithm(false);
  }

  private run(alg: ForgeBlockAlgorithm, decrypt: boolean, input: Uint8Array, inOff: number, output: Uint8Array, outOff: number): void {
    const { inW, outW, words } = this;
    for (let w = 0; w < words; w++) {
      const o = inOff + 4 * w;
      inW[w] = ((input[o]! << 24) | (input[o + 1]! << 16) | (input[o + 2]! << 8) | input[o + 3]!) | 0;
    }
    if (decrypt) alg.mode.cipher.decrypt(inW, outW);
    else alg.mode.cipher.encrypt(inW, outW);
    for (let w = 0; w < words; w++) {
      const v = outW[w]!;
      const o = outOff + 4 * w;
      output[o] = (v >>> 24) & 0xff;
      output[o + 1] = (v >>> 16) & 0xff;
      output[o + 2] = (v >>> 8) & 0xff;
      output[o + 3] = v & 0xff;
    }
  }

  encryptBlock(input: Uint8Array, inOff: number, output: Uint8Array, outOff: number): void {
    this.enc ??= this.makeAlgorithm(false);
    this.run(this.enc, false, input, inOff, output, outOff);
  }

  decryptBlock(input: Uint8Array, inOff: number, output: Uint8Array, outOff: number): void {
    this.dec ??= this.makeAlgorithm(true);
    this.run(this.dec, true, input, inOff, output, outOff);
  }
}

/** Single DES (8-byte key) or two/three-key 3DES EDE (16 or 24 bytes; 16 is used as K1 K2 K1). */
export function desBlockCipher(key: Uint8Array): BlockCipher {
  let k: Uint8Array;
  if (key.length === 8 || key.length === 24) k = key;
  else if (key.length === 16) {
    k = new Uint8Array(24);
    k.set(key, 0);
    k.set(key.subarray(0, 8), 16);
  } else throw new ChipIdError('CRYPTO_ERROR', `DES key of ${key.length} bytes (expected 8, 16 or 24)`);
  const name = k.length === 8 ? 'DES-ECB' : '3DES-ECB';
  const keyStr = binaryString(k);
  if (k !== key) k.fill(0);
  // forge's DES schedule is the same for both directions; one algorithm object serves both.
  const make = (): ForgeBlockAlgorithm => {
    const a = new forgeInternals.des.Algorithm(name, forgeInternals.cipher.modes.ecb);
    a.initialize({ key: keyStr, decrypt: false });
    return a;
  };
  const alg = make();
  return new ForgeBlockCipher(() => alg, 8);
}

/** AES-128/192/256 (FIPS 197). */
export function aesBlockCipher(key: Uint8Array): BlockCipher {
  if (key.length !== 16 && key.length !== 24 && key.length !== 32) {
    throw new ChipIdError('CRYPTO_ERROR', `AES key of ${key.length} bytes (expected 16, 24 or 32)`);
  }
  const keyBytes = Array.from(key);
  return new ForgeBlockCipher((decrypt) => {
    const a = new forgeInternals.aes.Algorithm('AES-ECB', forgeInternals.cipher.modes.ecb);
    a.initialize({ key: keyBytes, decrypt });
    return a;
  }, 16);
}

function checkCbc(bc: BlockCipher, iv: Uint8Array, data: Uint8Array): void {
  if (iv.length !== bc.blockSize) throw new ChipIdError('CRYPTO_ERROR', `CBC IV of ${iv.length} bytes (block ${bc.blockSize})`);
  if (data.length % bc.blockSize !== 0) {
    throw new ChipIdError('CRYPTO_ERROR', `CBC input of ${data.length} bytes is not a multiple of ${bc.blockSize}`);
  }
}

/** CBC encryption without padding (input must already be a multiple of the block size). */
export function cbcEncrypt(bc: BlockCipher, iv: Uint8Array, data: Uint8Array): Uint8Array {
  checkCbc(bc, iv, data);
  const n = bc.blockSize;
  const out = new Uint8Array(data.length);
  const chain = iv.slice();
  for (let off = 0; off < data.length; off += n) {
    for (let i = 0; i < n; i++) chain[i]! ^= data[off + i]!;
    bc.encryptBlock(chain, 0, chain, 0);
    out.set(chain, off);
  }
  return out;
}

/** CBC decryption without padding removal. */
export function cbcDecrypt(bc: BlockCipher, iv: Uint8Array, data: Uint8Array): Uint8Array {
  checkCbc(bc, iv, data);
  const n = bc.blockSize;
  const out = new Uint8Array(data.length);
  for (let off = 0; off < data.length; off += n) {
    bc.decryptBlock(data, off, out, off);
    for (let i = 0; i < n; i++) out[off + i]! ^= off === 0 ? iv[i]! : data[off - n + i]!;
  }
  return out;
}
