/**
 * A small "group" abstraction over the two key-agreement families of 9303-11 §9.6: elliptic curves
 * (ECKA, BSI TR-03111 §4.3.1; points from @noble/curves' generic Weierstrass code, so any named or explicit
 * prime curve works — Electron's BoringSSL has no brainpool) and MODP groups (PKCS#3 DH with RFC 2631
 * public-key validation). Elements are encoded at fixed length: points uncompressed 04||X||Y with X, Y
 * left-padded to the field size, DH values left-padded to the size of p (TR-03111 §3.1.3 FE2OS / I2OS).
 * Every decoded public element is validated; bad ones raise ChipIdError('PROTOCOL_ERROR').
 */
import { weierstrass, type WeierstrassPoint, type WeierstrassPointCons } from '@noble/curves/abstract/weierstrass.js';
import { bigIntToBytes, bytesToBigInt, type Rng } from '../bytes.js';
import { ChipIdError } from '../errors.js';
import { byteLength, canonicalDomain, domainName, type DhDomain, type DomainParams, type EcDomain } from './params.js';

export type EcPoint = WeierstrassPoint<bigint>;
/** A group element: a curve point (EC) or a residue mod p (DH). */
export type GroupElement = EcPoint | bigint;

/** Square-and-multiply modular exponentiation (base^exp mod m), exp ≥ 0. */
export function modPow(base: bigint, exp: bigint, m: bigint): bigint {
  if (m === 1n) return 0n;
  let result = 1n;
  let b = ((base % m) + m) % m;
  let e = exp;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % m;
    e >>= 1n;
    if (e > 0n) b = (b * b) % m;
  }
  return result;
}

