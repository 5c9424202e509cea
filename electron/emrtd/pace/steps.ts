/**
 * Pure PACE building blocks (9303-11 §4.4), shared by the reader (pace.ts) and the chip (responder.ts), and
 * exported so the tests can replay the worked examples of Appendices G–I step by step.
 */
import { asciiBytes, equalBytes } from '../bytes.js';
import { ChipIdError } from '../errors.js';
import { createAes } from '../crypto/aes.js';
import { createDesEde, createRetailMac, sha1 } from '../crypto/legacy.js';
import { kdf, KDF_ENC, KDF_MAC, KDF_PI, type SmCipherSuite } from '../crypto/kdf.js';
import { pad, unpad } from '../crypto/pad.js';
import { readTlv, readTlvs, tlv } from '../tlv.js';
import { encodeOidValue } from '../lds/der.js';
import type { Group } from './group.js';

export type PacePassword = { kind: 'can' | 'mrz'; value: string };

/** Password reference of MSE:Set AT tag 83 (§4.4.4.1): 01 MRZ, 02 CAN. */
export const PASSWORD_REF = { mrz: 0x01, can: 0x02 } as const;

/**
 * K = f(π) of §9.7.3 Table 14: SHA-1 of the MRZ information (document number ‖ check digit ‖ date of birth ‖
 * check digit ‖ date of expiry ‖ check digit) or the CAN as ISO 8859-1 characters.
 */
export function passwordSecret(password: PacePassword): Uint8Array {
  const v = password.value;
  if (password.kind === 'can') {
    if (!/^[0-9]{1,12}$/.test(v)) throw new ChipIdError('KEY_INVALID', 'CAN must be 1–12 digits');
    return asciiBytes(v);
  }
  if (!/^[0-9A-Z<]{24,}$/.test(v)) throw new ChipIdError('KEY_INVALID', 'MRZ information has the wrong format');
  return sha1(asciiBytes(v));
}

/** Kπ = KDF(f(π), 3), §9.7.3. */
export function passwordKey(password: PacePassword, suite: SmCipherSuite): Uint8Array {
  const secret = passwordSecret(password);
  const k = kdf(secret, KDF_PI, suite);
  secret.fill(0);
  return k;
}

function blockSize(suite: SmCipherSuite): 8 | 16 {
  return suite === '3DES' ? 8 : 16;
}

/** s = D(Kπ, z): CBC with zero IV, §4.4.3.3. */
export function decryptNonce(kPi: Uint8Array, z: Uint8Array, suite: SmCipherSuite): Uint8Array {
  const bs = blockSize(suite);
  if (z.length === 0 || z.length % bs !== 0 || z.length > 64) {
    throw new ChipIdError('PROTOCOL_ERROR', `encrypted nonce of ${z.length} bytes`);
  }
  const iv = new Uint8Array(bs);
  return suite === '3DES' ? createDesEde(kPi).cbcDecrypt(iv, z) : createAes(kPi).cbcDecrypt(iv, z);
}

/** z = E(Kπ, s) (chip side). */
export function encryptNonce(kPi: Uint8Array, s: Uint8Array, suite: SmCipherSuite): Uint8Array {
  const iv = new Uint8Array(blockSize(suite));
  return suite === '3DES' ? createDesEde(kPi).cbcEncrypt(iv, s) : createAes(kPi).cbcEncrypt(iv, s);
}

/** KS_Enc = KDF(K, 1), KS_MAC = KDF(K, 2), §9.7.1. */
export function sessionKeys(sharedSecret: Uint8Array, suite: SmCipherSuite): { ksEnc: Uint8Array; ksMac: Uint8Array } {
  return { ksEnc: kdf(sharedSecret, KDF_ENC, suite), ksMac: kdf(sharedSecret, KDF_MAC, suite) };
}

/**
 * Input of the authentication token, §4.4.3.4 / §9.4: public key data object 7F49 { 06 OID, 86 point } for ECDH
 * or 7F49 { 06 OID, 84 y } for DH, over the other party's ephemeral public key.
 */
