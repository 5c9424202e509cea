/**
 * Signature AlgorithmIdentifiers (RFC 5280 §4.1.1.2, RFC 4055 §3.1 RSASSA-PSS, RFC 5758 §3.2 ECDSA,
 * BSI TR-03111 §5.2.1 plain ECDSA) and SubjectPublicKeyInfo (RFC 5280 §4.1.2.7, RFC 3279, RFC 5480).
 */
import { ChipIdError, ParseError } from '../emrtd/errors.js';
import { bytesToBigInt } from '../emrtd/bytes.js';
import { MAX_INTEGER_BYTES } from '../emrtd/lds/der.js';
import { type Asn1, T, child, expectSequence, isContext, isUniversal, readBitStringBytes, readInt, readOid, readUnsignedBytes, parseAsn1 } from './asn1.js';
import { type Curve, curveByOid, curveDisplayName, curveFromParams, parseEcParameters } from './curves.js';
import { type HashName, hashNameFromOid, requireHashOid } from './hash.js';
import { OID } from './oids.js';

export type SignatureAlgorithm =
  | { kind: 'rsa-pkcs1'; oid: string; name: string; hash: HashName | undefined }
  | { kind: 'rsa-pss'; oid: string; name: string; hash: HashName; mgfHash: HashName; saltLength: number; trailerField: number }
  | { kind: 'ecdsa'; oid: string; name: string; hash: HashName | undefined; plain: boolean }
  | { kind: 'unknown'; oid: string; name: string };

const SIMPLE: Readonly<Record<string, { kind: 'rsa-pkcs1' | 'ecdsa'; name: string; hash: HashName | undefined; plain?: boolean }>> = {
  [OID.rsaEncryption]: { kind: 'rsa-pkcs1', name: 'rsaEncryption', hash: undefined },
  [OID.sha1WithRSA]: { kind: 'rsa-pkcs1', name: 'sha1WithRSAEncryption', hash: 'sha1' },
  [OID.sha224WithRSA]: { kind: 'rsa-pkcs1', name: 'sha224WithRSAEncryption', hash: 'sha224' },
  [OID.sha256WithRSA]: { kind: 'rsa-pkcs1', name: 'sha256WithRSAEncryption', hash: 'sha256' },
  [OID.sha384WithRSA]: { kind: 'rsa-pkcs1', name: 'sha384WithRSAEncryption', hash: 'sha384' },
  [OID.sha512WithRSA]: { kind: 'rsa-pkcs1', name: 'sha512WithRSAEncryption', hash: 'sha512' },
  [OID.ecPublicKey]: { kind: 'ecdsa', name: 'ecdsa (hash from digestAlgorithm)', hash: undefined },
  [OID.ecdsaWithSHA1]: { kind: 'ecdsa', name: 'ecdsa-with-SHA1', hash: 'sha1' },
  [OID.ecdsaWithSHA224]: { kind: 'ecdsa', name: 'ecdsa-with-SHA224', hash: 'sha224' },
  [OID.ecdsaWithSHA256]: { kind: 'ecdsa', name: 'ecdsa-with-SHA256', hash: 'sha256' },
  [OID.ecdsaWithSHA384]: { kind: 'ecdsa', name: 'ecdsa-with-SHA384', hash: 'sha384' },
  [OID.ecdsaWithSHA512]: { kind: 'ecdsa', name: 'ecdsa-with-SHA512', hash: 'sha512' },
  [OID.ecdsaPlainSHA1]: { kind: 'ecdsa', name: 'ecdsa-plain-SHA1', hash: 'sha1', plain: true },
  [OID.ecdsaPlainSHA224]: { kind: 'ecdsa', name: 'ecdsa-plain-SHA224', hash: 'sha224', plain: true },
  [OID.ecdsaPlainSHA256]: { kind: 'ecdsa', name: 'ecdsa-plain-SHA256', hash: 'sha256', plain: true },
  [OID.ecdsaPlainSHA384]: { kind: 'ecdsa', name: 'ecdsa-plain-SHA384', hash: 'sha384', plain: true },
  [OID.ecdsaPlainSHA512]: { kind: 'ecdsa', name: 'ecdsa-plain-SHA512', hash: 'sha512', plain: true },
};

/** HashAlgorithm inside PSS params: AlgorithmIdentifier with optional NULL parameters. */
function hashAlgId(node: Asn1, where: string): HashName {
  const s = expectSequence(node, where);
  return requireHashOid(readOid(child(s, 0, where), where), where);
}

/** RSASSA-PSS-params (RFC 4055 §3.1); defaults SHA-1, MGF1-SHA-1, salt 20, trailer 1. */
function parsePssParams(node: Asn1 | undefined, where: string): { hash: HashName; mgfHash: HashName; saltLength: number; trailerField: number } {
  const r = { hash: 'sha1' as HashName, mgfHash: 'sha1' as HashName, saltLength: 20, trailerField: 1 };
  if (!node || isUniversal(node, T.NULL)) return r;
  const s = expectSequence(node, where);
  for (const f of s.children) {
    const inner = f.children[0];
    if (!inner) throw new ParseError(where, 'empty PSS parameter');
    if (isContext(f, 0)) r.hash = hashAlgId(inner, `${where}.hashAlgorithm`);
    else if (isContext(f, 1)) {
      const mgf = expectSequence(inner, `${where}.maskGenAlgorithm`);
      const mgfOid = readOid(child(mgf, 0, where), where);
      if (mgfOid !== OID.mgf1) throw new ChipIdError('UNSUPPORTED', `${where}: mask generation ${mgfOid}`);
      r.mgfHash = hashAlgId(child(mgf, 1, where), `${where}.mgf1Hash`);
    } else if (isContext(f, 2)) r.saltLength = Number(readInt(inner, `${where}.saltLength`));
    else if (isContext(f, 3)) r.trailerField = Number(readInt(inner, `${where}.trailerField`));
  }
  return r;
}

