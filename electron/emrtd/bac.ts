/**
 * Basic Access Control, 9303-11 §4.3 (protocol) and §9.7 (key derivation), reader and chip side.
 * Worked example: 9303-11 Appendix D.1–D.3.
 */
import { asciiBytes, concat, equalBytes, type Rng } from './bytes.js';
import { ChipIdError } from './errors.js';
import { SW, type CommandApdu } from './apdu.js';
import { kdf, KDF_ENC, KDF_MAC } from './crypto/kdf.js';
import { createDesEde, createRetailMac, sha1 } from './crypto/legacy.js';
import { pad } from './crypto/pad.js';
import { CardSecureMessaging, SecureMessaging, type SmOptions } from './sm.js';
import type { Transceive } from './transceive.js';

export interface BacKeys {
  kSeed: Uint8Array;
  kEnc: Uint8Array;
  kMac: Uint8Array;
}

/** Session keys and SSC established by BAC (9303-11 §4.3.3.3, §9.8.2). */
export type BacSession = SmOptions & { suite: '3DES' };

const ZERO_IV = new Uint8Array(8);

/**
 * 9303-11 §9.7.2: Kseed = first 16 bytes of SHA-1(MRZ_information), MRZ_information = document number,
 * its check digit, date of birth, its check digit, date of expiry, its check digit (as printed, with fillers).
 */
export function bacKeysFromMrzInfo(mrzInfo: string): BacKeys {
  if (mrzInfo.length < 24 || mrzInfo.length > 64 || !/^[0-9A-Z<]+$/.test(mrzInfo)) {
    throw new ChipIdError('KEY_INVALID', 'BAC: MRZ information must be document number, DOB and expiry with check digits');
  }
  const h = sha1(asciiBytes(mrzInfo));
  const kSeed = h.slice(0, 16);
  h.fill(0);
  return { kSeed, kEnc: kdf(kSeed, KDF_ENC, '3DES'), kMac: kdf(kSeed, KDF_MAC, '3DES') };
}

function check(name: string, b: Uint8Array, len: number): void {
  if (b.length !== len) throw new ChipIdError('INTERNAL', `BAC: ${name} of ${b.length} bytes, expected ${len}`);
}

/** 9303-11 §4.3.3.2 / §9.7.3: session keys from Kseed = K.IFD xor K.IC; SSC = 4 LSB of RND.IC || 4 LSB of RND.IFD. */
export function bacSessionKeys(kIfd: Uint8Array, kIc: Uint8Array, rndIc: Uint8Array, rndIfd: Uint8Array): BacSession {
  check('K.IFD', kIfd, 16);
  check('K.IC', kIc, 16);
  const kSeed = new Uint8Array(16);
  for (let i = 0; i < 16; i++) kSeed[i] = kIfd[i]! ^ kIc[i]!;
  const session: BacSession = {
    suite: '3DES',
    ksEnc: kdf(kSeed, KDF_ENC, '3DES'),
    ksMac: kdf(kSeed, KDF_MAC, '3DES'),
    ssc: concat(rndIc.subarray(4, 8), rndIfd.subarray(4, 8)),
  };
  kSeed.fill(0);
  return session;
}

/**
 * Reader step (9303-11 §4.3.3.1 steps 1–3): S = RND.IFD || RND.IC || K.IFD, E_IFD = 3DES(K_Enc, S),
 * M_IFD = MAC(K_Mac, E_IFD). Returns the 40-byte EXTERNAL AUTHENTICATE data E_IFD || M_IFD.
 */
export function bacBuildExternalAuth(kEnc: Uint8Array, kMac: Uint8Array, rndIc: Uint8Array, rndIfd: Uint8Array, kIfd: Uint8Array): Uint8Array {
  check('RND.IC', rndIc, 8);
  check('RND.IFD', rndIfd, 8);
  check('K.IFD', kIfd, 16);
  const s = concat(rndIfd, rndIc, kIfd);
  const eIfd = createDesEde(kEnc).cbcEncrypt(ZERO_IV, s);
  s.fill(0);
  return concat(eIfd, createRetailMac(kMac)(pad(eIfd, 8)));
}

