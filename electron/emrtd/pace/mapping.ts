/**
 * PACE nonce mappings, 9303-11 §4.4.3.3:
 *  - Generic Mapping (§4.4.3.3.1): Ĝ = s·G + H with H = KA(SK_map, PK_map) (ECDH), ĝ = g^s·h (DH);
 *  - Integrated Mapping (§4.4.3.3.2): Ĝ = f_G(R_p(s, t)) with the block-cipher pseudo-random function R_p and
 *    the point encoding f_G of [BCIMRT2010] as given in 9303-11 Appendix B.2 (affine, needs p ≡ 3 mod 4);
 *    DH: ĝ = R_p(s, t)^((p−1)/q) mod p, rejected when 1;
 *  - Chip Authentication Mapping (§4.4.3.3.3): identical to the Generic Mapping.
 */
import { bigIntToBytes, bytesToBigInt, concat } from '../bytes.js';
import { ChipIdError } from '../errors.js';
import { createAes } from '../crypto/aes.js';
import { createDesEde } from '../crypto/legacy.js';
import { suiteKeyLength, type SmCipherSuite } from '../crypto/kdf.js';
import { bitLength } from './params.js';
import { isEcGroup, modPow, type EcPoint, type Group, type GroupElement } from './group.js';

/** Generic Mapping: the shared element H (or h) from the mapping key pair and the new generator. */
export function genericMap(
  group: Group,
  nonce: Uint8Array,
  mappingPrivateKey: bigint,
  peerMappingPublicKey: GroupElement,
): { shared: GroupElement; generator: GroupElement; mapped: Group } {
  // H = KA(SK_map, PK_map,peer): the full point (ECDH) / element (DH), not only its x-coordinate.
  const shared = group.agreeElement(mappingPrivateKey, peerMappingPublicKey);
  const s = bytesToBigInt(nonce);
  if (s === 0n) throw new ChipIdError('CRYPTO_ERROR', 'PACE nonce is zero');
  const sG = group.mul(group.generator, s);
  const generator = group.combine(sG, shared);
  if (group.isIdentity(generator)) throw new ChipIdError('CRYPTO_ERROR', 'mapped generator is the identity');
  return { shared, generator, mapped: group.withGenerator(generator) };
}

const C0_128 = Uint8Array.of(0xa6, 0x68, 0x89, 0x2a, 0x7c, 0x41, 0xe3, 0xca, 0x73, 0x9f, 0x40, 0xb0, 0x57, 0xd8, 0x59, 0x04);
const C1_128 = Uint8Array.of(0xa4, 0xe1, 0x36, 0xac, 0x72, 0x5f, 0x73, 0x8b, 0x01, 0xc1, 0xf6, 0x02, 0x17, 0xc1, 0x88, 0xad);
const C0_256 = hex32('d463d65234124ef7897054986dca0a174e28df758cbaa03f240616414d5a1676');
const C1_256 = hex32('54bd7255f0aaf831bec3423fcf39d69b6cbf066677d0faae5aadd99df8e53517');