export function tokenInput(oid: string, group: Group, publicKey: Uint8Array): Uint8Array {
  return tlv(0x7f49, tlv(0x06, encodeOidValue(oid)), tlv(group.kind === 'ec' ? 0x86 : 0x84, publicKey));
}

/** 8-byte MAC: AES-CMAC truncated (§4.4.3.4) or the ISO 9797-1 retail MAC with padding method 2. */
export function mac8(ksMac: Uint8Array, data: Uint8Array, suite: SmCipherSuite): Uint8Array {
  if (suite === '3DES') return createRetailMac(ksMac)(pad(data, 8));
  return createAes(ksMac).cmac(data).slice(0, 8);
}

/** T = MAC(KS_MAC, PK data object of the peer's ephemeral key). */
export function authToken(ksMac: Uint8Array, suite: SmCipherSuite, oid: string, group: Group, peerPublicKey: Uint8Array): Uint8Array {
  return mac8(ksMac, tokenInput(oid, group, peerPublicKey), suite);
}

export function checkToken(expected: Uint8Array, received: Uint8Array): boolean {
  return equalBytes(expected, received);
}

const CAM_IV_INPUT = new Uint8Array(16).fill(0xff);

/** A_IC = E(KS_Enc, pad(CA_IC)) with IV = E(KS_Enc, −1), §4.4.3.5 (AES only). */
export function encryptCamData(ksEnc: Uint8Array, caIc: Uint8Array): Uint8Array {
  const aes = createAes(ksEnc);
  return aes.cbcEncrypt(aes.encryptBlock(CAM_IV_INPUT), pad(caIc, 16));
}

/** CA_IC = unpad(D(KS_Enc, A_IC)); malformed data → PROTOCOL_ERROR. */
export function decryptCamData(ksEnc: Uint8Array, aIc: Uint8Array): Uint8Array {
  if (aIc.length === 0 || aIc.length % 16 !== 0 || aIc.length > 160) {
    throw new ChipIdError('PROTOCOL_ERROR', `encrypted chip authentication data of ${aIc.length} bytes`);
  }
  const aes = createAes(ksEnc);
  try {
    return unpad(aes.cbcDecrypt(aes.encryptBlock(CAM_IV_INPUT), aIc));
  } catch (e) {
    throw new ChipIdError('PROTOCOL_ERROR', 'encrypted chip authentication data has bad padding', { cause: e });
  }
}

/** The IV used for the CAM data, exported for the worked-example test. */
export function camIv(ksEnc: Uint8Array): Uint8Array {
  return createAes(ksEnc).encryptBlock(CAM_IV_INPUT);
}


/** Dynamic Authentication Data 7C { tag → value } (§4.4.4.2). Strict: one 7C filling the data, no duplicates. */
export function parseDynamicAuthData(data: Uint8Array, where: string): Map<number, Uint8Array> {
  let outer;
  try {
    outer = readTlv(data, 0, where);
  } catch (e) {
    throw new ChipIdError('PROTOCOL_ERROR', `${where}: malformed dynamic authentication data`, { cause: e });
  }
  if (outer.tag !== 0x7c || outer.end !== data.length) {
    throw new ChipIdError('PROTOCOL_ERROR', `${where}: expected one 7C object`);
  }
  const out = new Map<number, Uint8Array>();
  let items;
  try {
    items = readTlvs(outer.value, where);
  } catch (e) {
    throw new ChipIdError('PROTOCOL_ERROR', `${where}: malformed dynamic authentication data`, { cause: e });
  }
  for (const t of items) {
    if (out.has(t.tag)) throw new ChipIdError('PROTOCOL_ERROR', `${where}: tag ${t.tag.toString(16)} twice`);
    out.set(t.tag, t.value.slice());
  }
  return out;
}

/** Builds 7C { tag value … }. */
export function dynamicAuthData(...objects: [number, Uint8Array][]): Uint8Array {
  return tlv(0x7c, ...objects.map(([tag, v]) => tlv(tag, v)));
}
