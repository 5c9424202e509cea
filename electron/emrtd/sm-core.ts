/**
 * Secure messaging building blocks shared by the reader side and the chip side (9303-11 §9.8):
 * the send sequence counter, encryption with the suite's IV rule, the MAC over pad(SSC || data), and a strict
 * parser for the SM data objects. See sm.ts for the two endpoints.
 */
import { concat } from './bytes.js';
import { ChipIdError } from './errors.js';
import { readTlvs, type Tlv } from './tlv.js';
import { createAes } from './crypto/aes.js';
import { suiteKeyLength, type SmCipherSuite } from './crypto/kdf.js';
import { createDesEde, createRetailMac } from './crypto/legacy.js';
import { pad, unpad } from './crypto/pad.js';

export interface SmOptions {
  suite: SmCipherSuite;
  ksEnc: Uint8Array;
  ksMac: Uint8Array;
  /** Initial send sequence counter: 8 bytes for 3DES, 16 for AES (9303-11 §9.8.2). */
  ssc: Uint8Array;
}

/** SM data object tags (ISO/IEC 7816-4 §10, 9303-11 §9.8.5). */
export const DO_CRYPTOGRAM_PADDED = 0x87; // padding-content indicator 01 + cryptogram
export const DO_CRYPTOGRAM = 0x85; // cryptogram, used for odd INS (e.g. B1)
export const DO_LE = 0x97;
export const DO_SW = 0x99;
export const DO_MAC = 0x8e;
const MAC_LENGTH = 8;

/** Keys, counter and cipher of one SM session. Holds key schedules, never the raw keys. */
export class SmSession {
  readonly suite: SmCipherSuite;
  readonly blockSize: 8 | 16;
  private readonly sscBuf: Uint8Array;
  private readonly cbcEncrypt: (iv: Uint8Array, d: Uint8Array) => Uint8Array;
  private readonly cbcDecrypt: (iv: Uint8Array, d: Uint8Array) => Uint8Array;
  private readonly ivFromSsc: (() => Uint8Array) | undefined;
  private readonly mac: (padded: Uint8Array) => Uint8Array;

  constructor(opts: SmOptions) {
    const { suite, ksEnc, ksMac, ssc } = opts;
    const keyLen = suiteKeyLength(suite);
    if (ksEnc.length !== keyLen || ksMac.length !== keyLen) {
      throw new ChipIdError('CRYPTO_ERROR', `SM ${suite}: session keys of ${ksEnc.length}/${ksMac.length} bytes, expected ${keyLen}`);
    }
    this.suite = suite;
    this.blockSize = suite === '3DES' ? 8 : 16;
    if (ssc.length !== this.blockSize) {
      throw new ChipIdError('CRYPTO_ERROR', `SM ${suite}: SSC of ${ssc.length} bytes, expected ${this.blockSize}`);
    }
    this.sscBuf = ssc.slice();
    if (suite === '3DES') {
      // 9303-11 §9.8.6.1: 3DES in CBC mode with IV zero; §9.8.6.2: retail MAC.
      const des = createDesEde(ksEnc);
      this.cbcEncrypt = des.cbcEncrypt;
      this.cbcDecrypt = des.cbcDecrypt;
      this.ivFromSsc = undefined;
      this.mac = createRetailMac(ksMac);
    } else {
      // 9303-11 §9.8.7.1: AES-CBC with IV = E(KSEnc, SSC); §9.8.7.2: AES-CMAC truncated to 8 bytes.
      const aesEnc = createAes(ksEnc);
      const aesMac = createAes(ksMac);
      this.cbcEncrypt = aesEnc.cbcEncrypt;
      this.cbcDecrypt = aesEnc.cbcDecrypt;
      this.ivFromSsc = () => aesEnc.encryptBlock(this.sscBuf);
      this.mac = (padded) => aesMac.cmac(padded).slice(0, MAC_LENGTH);
    }
  }

  /** A copy of the current send sequence counter. */
  get ssc(): Uint8Array {
    return this.sscBuf.slice();
  }

  /** 9303-11 §9.8.2: the SSC is incremented before each command and before each response. */
  incrementSsc(): void {
    for (let i = this.sscBuf.length - 1; i >= 0; i--) {
      this.sscBuf[i] = (this.sscBuf[i]! + 1) & 0xff;
      if (this.sscBuf[i] !== 0) return;
    }
  }

