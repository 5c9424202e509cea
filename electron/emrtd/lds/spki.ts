/**
 * SubjectPublicKeyInfo (RFC 5280 §4.1, 9303-11 §9.1) for the chip's static keys: RSA (DG15, RFC 3279),
 * EC with named or explicit parameters (RFC 5480 / X9.62 ECParameters / TR-03111 §5.1.1, 9303-11 §9.5.2),
 * DH with X9.42 DomainParameters (dhpublicnumber) or PKCS#3 DHParameter (9303-11 §8.5 note 2 allows both).
 * Parsing keeps the raw DER; encoding rebuilds it from the fields (for the virtual card).
 */
import { bigIntToBytes, bytesToBigInt } from '../bytes.js';
import { ParseError } from '../errors.js';
import { readTlv, tlv, type Tlv } from '../tlv.js';
import {
  derBitString,
  derBitStringBytes,
  derChildren,
  derInteger,
  derNull,
  derOctetString,
  derOid,
  derOidOf,
  derSequence,
  derSmallInt,
  derUnsigned,
  expectDer,
  MAX_INTEGER_BYTES,
  MAX_RSA_EXPONENT_BYTES,
  TAG_BIT_STRING,
  TAG_INTEGER,
  TAG_OCTET_STRING,
  TAG_OID,
  TAG_SEQUENCE,
} from './der.js';
import { OID } from './oids.js';
import { byteLength, canonicalDomain, NAMED_CURVE_OIDS, namedCurveOid, standardDomain, type DhDomain, type EcDomain } from '../pace/params.js';

/** How EC parameters were (or are to be) written: named curve, explicit ECParameters, or a PACE standardized id. */
export type EcParamsEncoding =
  | { form: 'named'; curveOid: string }
  | { form: 'explicit'; withCofactor: boolean; seed?: Uint8Array }
  | { form: 'standardized'; id: number };

export type PublicKeyInfo =
  | {
      kind: 'rsa';
      n: bigint;
      e: bigint;
      /** Quirk seen on a Bundesdruckerei test passport: the modulus INTEGER lacks its 00 sign byte (reads as negative). */
      modulusWithoutSignByte?: boolean;
      raw?: Uint8Array;
    }
  | { kind: 'ec'; domain: EcDomain; encoding: EcParamsEncoding; /** 04‖X‖Y */ point: Uint8Array; raw?: Uint8Array }
  | { kind: 'dh'; domain: DhDomain; encoding: 'x942' | 'pkcs3'; y: bigint; raw?: Uint8Array }
  | { kind: 'unknown'; algorithm: string; raw: Uint8Array };

/** Bit length of an RSA modulus / EC field (for reports and default hashes). */
export function keyBits(k: PublicKeyInfo): number {
  switch (k.kind) {
    case 'rsa':
      return k.n.toString(2).length;
    case 'ec':
      return k.domain.p.toString(2).length;
    case 'dh':
      return k.domain.p.toString(2).length;
    default:
      return 0;
  }
}

/** Parses explicit ECParameters (X9.62 / TR-03111 §5.1.1). */
export function parseEcParameters(t: Tlv, where: string): { domain: EcDomain; withCofactor: boolean; seed?: Uint8Array } {
  const kids = derChildren(t, where);
  if (kids.length < 5) throw new ParseError(where, 'ECParameters too short');
  const [ver, fieldId, curve, base, order, cof] = kids as [Tlv, Tlv, Tlv, Tlv, Tlv, Tlv | undefined];
  if (derSmallInt(ver, `${where}.version`) !== 1) throw new ParseError(where, 'ECParameters version is not 1');
  const f = derChildren(fieldId, `${where}.fieldID`);
  if (f.length !== 2 || derOidOf(f[0], `${where}.fieldType`) !== OID.primeField) throw new ParseError(where, 'only prime fields are supported');
  const p = derUnsigned(f[1], `${where}.p`);
  const c = derChildren(curve, `${where}.curve`);
  if (c.length < 2 || c[0]!.tag !== TAG_OCTET_STRING || c[1]!.tag !== TAG_OCTET_STRING) throw new ParseError(where, 'curve coefficients');
  const a = bytesToBigInt(c[0]!.value);
  const b = bytesToBigInt(c[1]!.value);
  let seed: Uint8Array | undefined;
  if (c[2]) seed = derBitStringBytes(c[2], `${where}.seed`).slice();
  if (base.tag !== TAG_OCTET_STRING) throw new ParseError(where, 'base point is not an OCTET STRING');
  const L = byteLength(p);
  if (base.value.length !== 1 + 2 * L || base.value[0] !== 0x04) throw new ParseError(where, 'base point is not uncompressed');
  const gx = bytesToBigInt(base.value.subarray(1, 1 + L));
  const gy = bytesToBigInt(base.value.subarray(1 + L));
  const n = derUnsigned(order, `${where}.order`);
  const h = cof ? derUnsigned(cof, `${where}.cofactor`) : 1n;
  if (p < 3n || n < 2n || a >= p || b >= p || h < 1n) throw new ParseError(where, 'EC parameters out of range');
  const domain = canonicalDomain({ kind: 'ec', p, a, b, gx, gy, n, h }) as EcDomain;
  return seed ? { domain, withCofactor: cof !== undefined, seed } : { domain, withCofactor: cof !== undefined };
}