/**
 * Reader step (9303-11 §4.3.3.1 step 7 – §4.3.3.2): verifies M_IC, decrypts R = RND.IC || RND.IFD || K.IC, checks
 * both nonces and derives the session. A MAC or nonce mismatch means the chip did not prove knowledge of the key
 * (or answered a different challenge): 'MAC_INVALID'.
 */
export function bacCompleteReader(
  kEnc: Uint8Array,
  kMac: Uint8Array,
  rndIc: Uint8Array,
  rndIfd: Uint8Array,
  kIfd: Uint8Array,
  respData: Uint8Array,
): BacSession {
  if (respData.length !== 40) throw new ChipIdError('PROTOCOL_ERROR', `BAC: EXTERNAL AUTHENTICATE answered ${respData.length} bytes, expected 40`);
  const eIc = respData.subarray(0, 32);
  const mIc = respData.subarray(32, 40);
  if (!equalBytes(createRetailMac(kMac)(pad(eIc, 8)), mIc)) throw new ChipIdError('MAC_INVALID', 'BAC: chip cryptogram MAC does not verify');
  const r = createDesEde(kEnc).cbcDecrypt(ZERO_IV, eIc);
  try {
    if (!equalBytes(r.subarray(0, 8), rndIc) || !equalBytes(r.subarray(8, 16), rndIfd)) {
      throw new ChipIdError('MAC_INVALID', 'BAC: chip did not echo the challenge nonces');
    }
    return bacSessionKeys(kIfd, r.subarray(16, 32), rndIc, rndIfd);
  } finally {
    r.fill(0);
  }
}

export const GET_CHALLENGE: CommandApdu = { cla: 0x00, ins: 0x84, p1: 0x00, p2: 0x00, ne: 8 };

/** Status words with which a chip refuses the BAC key. */
const DENIED = new Set<number>([SW.AUTH_FAILED, SW.SECURITY_NOT_SATISFIED]);

/** Full reader-side BAC over `transceive` (9303-11 §4.3). Returns 3DES secure messaging ready for use. */
export async function performBac(transceive: Transceive, mrzInfo: string, rng: Rng): Promise<SecureMessaging> {
  const { kSeed, kEnc, kMac } = bacKeysFromMrzInfo(mrzInfo);
  kSeed.fill(0);
  try {
    const ch = await transceive(GET_CHALLENGE);
    if (ch.sw !== SW.OK) throw new ChipIdError('SW_ERROR', `BAC: GET CHALLENGE answered ${ch.sw.toString(16).toUpperCase()}`, { sw: ch.sw });
    if (ch.data.length !== 8) throw new ChipIdError('PROTOCOL_ERROR', `BAC: challenge of ${ch.data.length} bytes`);
    const rndIc = ch.data.slice();
    const rndIfd = rng(8);
    const kIfd = rng(16);
    if (rndIfd.length !== 8 || kIfd.length !== 16) throw new ChipIdError('INTERNAL', 'BAC: random source returned the wrong length');
    const cmdData = bacBuildExternalAuth(kEnc, kMac, rndIc, rndIfd, kIfd);
    const ea = await transceive({ cla: 0x00, ins: 0x82, p1: 0x00, p2: 0x00, data: cmdData, ne: 40 });
    if (DENIED.has(ea.sw)) throw new ChipIdError('ACCESS_DENIED', 'BAC: the chip refused the access key', { sw: ea.sw });
    if (ea.sw !== SW.OK) throw new ChipIdError('SW_ERROR', `BAC: EXTERNAL AUTHENTICATE answered ${ea.sw.toString(16).toUpperCase()}`, { sw: ea.sw });
    const session = bacCompleteReader(kEnc, kMac, rndIc, rndIfd, kIfd, ea.data);
    kIfd.fill(0);
    const sm = new SecureMessaging(session);
    session.ksEnc.fill(0);
    session.ksMac.fill(0);
    return sm;
  } finally {
    kEnc.fill(0);
    kMac.fill(0);
  }
}

