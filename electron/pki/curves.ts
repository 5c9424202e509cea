/**
 * Elliptic curves for ECDSA verification: named curves (RFC 5480 §2.1.1.1, RFC 5639) and explicit
 * domain parameters (ECParameters, RFC 3279 §2.3.5 / BSI TR-03111 §4.1). CSCA keys of AT, DE, FI and VN
 * carry explicit parameters; we rebuild the curve from them with @noble/curves' generic Weierstrass code,
 * and recognise when they equal a named curve so its precomputed tables are reused.
 */
import { ecdsa, weierstrass, type ECDSA, type WeierstrassPointCons } from '@noble/curves/abstract/weierstrass.js';
import { Field } from '@noble/curves/abstract/modular.js';
import { brainpoolP256r1, brainpoolP384r1, brainpoolP512r1 } from '@noble/curves/misc.js';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { ChipIdError, ParseError } from '../emrtd/errors.js';
import { bigIntToBytes, bytesToBigInt, toHex } from '../emrtd/bytes.js';
import { type Asn1, T, child, expectSequence, isUniversal, readInt, readOctets, readOid } from './asn1.js';
import { OID } from './oids.js';
import { NAMED_CURVE_OIDS, standardDomain } from '../emrtd/pace/params.js';

export type CurveName = 'brainpoolP256r1' | 'brainpoolP384r1' | 'brainpoolP512r1' | 'P-256' | 'P-384' | 'P-521';

export interface CurveParams {
  p: bigint;
  a: bigint;
  b: bigint;
  Gx: bigint;
  Gy: bigint;
  n: bigint;
  h: bigint;
}

export interface Curve {
  /** The named curve these parameters equal, if any. */
  name: CurveName | undefined;
  /** OID of the named curve, if any. */
  oid: string | undefined;
  params: CurveParams;
  /** Field size in bytes (coordinates and plain r||s halves use it). */
  fieldBytes: number;
  /** Order size in bytes. */
  orderBytes: number;
  /** ECDSA over this curve; always used with prehash: false (we hash ourselves). */
  ecdsa: ECDSA;
}

const NAMED: ReadonlyArray<{ name: CurveName; oid: string; Point: WeierstrassPointCons<bigint> }> = [
  { name: 'brainpoolP256r1', oid: '1.3.36.3.3.2.8.1.1.7', Point: brainpoolP256r1.Point },
  { name: 'brainpoolP384r1', oid: '1.3.36.3.3.2.8.1.1.11', Point: brainpoolP384r1.Point },
  { name: 'brainpoolP512r1', oid: '1.3.36.3.3.2.8.1.1.13', Point: brainpoolP512r1.Point },
  { name: 'P-256', oid: '1.2.840.10045.3.1.7', Point: p256.Point },
  { name: 'P-384', oid: '1.3.132.0.34', Point: p384.Point },
  { name: 'P-521', oid: '1.3.132.0.35', Point: p521.Point },
];

/** Names of other well-known curve OIDs, so an unsupported named curve is reported by name. */
const OTHER_NAMES: Readonly<Record<string, string>> = {
  '1.2.840.10045.3.1.1': 'P-192',
  '1.3.132.0.33': 'P-224',
  '1.3.36.3.3.2.8.1.1.1': 'brainpoolP160r1',
  '1.3.36.3.3.2.8.1.1.3': 'brainpoolP192r1',
  '1.3.36.3.3.2.8.1.1.5': 'brainpoolP224r1',
  '1.3.36.3.3.2.8.1.1.9': 'brainpoolP320r1',
};

const byteLen = (x: bigint): number => Math.ceil(x.toString(16).length / 2);

function makeCurve(name: CurveName | undefined, oid: string | undefined, Point: WeierstrassPointCons<bigint>): Curve {
  const c = Point.CURVE();
  const params: CurveParams = { p: c.p, a: c.a, b: c.b, Gx: c.Gx, Gy: c.Gy, n: c.n, h: c.h };
  return { name, oid, params, fieldBytes: byteLen(c.p), orderBytes: byteLen(c.n), ecdsa: ecdsa(Point, sha512, { lowS: false }) };
}

const namedCache = new Map<string, Curve>();
const explicitCache = new Map<string, Curve>();

export function curveByName(name: CurveName): Curve {
  const e = NAMED.find((x) => x.name === name);
  const c = e && curveByOid(e.oid);
  if (!c) throw new ChipIdError('UNSUPPORTED', `curve ${name} not supported`);
  return c;
}

/** The named curve for `oid`, or undefined if we have no implementation of it. */
export function curveByOid(oid: string): Curve | undefined {
  const hit = namedCache.get(oid);
  if (hit) return hit;
  const e = NAMED.find((x) => x.oid === oid);
  if (!e) {
    // Other standardized curves (P-192, P-224, brainpoolP192/224/320r1): built from the one table of
    // standardized domain parameters the protocol layer keeps (9303-11 §9.5.1), without precomputation.
    const id = NAMED_CURVE_OIDS.get(oid);
    const d = id === undefined ? undefined : standardDomain(id);
    if (!d || d.kind !== 'ec') return undefined;
    const built: Curve = { ...curveFromParams({ p: d.p, a: d.a, b: d.b, Gx: d.gx, Gy: d.gy, n: d.n, h: d.h }), oid };
    namedCache.set(oid, built);
    return built;
  }
  const c = makeCurve(e.name, e.oid, e.Point);
  namedCache.set(oid, c);
  return c;
}