/** Parses DH parameters: X9.42 { p, g, q, j?, validationParms? } or PKCS#3 { p, g, privateValueLength? }. */
export function parseDhParameters(t: Tlv, x942: boolean, where: string): DhDomain {
  const kids = derChildren(t, where);
  if (kids.length < 2) throw new ParseError(where, 'DH parameters too short');
  const p = derUnsigned(kids[0], `${where}.p`);
  const g = derUnsigned(kids[1], `${where}.g`);
  let q: bigint | undefined;
  if (x942) {
    if (!kids[2]) throw new ParseError(where, 'X9.42 parameters without q');
    q = derUnsigned(kids[2], `${where}.q`);
  }
  if (p < 5n || g < 2n || g >= p) throw new ParseError(where, 'DH parameters out of range');
  return canonicalDomain(q === undefined ? { kind: 'dh', p, g } : { kind: 'dh', p, g, q }) as DhDomain;
}

/** Parses a DER SubjectPublicKeyInfo. */
export function parseSubjectPublicKeyInfo(der: Uint8Array, where = 'SubjectPublicKeyInfo'): PublicKeyInfo {
  const top = expectDer(der, TAG_SEQUENCE, where);
  if (top.end !== der.length) throw new ParseError(where, 'trailing bytes after SubjectPublicKeyInfo');
  const raw = der.slice(0, top.end);
  const [algId, keyBits] = derChildren(top, where) as [Tlv | undefined, Tlv | undefined];
  if (!algId || !keyBits || keyBits.tag !== TAG_BIT_STRING) throw new ParseError(where, 'algorithm or key missing');
  const alg = derChildren(algId, `${where}.algorithm`);
  const algOid = derOidOf(alg[0], `${where}.algorithm`);
  const params = alg[1];
  const key = derBitStringBytes(keyBits, `${where}.subjectPublicKey`);
  switch (algOid) {
    case OID.rsaEncryption: {
      const seq = expectDer(key, TAG_SEQUENCE, `${where}.RSAPublicKey`);
      const [n, e] = derChildren(seq, `${where}.RSAPublicKey`);
      if (!n || !e) throw new ParseError(where, 'RSAPublicKey needs n and e');
      // Bounds before any arithmetic: modulus ≤ 16 384 bits, exponent < 2^256 (NIST SP 800-56B §6.2.1).
      if (n.value.length > MAX_INTEGER_BYTES) throw new ParseError(where, `RSA modulus of ${n.value.length} bytes`);
      if (e.value.length > MAX_RSA_EXPONENT_BYTES) throw new ParseError(where, `RSA public exponent of ${e.value.length} bytes (limit 2^256)`);
      // Accept a modulus whose sign byte is missing (it can only be positive); remember it for re-encoding.
      const quirk = n.tag === TAG_INTEGER && n.value.length > 0 && (n.value[0]! & 0x80) !== 0;
      const nn = quirk ? bytesToBigInt(n.value) : derUnsigned(n, `${where}.n`);
      const ee = derUnsigned(e, `${where}.e`);
      if (nn < 3n || nn % 2n === 0n || ee < 3n || ee % 2n === 0n) throw new ParseError(where, 'RSA key out of range');
      return quirk ? { kind: 'rsa', n: nn, e: ee, modulusWithoutSignByte: true, raw } : { kind: 'rsa', n: nn, e: ee, raw };
    }
    case OID.ecPublicKey: {
      if (!params) throw new ParseError(where, 'EC key without parameters (implicitCA is not supported)');
      let domain: EcDomain;
      let encoding: EcParamsEncoding;
      if (params.tag === TAG_OID) {
        const curveOid = derOidOf(params, `${where}.namedCurve`);
        const id = NAMED_CURVE_OIDS.get(curveOid);
        const d = id === undefined ? undefined : standardDomain(id);
        if (!d || d.kind !== 'ec') throw new ParseError(where, `unknown named curve ${curveOid}`);
        domain = d;
        encoding = { form: 'named', curveOid };
      } else if (params.tag === TAG_SEQUENCE) {
        const r = parseEcParameters(params, `${where}.ECParameters`);
        domain = r.domain;
        encoding = r.seed ? { form: 'explicit', withCofactor: r.withCofactor, seed: r.seed } : { form: 'explicit', withCofactor: r.withCofactor };
      } else {
        throw new ParseError(where, 'EC parameters neither named nor explicit');
      }
      const L = byteLength(domain.p);
      if (key.length !== 1 + 2 * L || key[0] !== 0x04) throw new ParseError(where, 'EC public key is not an uncompressed point');
      return { kind: 'ec', domain, encoding, point: key.slice(), raw };
    }
    case OID.standardizedDomainParameters: {
      // PACE / CA with a standardized id (§9.5.1): parameters = INTEGER id; the key is an EC point or DH INTEGER.
      if (!params || params.tag !== TAG_INTEGER) throw new ParseError(where, 'standardized parameters without id');
      const id = derSmallInt(params, `${where}.parameterId`);
      const d = standardDomain(id);
      if (!d) throw new ParseError(where, `unknown standardized domain parameter id ${id}`);
      if (d.kind === 'ec') return { kind: 'ec', domain: d, encoding: { form: 'standardized', id }, point: key.slice(), raw };
      return { kind: 'dh', domain: d, encoding: 'x942', y: parseDhPublicValue(key, where), raw };
    }
    case OID.dhpublicnumber:
    case OID.dhKeyAgreement: {
      if (!params || params.tag !== TAG_SEQUENCE) throw new ParseError(where, 'DH key without parameters');
      const x942 = algOid === OID.dhpublicnumber;
      const domain = parseDhParameters(params, x942, `${where}.parameters`);
      return { kind: 'dh', domain, encoding: x942 ? 'x942' : 'pkcs3', y: parseDhPublicValue(key, where), raw };
    }
    default:
      return { kind: 'unknown', algorithm: algOid, raw };
  }
}