export function parseSignatureAlgorithm(node: Asn1, where: string): SignatureAlgorithm {
  const s = expectSequence(node, where);
  const oid = readOid(child(s, 0, where), where);
  const simple = SIMPLE[oid];
  if (simple) {
    if (simple.kind === 'ecdsa') return { kind: 'ecdsa', oid, name: simple.name, hash: simple.hash, plain: simple.plain ?? false };
    return { kind: 'rsa-pkcs1', oid, name: simple.name, hash: simple.hash };
  }
  if (oid === OID.rsassaPss) {
    const p = parsePssParams(s.children[1], `${where}.pssParams`);
    return { kind: 'rsa-pss', oid, name: `RSASSA-PSS(${p.hash}, MGF1-${p.mgfHash}, salt ${p.saltLength})`, ...p };
  }
  return { kind: 'unknown', oid, name: oid };
}

/** Digest AlgorithmIdentifier (parameters absent or NULL). */
export function parseDigestAlgorithm(node: Asn1, where: string): HashName {
  const s = expectSequence(node, where);
  const oid = readOid(child(s, 0, where), where);
  const h = hashNameFromOid(oid);
  if (!h) throw new ChipIdError('UNSUPPORTED', `${where}: digest algorithm ${oid} not supported`);
  return h;
}

export type PublicKey =
  | { kind: 'rsa'; n: bigint; e: bigint; bits: number }
  | {
      kind: 'ec';
      /** undefined when the curve is not implemented (reason in `unsupported`). */
      curve: Curve | undefined;
      /** "brainpoolP512r1", "explicit(=brainpoolP512r1)", "explicit(unnamed 512-bit)", "P-224" … */
      curveName: string;
      explicitParams: boolean;
      point: Uint8Array;
      bits: number;
      unsupported?: string;
    }
  | { kind: 'unknown'; oid: string; unsupported: string };

/** SubjectPublicKeyInfo. Unknown or unsupported keys parse to a descriptive value instead of throwing. */
export function parseSpki(node: Asn1, where: string): PublicKey {
  const s = expectSequence(node, where);
  const alg = expectSequence(child(s, 0, where), `${where}.algorithm`);
  const oid = readOid(child(alg, 0, where), `${where}.algorithm`);
  const keyBits = readBitStringBytes(child(s, 1, where), `${where}.subjectPublicKey`);
  if (oid === OID.rsaEncryption || oid === OID.rsassaPss) {
    const rsa = expectSequence(parseAsn1(keyBits, `${where}.RSAPublicKey`), `${where}.RSAPublicKey`);
    const nBytes = readUnsignedBytes(child(rsa, 0, where), `${where}.modulus`);
    // Bounds before any arithmetic: modulus ≤ 16 384 bits, exponent < 2^256 (NIST SP 800-56B §6.2.1).
    if (nBytes.length > MAX_INTEGER_BYTES - 1) throw new ParseError(where, `RSA modulus of ${nBytes.length} bytes`);
    const e = readInt(child(rsa, 1, where), `${where}.publicExponent`);
    if (e >= 1n << 256n) throw new ParseError(where, 'RSA public exponent of 2^256 or more');
    const n = bytesToBigInt(nBytes);
    return { kind: 'rsa', n, e, bits: n.toString(2).length };
  }
  if (oid === OID.ecPublicKey) {
    const params = alg.children[1];
    if (!params || isUniversal(params, T.NULL)) {
      return { kind: 'ec', curve: undefined, curveName: 'implicitlyCA', explicitParams: false, point: keyBits, bits: 0, unsupported: 'implicitlyCA curve parameters' };
    }
    if (isUniversal(params, T.OID)) {
      const cOid = readOid(params, `${where}.namedCurve`);
      const curve = curveByOid(cOid);
      const curveName = curveDisplayName(cOid);
      if (!curve) return { kind: 'ec', curve, curveName, explicitParams: false, point: keyBits, bits: 0, unsupported: `named curve ${curveName} not supported` };
      return { kind: 'ec', curve, curveName, explicitParams: false, point: keyBits, bits: curve.params.n.toString(2).length };
    }
    const cp = parseEcParameters(params, `${where}.ecParameters`);
    const bits = cp.n.toString(2).length;
    try {
      const curve = curveFromParams(cp);
      const curveName = curve.name ? `explicit(=${curve.name})` : `explicit(unnamed ${cp.p.toString(2).length}-bit)`;
      return { kind: 'ec', curve, curveName, explicitParams: true, point: keyBits, bits };
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      return { kind: 'ec', curve: undefined, curveName: 'explicit(rejected)', explicitParams: true, point: keyBits, bits, unsupported: why };
    }
  }
  return { kind: 'unknown', oid, unsupported: `public key algorithm ${oid} not supported` };
}

export function describeKey(k: PublicKey): string {
  if (k.kind === 'rsa') return `RSA-${k.bits}`;
  if (k.kind === 'ec') return `EC ${k.curveName}`;
  return `unknown(${k.oid})`;
}