function hex32(s: string): Uint8Array {
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Length l in bytes of the nonce s for the Integrated Mapping: smallest block multiple ≥ key size (§4.4.3.3). */
export function imNonceLength(suite: SmCipherSuite): number {
  return suite === '3DES' || suite === 'AES-128' ? 16 : 32;
}

/** E(key, data) in CBC mode with zero IV (ISO/IEC 10116), the block cipher of the suite. */
function cbcZeroIv(suite: SmCipherSuite, key: Uint8Array, data: Uint8Array): Uint8Array {
  if (suite === '3DES') return createDesEde(key).cbcEncrypt(new Uint8Array(8), data);
  return createAes(key).cbcEncrypt(new Uint8Array(16), data);
}

/**
 * The pseudo-random function R(s, t) of §4.4.3.3.2, Figure 2: k₀ = E(t, s); for i = 1..n: x_i = E(k_{i−1}, c₁),
 * k_i = E(k_{i−1}, c₀), each k truncated to the key size; n is the least number with n·l ≥ log₂p + 64.
 * Returns the octet string x₁‖…‖x_n (R_p is its integer value mod p).
 */
export function imPseudoRandom(s: Uint8Array, t: Uint8Array, suite: SmCipherSuite, p: bigint): Uint8Array {
  const k = suiteKeyLength(suite); // 3DES counts as 128 bits here
  const l = imNonceLength(suite);
  if (t.length !== k) throw new ChipIdError('PROTOCOL_ERROR', `IM nonce t of ${t.length} bytes (expected ${k})`);
  if (s.length !== l) throw new ChipIdError('PROTOCOL_ERROR', `IM nonce s of ${s.length} bytes (expected ${l})`);
  const [c0, c1] = l === 16 ? [C0_128, C1_128] : [C0_256, C1_256];
  const n = Math.ceil((bitLength(p) + 64) / (l * 8));
  let key = cbcZeroIv(suite, t, s).slice(0, k);
  const blocks: Uint8Array[] = [];
  for (let i = 0; i < n; i++) {
    blocks.push(cbcZeroIv(suite, key, c1));
    const next = cbcZeroIv(suite, key, c0).slice(0, k);
    key.fill(0);
    key = next;
  }
  key.fill(0);
  return concat(...blocks);
}

/**
 * Point encoding f_G for the ECDH Integrated Mapping, 9303-11 Appendix B.2 (affine coordinates), the
 * [BCIMRT2010] encoding; requires p ≡ 3 (mod 4) (so P-224 cannot be used with IM, Table 12 note).
 */
export function pointEncode(group: Group, t: bigint): GroupElement {
  if (!isEcGroup(group)) throw new ChipIdError('INTERNAL', 'point encoding needs an EC group');
  const { p, a, b, h } = group.domain;
  if (p % 4n !== 3n) throw new ChipIdError('UNSUPPORTED', `Integrated Mapping needs p ≡ 3 mod 4 (${group.name})`);
  if (a === 0n) throw new ChipIdError('UNSUPPORTED', 'Integrated Mapping point encoding needs a ≠ 0');
  const tt = ((t % p) + p) % p;
  if (tt === 0n) throw new ChipIdError('CRYPTO_ERROR', 'Integrated Mapping input is zero');
  const m = (x: bigint): bigint => ((x % p) + p) % p;
  // 1. α = −t² mod p
  const alpha = m(-tt * tt);
  const aa = m(alpha + alpha * alpha);
  if (aa === 0n) throw new ChipIdError('CRYPTO_ERROR', 'Integrated Mapping degenerate input');
  // 2. X2 = −b·a⁻¹·(1 + (α + α²)⁻¹) = −b(1 + α + α²)·(a(α + α²))^(p−2)
  const x2 = m(-b * m(1n + aa) * modPow(m(a * aa), p - 2n, p));
  // 3. X3 = α·X2
  const x3 = m(alpha * x2);
  // 4.–5. h2 = X2³ + a·X2 + b, (h3 is not needed for the affine output)
  const h2 = m(x2 * x2 * x2 + a * x2 + b);
  // 6. U = t³·h2
  const u = m(tt * tt * tt * h2);
  // 7. A = h2^(p − 1 − (p+1)/4)
  const A = modPow(h2, p - 1n - (p + 1n) / 4n, p);
  // 8./9. If A²·h2 = 1: (X2, A·h2) else (X3, A·U)
  const [x, y] = m(A * A * h2) === 1n ? [x2, m(A * h2)] : [x3, m(A * u)];
  let pt: EcPoint;
  try {
    pt = group.fromAffine(x, y);
  } catch (e) {
    throw new ChipIdError('CRYPTO_ERROR', 'Integrated Mapping produced a point off the curve', { cause: e });
  }
  // 10. [f](x, y)
  if (h !== 1n) pt = pt.multiplyUnsafe(h);
  if (group.isIdentity(pt)) throw new ChipIdError('CRYPTO_ERROR', 'Integrated Mapping produced the identity');
  return pt;
}

/** Integrated Mapping: the new generator from the chip's nonce s and the terminal's nonce t. */
export function integratedMap(
  group: Group,
  s: Uint8Array,
  t: Uint8Array,
  suite: SmCipherSuite,
): { r: Uint8Array; rModP: bigint; generator: GroupElement; mapped: Group } {
  const p = group.domain.p;
  const r = imPseudoRandom(s, t, suite, p);
  const rModP = bytesToBigInt(r) % p;
  let generator: GroupElement;
  if (isEcGroup(group)) {
    generator = pointEncode(group, rModP);
  } else {
    // f_g(x) = x^a mod p with a = (p−1)/q the cofactor; ĝ ≠ 1 MUST be checked.
    const q = group.order;
    if (q === undefined) throw new ChipIdError('UNSUPPORTED', 'DH Integrated Mapping needs the subgroup order q');
    generator = modPow(rModP, (p - 1n) / q, p);
    if (generator === 1n || generator === 0n) throw new ChipIdError('CRYPTO_ERROR', 'DH Integrated Mapping gave ĝ = 1');
  }
  return { r, rModP, generator, mapped: group.withGenerator(generator) };
}

/** Encodes R_p mod p at the field size (for tests and logs of intermediates). */
export function fieldBytes(group: Group, x: bigint): Uint8Array {
  return bigIntToBytes(x, group.fieldLength);
}