  private iv(): Uint8Array {
    return this.ivFromSsc ? this.ivFromSsc() : new Uint8Array(8);
  }

  /** Pads (method 2) and encrypts under the current SSC. */
  encrypt(plain: Uint8Array): Uint8Array {
    return this.cbcEncrypt(this.iv(), pad(plain, this.blockSize));
  }

  /** Decrypts under the current SSC and removes the padding. Throws SM_ERROR on malformed cryptograms. */
  decrypt(cryptogram: Uint8Array): Uint8Array {
    if (cryptogram.length === 0 || cryptogram.length % this.blockSize !== 0) {
      throw new ChipIdError('SM_ERROR', `SM cryptogram of ${cryptogram.length} bytes is not a whole number of blocks`);
    }
    return unpad(this.cbcDecrypt(this.iv(), cryptogram));
  }

  /** MAC over pad(SSC || parts) with the current SSC (9303-11 §9.8.4 N / K). */
  macOf(...parts: Uint8Array[]): Uint8Array {
    return this.mac(pad(concat(this.sscBuf, ...parts), this.blockSize));
  }

  /** The command header with CLA marked as SM (b4 b3 = 11), padded to a block: 9303-11 §9.8.4 step 1. */
  paddedHeader(cla: number, ins: number, p1: number, p2: number): Uint8Array {
    return pad(Uint8Array.of((cla | 0x0c) & 0xff, ins & 0xff, p1 & 0xff, p2 & 0xff), this.blockSize);
  }
}

export interface SmObjects {
  /** DO87 (value without the 01 indicator) or DO85. */
  cryptogram?: { tag: number; value: Uint8Array };
  /** DO97 (command) or DO99 (response) value. */
  le?: Uint8Array;
  sw?: Uint8Array;
  mac: Uint8Array;
  /** The bytes the MAC covers (all objects before DO8E). */
  macInput: Uint8Array;
}

const RANK: Record<number, number> = { [DO_CRYPTOGRAM_PADDED]: 1, [DO_CRYPTOGRAM]: 1, [DO_LE]: 2, [DO_SW]: 2, [DO_MAC]: 3 };

/**
 * Parses SM data objects strictly: only `allowed` tags, each at most once, in the order
 * cryptogram → DO97/DO99 → DO8E, DO8E last and 8 bytes. Any deviation is SM_ERROR (with `sw` for the chip side).
 */
export function parseSmObjects(buf: Uint8Array, allowed: readonly number[], where: string, errSw?: number): SmObjects {
  const fail = (what: string, cause?: unknown): ChipIdError =>
    new ChipIdError('SM_ERROR', `${where}: ${what}`, { ...(cause === undefined ? {} : { cause }), ...(errSw === undefined ? {} : { sw: errSw }) });
  let tlvs: Tlv[];
  try {
    tlvs = readTlvs(buf, where);
  } catch (e) {
    throw fail('malformed SM data objects', e);
  }
  let lastRank = 0;
  const out: Partial<SmObjects> = {};
  for (const t of tlvs) {
    const rank = RANK[t.tag];
    if (rank === undefined || !allowed.includes(t.tag)) throw fail(`unexpected SM object ${t.tag.toString(16).toUpperCase()}`);
    if (rank <= lastRank) throw fail(`SM object ${t.tag.toString(16).toUpperCase()} out of order or repeated`);
    lastRank = rank;
    if (t.tag === DO_CRYPTOGRAM_PADDED) {
      if (t.value.length < 1 || t.value[0] !== 0x01) throw fail('DO87 without padding-content indicator 01');
      out.cryptogram = { tag: t.tag, value: t.value.subarray(1) };
    } else if (t.tag === DO_CRYPTOGRAM) {
      out.cryptogram = { tag: t.tag, value: t.value };
    } else if (t.tag === DO_LE) {
      out.le = t.value;
    } else if (t.tag === DO_SW) {
      out.sw = t.value;
    } else {
      if (t.value.length !== MAC_LENGTH) throw fail(`DO8E of ${t.value.length} bytes`);
      out.mac = t.value;
      out.macInput = buf.subarray(0, t.start);
    }
  }
  if (!out.mac || !out.macInput) throw fail('DO8E (MAC) missing');
  return out as SmObjects;
}