function parseDhPublicValue(key: Uint8Array, where: string): bigint {
  const t = readTlv(key, 0, `${where}.y`);
  if (t.end !== key.length) throw new ParseError(where, 'trailing bytes after the DH public value');
  return derUnsigned(t, `${where}.y`);
}

/** Explicit ECParameters DER. */
export function encodeEcParameters(d: EcDomain, withCofactor = true, seed?: Uint8Array): Uint8Array {
  const L = byteLength(d.p);
  const curve = [derOctetString(bigIntToBytes(d.a, L)), derOctetString(bigIntToBytes(d.b, L))];
  if (seed) curve.push(derBitString(seed));
  const base = new Uint8Array(1 + 2 * L);
  base[0] = 0x04;
  base.set(bigIntToBytes(d.gx, L), 1);
  base.set(bigIntToBytes(d.gy, L), 1 + L);
  const parts = [
    derInteger(1),
    derSequence(derOid(OID.primeField), derInteger(d.p)),
    derSequence(...curve),
    derOctetString(base),
    derInteger(d.n),
  ];
  if (withCofactor) parts.push(derInteger(d.h));
  return derSequence(...parts);
}

/** The AlgorithmIdentifier for a key's domain parameters. */
export function encodeAlgorithmIdentifier(k: Exclude<PublicKeyInfo, { kind: 'unknown' }>): Uint8Array {
  switch (k.kind) {
    case 'rsa':
      return derSequence(derOid(OID.rsaEncryption), derNull());
    case 'ec': {
      const enc = k.encoding;
      if (enc.form === 'named') return derSequence(derOid(OID.ecPublicKey), derOid(enc.curveOid));
      if (enc.form === 'standardized') return derSequence(derOid(OID.standardizedDomainParameters), derInteger(enc.id));
      return derSequence(derOid(OID.ecPublicKey), encodeEcParameters(k.domain, enc.withCofactor, enc.seed));
    }
    case 'dh': {
      const d = k.domain;
      if (k.encoding === 'x942') {
        if (d.q === undefined) throw new TypeError('X9.42 DH parameters need q');
        return derSequence(derOid(OID.dhpublicnumber), derSequence(derInteger(d.p), derInteger(d.g), derInteger(d.q)));
      }
      return derSequence(derOid(OID.dhKeyAgreement), derSequence(derInteger(d.p), derInteger(d.g)));
    }
  }
}

/** Builds a DER SubjectPublicKeyInfo from the fields (raw is ignored, except for 'unknown'). */
export function encodeSubjectPublicKeyInfo(k: PublicKeyInfo): Uint8Array {
  switch (k.kind) {
    case 'unknown':
      return k.raw.slice();
    case 'rsa':
      return derSequence(
        encodeAlgorithmIdentifier(k),
        derBitString(derSequence(k.modulusWithoutSignByte ? tlv(TAG_INTEGER, bigIntToBytes(k.n, byteLength(k.n))) : derInteger(k.n), derInteger(k.e))),
      );
    case 'ec':
      return derSequence(encodeAlgorithmIdentifier(k), derBitString(k.point));
    case 'dh':
      return derSequence(encodeAlgorithmIdentifier(k), derBitString(derInteger(k.y)));
  }
}

/** A named-curve EC key for a standardized curve id (virtual-card helper). */
export function ecPublicKeyInfo(domain: EcDomain, point: Uint8Array, form: 'named' | 'explicit' = 'explicit'): PublicKeyInfo {
  if (form === 'named') {
    const oid = domain.standardId === undefined ? undefined : namedCurveOid(domain.standardId);
    if (!oid) throw new TypeError('curve has no name OID');
    return { kind: 'ec', domain, encoding: { form: 'named', curveOid: oid }, point };
  }
  return { kind: 'ec', domain, encoding: { form: 'explicit', withCofactor: true }, point };
}