export type BacChipResult =
  | { ok: true; response: Uint8Array; session: BacSession }
  | { ok: false; sw: number };

/**
 * Chip step (9303-11 §4.3.3.1 steps 4–6): verifies M_IFD, decrypts S, checks RND.IC, answers
 * E_IC || M_IC with R = RND.IC || RND.IFD || K.IC. Wrong MAC or nonce → 6300.
 */
export function bacRespondChip(kEnc: Uint8Array, kMac: Uint8Array, rndIc: Uint8Array, cmdData: Uint8Array, kIc: Uint8Array): BacChipResult {
  check('K.IC', kIc, 16);
  check('RND.IC', rndIc, 8);
  if (cmdData.length !== 40) return { ok: false, sw: SW.WRONG_LENGTH };
  const mac = createRetailMac(kMac);
  const eIfd = cmdData.subarray(0, 32);
  if (!equalBytes(mac(pad(eIfd, 8)), cmdData.subarray(32, 40))) return { ok: false, sw: SW.AUTH_FAILED };
  const des = createDesEde(kEnc);
  const s = des.cbcDecrypt(ZERO_IV, eIfd);
  try {
    if (!equalBytes(s.subarray(8, 16), rndIc)) return { ok: false, sw: SW.AUTH_FAILED };
    const rndIfd = s.slice(0, 8);
    const r = concat(rndIc, rndIfd, kIc);
    const eIc = des.cbcEncrypt(ZERO_IV, r);
    r.fill(0);
    const response = concat(eIc, mac(pad(eIc, 8)));
    return { ok: true, response, session: bacSessionKeys(s.subarray(16, 32), kIc, rndIc, rndIfd) };
  } finally {
    s.fill(0);
  }
}

/** The virtual card's BAC state: one challenge, used at most once. */
export class BacResponder {
  private readonly kEnc: Uint8Array;
  private readonly kMac: Uint8Array;
  private rndIc: Uint8Array | undefined;

  constructor(keys: { kEnc: Uint8Array; kMac: Uint8Array }) {
    check('K_Enc', keys.kEnc, 16);
    check('K_Mac', keys.kMac, 16);
    this.kEnc = keys.kEnc.slice();
    this.kMac = keys.kMac.slice();
  }

  static fromMrzInfo(mrzInfo: string): BacResponder {
    return new BacResponder(bacKeysFromMrzInfo(mrzInfo));
  }

  /** GET CHALLENGE: RND.IC (8 bytes). */
  getChallenge(rng: Rng): Uint8Array {
    const rndIc = rng(8);
    if (rndIc.length !== 8) throw new ChipIdError('INTERNAL', 'BAC: random source returned the wrong length');
    this.rndIc = rndIc.slice();
    return rndIc;
  }

  /**
   * EXTERNAL AUTHENTICATE with the chip's K.IC (16 random bytes). On success returns the 40-byte response data and
   * the chip-side SM; otherwise the status word to answer (6985 without a prior challenge, 6700, 6300).
   */
  externalAuthenticate(cmdData: Uint8Array, kIc: Uint8Array): { ok: true; response: Uint8Array; sm: CardSecureMessaging } | { ok: false; sw: number } {
    const rndIc = this.rndIc;
    this.rndIc = undefined; // a challenge answers one authentication attempt only
    if (!rndIc) return { ok: false, sw: SW.CONDITIONS_NOT_SATISFIED };
    const r = bacRespondChip(this.kEnc, this.kMac, rndIc, cmdData, kIc);
    if (!r.ok) return r;
    const sm = new CardSecureMessaging(r.session);
    r.session.ksEnc.fill(0);
    r.session.ksMac.fill(0);
    return { ok: true, response: r.response, sm };
  }
}
