/**
 * RSA signature verification, pure bigint (RFC 8017): RSASSA-PKCS1-v1_5 (§8.2.2, EMSA-PKCS1-v1_5 §9.2)
 * and RSASSA-PSS (§8.1.2, EMSA-PSS-VERIFY §9.1.2 with MGF1 §B.2.1), parameters per RFC 4055.
 */
import { bigIntToBytes, bytesToBigInt, equalBytes } from '../emrtd/bytes.js';
import { parseAsn1, T, child, expectSequence, isUniversal, readOctets, readOid } from './asn1.js';
import { type HashName, HASH_OID, hash, hashFn } from './hash.js';

export function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  let r = 1n;
  let b = base % mod;
  let e = exp;
  while (e > 0n) {
    if (e & 1n) r = (r * b) % mod;
    e >>= 1n;
    if (e > 0n) b = (b * b) % mod;
  }
  return r;
}

export type RsaResult = { ok: true } | { ok: false; why: string };

function rsavp1(n: bigint, e: bigint, sig: Uint8Array, len: number): Uint8Array | string {
  const k = Math.ceil(n.toString(2).length / 8);
  if (sig.length !== k) return `signature is ${sig.length} bytes, modulus ${k}`;
  const s = bytesToBigInt(sig);
  if (s >= n) return 'signature representative out of range';
  const m = modPow(s, e, n);
  try {
    return bigIntToBytes(m, len);
  } catch {
    return 'message representative too long';
  }
}

/** RSASSA-PKCS1-v1_5 verify: EM = 00 01 FF…FF 00 DigestInfo, DigestInfo parameters absent or NULL. */
export function verifyPkcs1(n: bigint, e: bigint, hashName: HashName, message: Uint8Array, sig: Uint8Array): RsaResult {
  const k = Math.ceil(n.toString(2).length / 8);
  const em = rsavp1(n, e, sig, k);
  if (typeof em === 'string') return { ok: false, why: em };
  if (em[0] !== 0x00 || em[1] !== 0x01) return { ok: false, why: 'PKCS#1 v1.5 block type wrong' };
  let i = 2;
  while (i < em.length && em[i] === 0xff) i++;
  if (i - 2 < 8 || em[i] !== 0x00) return { ok: false, why: 'PKCS#1 v1.5 padding malformed' };
  const digestInfo = em.subarray(i + 1);
  try {
    const di = expectSequence(parseAsn1(digestInfo, 'DigestInfo'), 'DigestInfo');
    const alg = expectSequence(child(di, 0, 'DigestInfo'), 'DigestInfo.algorithm');
    const oid = readOid(child(alg, 0, 'DigestInfo'), 'DigestInfo.algorithm');
    const params = alg.children[1];
    if (alg.children.length > 2 || (params && !(isUniversal(params, T.NULL) && params.content.length === 0))) {
      return { ok: false, why: 'DigestInfo parameters not NULL' };
    }
    if (di.children.length !== 2) return { ok: false, why: 'DigestInfo malformed' };
    if (oid !== HASH_OID[hashName]) return { ok: false, why: `DigestInfo names hash ${oid}, expected ${hashName}` };
    const digest = readOctets(child(di, 1, 'DigestInfo'), 'DigestInfo.digest');
    return equalBytes(digest, hash(hashName, message)) ? { ok: true } : { ok: false, why: 'digest does not match' };
  } catch {
    return { ok: false, why: 'DigestInfo malformed' };
  }
}

/** MGF1 (RFC 8017 §B.2.1). */
export function mgf1(hashName: HashName, seed: Uint8Array, len: number): Uint8Array {
  const h = hashFn(hashName);
  const out = new Uint8Array(len);
  const buf = new Uint8Array(seed.length + 4);
  buf.set(seed);
  for (let c = 0, o = 0; o < len; c++) {
    buf[seed.length] = c >>> 24;
    buf[seed.length + 1] = (c >>> 16) & 0xff;
    buf[seed.length + 2] = (c >>> 8) & 0xff;
    buf[seed.length + 3] = c & 0xff;
    const d = h(buf);
    out.set(d.subarray(0, Math.min(d.length, len - o)), o);
    o += d.length;
  }
  return out;
}

/** RSASSA-PSS verify (RFC 8017 §8.1.2 + §9.1.2). */
export function verifyPss(
  n: bigint,
  e: bigint,
  p: { hash: HashName; mgfHash: HashName; saltLength: number; trailerField: number },
  message: Uint8Array,
  sig: Uint8Array,
): RsaResult {
  if (p.trailerField !== 1) return { ok: false, why: `PSS trailerField ${p.trailerField}` };
  const modBits = n.toString(2).length;
  const emBits = modBits - 1;
  const emLen = Math.ceil(emBits / 8);
  const em = rsavp1(n, e, sig, emLen);
  if (typeof em === 'string') return { ok: false, why: em };
  const hLen = hashFn(p.hash).outputLen;
  const sLen = p.saltLength;
  if (emLen < hLen + sLen + 2) return { ok: false, why: 'PSS encoding too short' };
  if (em[emLen - 1] !== 0xbc) return { ok: false, why: 'PSS trailer byte is not BC' };
  const maskedDb = em.subarray(0, emLen - hLen - 1);
  const hh = em.subarray(emLen - hLen - 1, emLen - 1);
  const zeroBits = 8 * emLen - emBits;
  const topMask = (0xff << (8 - zeroBits)) & 0xff;
  if ((maskedDb[0]! & topMask) !== 0) return { ok: false, why: 'PSS leftmost bits not zero' };
  const dbMask = mgf1(p.mgfHash, hh, maskedDb.length);
  const db = new Uint8Array(maskedDb.length);
  for (let i = 0; i < db.length; i++) db[i] = maskedDb[i]! ^ dbMask[i]!;
  db[0] = db[0]! & (0xff >> zeroBits);
  const psLen = emLen - hLen - sLen - 2;
  for (let i = 0; i < psLen; i++) if (db[i] !== 0) return { ok: false, why: 'PSS padding not zero' };
  if (db[psLen] !== 0x01) return { ok: false, why: 'PSS separator not 01' };
  const salt = db.subarray(db.length - sLen);
  const mPrime = new Uint8Array(8 + hLen + sLen);
  mPrime.set(hash(p.hash, message), 8);
  mPrime.set(salt, 8 + hLen);
  return equalBytes(hash(p.hash, mPrime), hh) ? { ok: true } : { ok: false, why: 'PSS hash does not match' };
}
