/**
 * ISO/IEC 9796-2 digital signature scheme 1 with partial message recovery, as Active Authentication uses it
 * (9303-11 §6.1.2.2, worked example Appendix F): F = 6A ‖ M1 ‖ H ‖ T, H = Hash(M1 ‖ M2), M2 = RND.IFD not
 * recovered. Trailer T: BC (option 1, SHA-1) or the two-byte option-2 trailers ‘hash id’ ‖ CC
 * (33 SHA-1, 38 SHA-224, 34 SHA-256, 36 SHA-384, 35 SHA-512). RSA: the signature Σ = min(F^d, n − F^d) mod n, so
 * the verifier accepts J = Σ^e mod n or n − J, whichever ends in the nibble C (ISO/IEC 9796-2 §B.6 / B.4).
 */
import { sha1 } from '../crypto/legacy.js';
import { sha224, sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import { bigIntToBytes, bytesToBigInt, concat, equalBytes, type Rng } from '../bytes.js';
import { modPow } from '../pace/group.js';

export type AaHash = 'SHA-1' | 'SHA-224' | 'SHA-256' | 'SHA-384' | 'SHA-512';

export const HASHES: Record<AaHash, { fn: (d: Uint8Array) => Uint8Array; len: number; trailerId: number }> = {
  'SHA-1': { fn: sha1, len: 20, trailerId: 0x33 },
  'SHA-224': { fn: sha224, len: 28, trailerId: 0x38 },
  'SHA-256': { fn: sha256, len: 32, trailerId: 0x34 },
  'SHA-384': { fn: sha384, len: 48, trailerId: 0x36 },
  'SHA-512': { fn: sha512, len: 64, trailerId: 0x35 },
};

export interface Recovered {
  hash: AaHash;
  /** Recoverable part M1 (RND.IC). */
  m1: Uint8Array;
  /** Hash field H. */
  h: Uint8Array;
}

export type RecoverResult = { ok: true; value: Recovered } | { ok: false; reason: string };

/** Splits a message representative F (k/8 bytes) into M1, H and the trailer. */
export function parseRepresentative(f: Uint8Array): RecoverResult {
  if (f.length < 24) return { ok: false, reason: 'representative too short' };
  // Header: '01' + more-data bit 1 (partial recovery) + padding '0', then the border nibble 'A' → 6A.
  if (f[0] !== 0x6a) return { ok: false, reason: `header ${f[0]!.toString(16).toUpperCase().padStart(2, '0')}, expected 6A (partial recovery)` };
  const last = f[f.length - 1]!;
  let hash: AaHash | undefined;
  let t: number;
  if (last === 0xbc) {
    hash = 'SHA-1';
    t = 1;
  } else if (last === 0xcc) {
    const id = f[f.length - 2]!;
    hash = (Object.keys(HASHES) as AaHash[]).find((k) => HASHES[k].trailerId === id);
    if (!hash) return { ok: false, reason: `unsupported hash identifier ${id.toString(16).toUpperCase()} in the trailer` };
    t = 2;
  } else {
    return { ok: false, reason: `trailer ${last.toString(16).toUpperCase()} is neither BC nor xxCC` };
  }
  const hl = HASHES[hash].len;
  const m1End = f.length - t - hl;
  if (m1End <= 1) return { ok: false, reason: 'no room for M1' };
  return { ok: true, value: { hash, m1: f.slice(1, m1End), h: f.slice(m1End, f.length - t) } };
}

/** Verifies Σ over M2 with the RSA public key (n, e): recovery, format, then H = Hash(M1 ‖ M2). */
export function verifyIso9796Rsa(n: bigint, e: bigint, signature: Uint8Array, m2: Uint8Array): RecoverResult {
  const k = Math.ceil(n.toString(2).length / 8);
  if (signature.length === 0 || signature.length > k) return { ok: false, reason: `signature of ${signature.length} bytes for a ${k}-byte modulus` };
  const s = bytesToBigInt(signature);
  if (s === 0n || s >= n) return { ok: false, reason: 'signature not below the modulus' };
  const j = modPow(s, e, n);
  const candidate = (j & 0xfn) === 0xcn ? j : ((n - j) & 0xfn) === 0xcn ? n - j : undefined;
  if (candidate === undefined) return { ok: false, reason: 'recovered representative does not end in nibble C' };
  const parsed = parseRepresentative(bigIntToBytes(candidate, k));
  if (!parsed.ok) return parsed;
  const { hash, m1, h } = parsed.value;
  if (!equalBytes(HASHES[hash].fn(concat(m1, m2)), h)) return { ok: false, reason: `${hash}(M1 ‖ RND.IFD) does not match the recovered hash` };
  return parsed;
}

/** Chip side: Σ for challenge M2 with private exponent d (M1 fresh from rng, trailer per hash). */
export function signIso9796Rsa(n: bigint, d: bigint, m2: Uint8Array, hash: AaHash, rng: Rng): Uint8Array {
  const k = Math.ceil(n.toString(2).length / 8);
  const { fn, len, trailerId } = HASHES[hash];
  const trailer = hash === 'SHA-1' ? Uint8Array.of(0xbc) : Uint8Array.of(trailerId, 0xcc);
  const m1 = rng(k - 1 - len - trailer.length);
  const f = concat(Uint8Array.of(0x6a), m1, fn(concat(m1, m2)), trailer);
  const fi = bytesToBigInt(f);
  if (fi >= n) throw new RangeError('modulus too small for the representative');
  const s = modPow(fi, d, n);
  return bigIntToBytes(s < n - s ? s : n - s, k);
}