export function curveDisplayName(oid: string): string {
  return NAMED.find((x) => x.oid === oid)?.name ?? OTHER_NAMES[oid] ?? oid;
}

function sameParams(x: CurveParams, y: CurveParams): boolean {
  return x.p === y.p && x.a === y.a && x.b === y.b && x.Gx === y.Gx && x.Gy === y.Gy && x.n === y.n;
}

/** The curve for explicit domain parameters: a named curve when they match one, else a new curve object. */
export function curveFromParams(params: CurveParams): Curve {
  for (const e of NAMED) {
    const named = curveByOid(e.oid)!;
    if (sameParams(named.params, params)) return named;
  }
  const key = [params.p, params.a, params.b, params.Gx, params.Gy, params.n, params.h].map((v) => v.toString(16)).join(':');
  const hit = explicitCache.get(key);
  if (hit) return hit;
  let Point: WeierstrassPointCons<bigint>;
  try {
    Point = weierstrass(params);
  } catch (e) {
    throw new ChipIdError('UNSUPPORTED', `explicit EC parameters rejected: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  const c = makeCurve(undefined, undefined, Point);
  explicitCache.set(key, c);
  return c;
}

/** Decodes an EC point's coordinates (SEC 1 §2.3.4; compressed form solved with the field square root). */
export function decodePoint(params: CurveParams, enc: Uint8Array, where: string): { x: bigint; y: bigint } {
  const fl = byteLen(params.p);
  if (enc[0] === 0x04 && enc.length === 1 + 2 * fl) {
    return { x: bytesToBigInt(enc.subarray(1, 1 + fl)), y: bytesToBigInt(enc.subarray(1 + fl)) };
  }
  if ((enc[0] === 0x02 || enc[0] === 0x03) && enc.length === 1 + fl) {
    const Fp = Field(params.p);
    const x = bytesToBigInt(enc.subarray(1));
    const rhs = Fp.add(Fp.add(Fp.mul(Fp.mul(x, x), x), Fp.mul(params.a, x)), params.b);
    let y = Fp.sqrt(rhs);
    if ((y & 1n) !== BigInt(enc[0]! & 1)) y = Fp.neg(y);
    return { x, y };
  }
  throw new ParseError(where, `EC point encoding not understood (${enc.length} bytes, first ${toHex(enc.subarray(0, 1))})`);
}

/** ECParameters (RFC 3279 §2.3.5): version 1, prime field, curve a/b (+seed), base point, order, cofactor. */
export function parseEcParameters(node: Asn1, where: string): CurveParams {
  const s = expectSequence(node, where);
  const version = readInt(child(s, 0, where), `${where}.version`);
  if (version !== 1n) throw new ParseError(where, `ECParameters version ${version}`);
  const field = expectSequence(child(s, 1, where), `${where}.fieldID`);
  const fieldType = readOid(child(field, 0, where), `${where}.fieldType`);
  if (fieldType !== OID.primeField) throw new ChipIdError('UNSUPPORTED', `${where}: field type ${fieldType} (only prime fields)`);
  const p = readInt(child(field, 1, where), `${where}.p`);
  const curve = expectSequence(child(s, 2, where), `${where}.curve`);
  const a = bytesToBigInt(readOctets(child(curve, 0, where), `${where}.a`));
  const b = bytesToBigInt(readOctets(child(curve, 1, where), `${where}.b`));
  const baseEnc = readOctets(child(s, 3, where), `${where}.base`);
  const n = readInt(child(s, 4, where), `${where}.order`);
  const hNode = s.children[5];
  const h = hNode && isUniversal(hNode, T.INTEGER) ? readInt(hNode, `${where}.cofactor`) : 1n;
  if (p <= 3n || n <= 1n) throw new ParseError(where, 'EC parameters out of range');
  const G = decodePoint({ p, a, b, Gx: 0n, Gy: 0n, n, h }, baseEnc, `${where}.base`);
  return { p, a, b, Gx: G.x, Gy: G.y, n, h };
}

/** Encodes explicit ECParameters for `params` (used by the test-PKI builder, like Vietnam's CSCA). */
export function encodeEcParametersParts(params: CurveParams): { p: bigint; a: Uint8Array; b: Uint8Array; base: Uint8Array; n: bigint; h: bigint } {
  const fl = byteLen(params.p);
  const base = new Uint8Array(1 + 2 * fl);
  base[0] = 0x04;
  base.set(bigIntToBytes(params.Gx, fl), 1);
  base.set(bigIntToBytes(params.Gy, fl), 1 + fl);
  return { p: params.p, a: bigIntToBytes(params.a, fl), b: bigIntToBytes(params.b, fl), base, n: params.n, h: params.h };
}