/** Modular inverse by the extended Euclidean algorithm; throws CRYPTO_ERROR when none exists. */
export function modInv(a: bigint, m: bigint): bigint {
  let [r0, r1] = [((a % m) + m) % m, m];
  let [s0, s1] = [1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  if (r0 !== 1n) throw new ChipIdError('CRYPTO_ERROR', 'value has no modular inverse');
  return ((s0 % m) + m) % m;
}

export interface Group {
  readonly kind: 'ec' | 'dh';
  readonly domain: DomainParams;
  /** Display name: 'brainpoolP256r1', 'MODP-1024-160', 'explicit-EC-256'. */
  readonly name: string;
  /** Bytes of one field element / shared secret (size of p). */
  readonly fieldLength: number;
  /** Bytes of an encoded public element (EC: 1 + 2·fieldLength; DH: fieldLength). */
  readonly elementLength: number;
  /** Order of the generator's subgroup (n or q); undefined for DH without q. */
  readonly order: bigint | undefined;
  readonly generator: GroupElement;
  /** Uniform private key in [1, order−1] by rejection sampling of rng(orderLength) (or [1, p−2] without q). */
  randomScalar(rng: Rng): bigint;
  /** k·P (EC) or P^k (DH). Secret-scalar path (constant-time multiply in noble for EC). */
  mul(el: GroupElement, k: bigint): GroupElement;
  /** P + Q (EC) or P·Q mod p (DH). */
  combine(a: GroupElement, b: GroupElement): GroupElement;
  equals(a: GroupElement, b: GroupElement): boolean;
  isIdentity(el: GroupElement): boolean;
  encode(el: GroupElement): Uint8Array;
  /** Decodes and validates a public element (on curve, not infinity, in subgroup / 1 < y < p−1, y^q = 1). */
  decode(b: Uint8Array, what: string): GroupElement;
  /**
   * Key agreement KA(sk, PK) (TR-03111 ECKA-DH with compatible cofactor multiplication; PKCS#3 DH):
   * returns the shared element; `sharedSecret` gives its octet string (x-coordinate or DH value, padded).
   */
  agreeElement(sk: bigint, pk: GroupElement): GroupElement;
  sharedSecret(shared: GroupElement): Uint8Array;
  /** This group with another generator (PACE mapping output), same order. */
  withGenerator(g: GroupElement): Group;
}

const pointConsCache = new Map<string, WeierstrassPointCons<bigint>>();

function pointCons(d: EcDomain): WeierstrassPointCons<bigint> {
  const key = `${d.p}:${d.a}:${d.b}:${d.gx}:${d.gy}:${d.n}:${d.h}`;
  let c = pointConsCache.get(key);
  if (!c) {
    try {
      c = weierstrass({ p: d.p, n: d.n, h: d.h, a: d.a, b: d.b, Gx: d.gx, Gy: d.gy });
    } catch (e) {
      throw new ChipIdError('CRYPTO_ERROR', 'invalid elliptic-curve domain parameters', { cause: e });
    }
    if (pointConsCache.size > 32) pointConsCache.clear();
    pointConsCache.set(key, c);
  }
  return c;
}

function sampleBelow(rng: Rng, bound: bigint): bigint {
  const len = byteLength(bound);
  const topBits = bound.toString(2).length % 8;
  for (let i = 0; i < 256; i++) {
    const buf = rng(len);
    if (buf.length !== len) throw new ChipIdError('INTERNAL', 'rng returned the wrong number of bytes');
    // Mask surplus top bits so rejection succeeds with probability ≥ 1/2 (a given full-length key still
    // passes unchanged when it is already below the bound, which the worked-example replays rely on).
    let k = bytesToBigInt(buf);
    if (k >= bound && topBits !== 0) k &= (1n << BigInt((len - 1) * 8 + topBits)) - 1n;
    buf.fill(0);
    if (k >= 1n && k < bound) return k;
  }
  throw new ChipIdError('CRYPTO_ERROR', 'random number generator keeps returning out-of-range values');
}

class EcGroup implements Group {
  readonly kind = 'ec' as const;
  readonly name: string;
  readonly fieldLength: number;
  readonly elementLength: number;
  readonly order: bigint;
  readonly generator: EcPoint;
  private readonly P: WeierstrassPointCons<bigint>;

  constructor(
    readonly domain: EcDomain,
    generator?: EcPoint,
  ) {
    this.P = pointCons(domain);
    this.name = domainName(domain);
    this.fieldLength = byteLength(domain.p);
    this.elementLength = 1 + 2 * this.fieldLength;
    this.order = domain.n;
    this.generator = generator ?? this.P.BASE;
  }

  private pt(el: GroupElement): EcPoint {
    if (typeof el === 'bigint' || !(el instanceof this.P)) throw new ChipIdError('INTERNAL', 'EC group given a foreign element');
    return el;
  }
  randomScalar(rng: Rng): bigint {
    return sampleBelow(rng, this.order);
  }
  mul(el: GroupElement, k: bigint): EcPoint {
    const kk = ((k % this.order) + this.order) % this.order;
    if (kk === 0n) throw new ChipIdError('CRYPTO_ERROR', 'scalar is zero modulo the group order');
    return this.pt(el).multiply(kk);
  }
  combine(a: GroupElement, b: GroupElement): EcPoint {
    return this.pt(a).add(this.pt(b));
  }
  equals(a: GroupElement, b: GroupElement): boolean {
    return this.pt(a).equals(this.pt(b));
  }
  isIdentity(el: GroupElement): boolean {
    return this.pt(el).is0();
  }
  encode(el: GroupElement): Uint8Array {
    const p = this.pt(el);
    if (p.is0()) throw new ChipIdError('CRYPTO_ERROR', 'cannot encode the point at infinity');
    const { x, y } = p.toAffine();
    const out = new Uint8Array(this.elementLength);
    out[0] = 0x04;
    out.set(bigIntToBytes(x, this.fieldLength), 1);
    out.set(bigIntToBytes(y, this.fieldLength), 1 + this.fieldLength);
    return out;
  }
  decode(b: Uint8Array, what: string): EcPoint {
    // 9303-11 §4.4.3.2: only uncompressed points.
    if (b.length !== this.elementLength || b[0] !== 0x04) {
      throw new ChipIdError('PROTOCOL_ERROR', `${what}: not an uncompressed ${this.name} point (${b.length} bytes)`);
    }
    const x = bytesToBigInt(b.subarray(1, 1 + this.fieldLength));
    const y = bytesToBigInt(b.subarray(1 + this.fieldLength));
    if (x >= this.domain.p || y >= this.domain.p) throw new ChipIdError('PROTOCOL_ERROR', `${what}: coordinate not below p`);
    let p: EcPoint;
    try {
      p = this.P.fromAffine({ x, y });
      p.assertValidity(); // on the curve, not infinity, in the prime-order subgroup
    } catch (e) {
      throw new ChipIdError('PROTOCOL_ERROR', `${what}: point is not on the curve or not in the subgroup`, { cause: e });
    }
    if (p.is0() || p.isSmallOrder()) throw new ChipIdError('PROTOCOL_ERROR', `${what}: point of small order`);
    return p;
  }
  agreeElement(sk: bigint, pk: GroupElement): EcPoint {
    // TR-03111 §4.3.1 ECKA-DH, compatible cofactor multiplication: S = h·((h⁻¹·sk mod n)·PK).
    const h = this.domain.h;
    let s: EcPoint;
    if (h === 1n) s = this.mul(pk, sk);
    else s = this.mul(pk, (modInv(h, this.order) * sk) % this.order).multiplyUnsafe(h);
    if (s.is0()) throw new ChipIdError('CRYPTO_ERROR', 'key agreement gave the point at infinity');
    return s;
  }
  sharedSecret(shared: GroupElement): Uint8Array {
    const p = this.pt(shared);
    if (p.is0()) throw new ChipIdError('CRYPTO_ERROR', 'shared point at infinity');
    return bigIntToBytes(p.toAffine().x, this.fieldLength);
  }
  withGenerator(g: GroupElement): Group {
    const p = this.pt(g);
    if (p.is0()) throw new ChipIdError('CRYPTO_ERROR', 'mapped generator is the point at infinity');
    return new EcGroup(this.domain, p);
  }
  /** Point from affine coordinates with full validation (used by the integrated mapping). */
  fromAffine(x: bigint, y: bigint): EcPoint {
    const p = this.P.fromAffine({ x, y });
    p.assertValidity();
    return p;
  }
  get pointConstructor(): WeierstrassPointCons<bigint> {
    return this.P;
  }
}

class DhGroup implements Group {
  readonly kind = 'dh' as const;
  readonly name: string;
  readonly fieldLength: number;
  readonly elementLength: number;
  readonly order: bigint | undefined;
  readonly generator: bigint;

  constructor(
    readonly domain: DhDomain,
    generator?: bigint,
  ) {
    if (domain.p < 5n || domain.p % 2n === 0n) throw new ChipIdError('CRYPTO_ERROR', 'invalid DH prime');
    this.name = domainName(domain);
    this.fieldLength = byteLength(domain.p);
    this.elementLength = this.fieldLength;
    this.order = domain.q;
    this.generator = generator ?? domain.g;
  }
  private v(el: GroupElement): bigint {
    if (typeof el !== 'bigint') throw new ChipIdError('INTERNAL', 'DH group given a foreign element');
    return el;
  }
  randomScalar(rng: Rng): bigint {
    return sampleBelow(rng, this.order ?? this.domain.p - 1n);
  }
  mul(el: GroupElement, k: bigint): bigint {
    if (k <= 0n) throw new ChipIdError('CRYPTO_ERROR', 'DH exponent not positive');
    return modPow(this.v(el), k, this.domain.p);
  }
  combine(a: GroupElement, b: GroupElement): bigint {
    return (this.v(a) * this.v(b)) % this.domain.p;
  }
  equals(a: GroupElement, b: GroupElement): boolean {
    return this.v(a) === this.v(b);
  }
  isIdentity(el: GroupElement): boolean {
    return this.v(el) === 1n;
  }
  encode(el: GroupElement): Uint8Array {
    return bigIntToBytes(this.v(el), this.fieldLength);
  }
  decode(b: Uint8Array, what: string): bigint {
    if (b.length === 0 || b.length > this.fieldLength) throw new ChipIdError('PROTOCOL_ERROR', `${what}: DH value of ${b.length} bytes`);
    const y = bytesToBigInt(b);
    // RFC 2631 §2.1.5: 1 < y < p−1 and y^q ≡ 1 (mod p).
    if (y <= 1n || y >= this.domain.p - 1n) throw new ChipIdError('PROTOCOL_ERROR', `${what}: DH value out of range`);
    if (this.order !== undefined && modPow(y, this.order, this.domain.p) !== 1n) {
      throw new ChipIdError('PROTOCOL_ERROR', `${what}: DH value not in the prime-order subgroup`);
    }
    return y;
  }
  agreeElement(sk: bigint, pk: GroupElement): bigint {
    const s = this.mul(pk, sk);
    if (s <= 1n) throw new ChipIdError('CRYPTO_ERROR', 'DH key agreement gave a degenerate value');
    return s;
  }
  sharedSecret(shared: GroupElement): Uint8Array {
    return bigIntToBytes(this.v(shared), this.fieldLength);
  }
  withGenerator(g: GroupElement): Group {
    const gv = this.v(g);
    if (gv <= 1n || gv >= this.domain.p - 1n) throw new ChipIdError('CRYPTO_ERROR', 'mapped DH generator is degenerate');
    return new DhGroup(this.domain, gv);
  }
}

export type { EcGroup, DhGroup };

/** A group for these domain parameters (explicit parameters equal to a standardized set reuse it). */
export function groupFor(domain: DomainParams): Group {
  const d = canonicalDomain(domain);
  return d.kind === 'ec' ? new EcGroup(d) : new DhGroup(d);
}

export function isEcGroup(g: Group): g is EcGroup {
  return g.kind === 'ec';
}
