/**
 * Test PKI, part 2: EF.SOD (9303-10 §4.6.2) and EF.CardSecurity (9303-11 §9.2) signed by a test DS, plus a
 * ready-made fixture. Output is DER, deterministic for given keys. TEST ONLY.
 */
import { type Rng } from '../emrtd/bytes.js';
import { tlv } from '../emrtd/tlv.js';
import { type EcKey, type EcdsaSigAlg, type TestIssuer, ecdsaSign, hashAlgId, makeEcKey, makeTestCsca, makeTestDs, seededRng, sigAlgId, sigHash } from './pki-build-cert.js';
import { explicit, int, octets, oid, printable, seq, setOf, time, implicitPrim } from '../pki/der.js';
import { type HashName, hash } from '../pki/hash.js';
import { OID } from '../pki/oids.js';

export * from './pki-build-cert.js';

export interface SignedDataSpec {
  eContentType: string;
  eContent: Uint8Array;
  ds: TestIssuer;
  /**
   * Digest algorithm of the SignerInfo (message digest). Defaults to the signature's hash: RFC 5754 §3.3
   * pairs them, and OpenSSL digests the signed attributes with digestAlgorithm.
   */
  digestAlg?: HashName;
  signatureAlg: EcdsaSigAlg;
  /** Certificates put in the CMS (default: the DS certificate). Pass [] to omit. */
  certificates?: Uint8Array[];
  sid?: 'issuerSerial' | 'ski';
  /** DER Name to put in the IssuerAndSerialNumber instead of the DS issuer (RDN-order tests). */
  sidIssuer?: Uint8Array;
  signingTime?: Date;
}

/** ContentInfo(SignedData) per RFC 5652 §5 with signed attributes content-type and message-digest. */
export function buildSignedData(s: SignedDataSpec): Uint8Array {
  const digestAlg = s.digestAlg ?? sigHash(s.signatureAlg);
  const attrs = [
    seq(oid(OID.contentType), setOf(oid(s.eContentType))),
    seq(oid(OID.messageDigest), setOf(octets(hash(digestAlg, s.eContent)))),
    ...(s.signingTime ? [seq(oid(OID.signingTime), setOf(time(s.signingTime)))] : []),
  ];
  const signedSet = setOf(...attrs); // DER SET OF: the bytes that are signed (RFC 5652 §5.4)
  const signedAttrs = signedSet.slice();
  signedAttrs[0] = 0xa0; // [0] IMPLICIT in the SignerInfo
  const signature = ecdsaSign(s.ds.key, s.signatureAlg, signedSet);
  const useSki = s.sid === 'ski';
  const sid = useSki ? implicitPrim(0, s.ds.cert.extensions.subjectKeyId ?? new Uint8Array(0)) : seq(s.sidIssuer ?? s.ds.cert.issuer.der, tlv(0x02, s.ds.cert.serial));
  const signerInfo = seq(int(useSki ? 3 : 1), sid, hashAlgId(digestAlg), signedAttrs, sigAlgId(s.signatureAlg), octets(signature));
  const certs = s.certificates ?? [s.ds.der];
  const sd = seq(
    int(3),
    setOf(hashAlgId(digestAlg)),
    seq(oid(s.eContentType), explicit(0, octets(s.eContent))),
    ...(certs.length ? [tlv(0xa0, ...certs)] : []),
    setOf(signerInfo),
  );
  return seq(oid(OID.signedData), explicit(0, sd));
}

export interface SodSpec {
  /** LDS hash algorithm (DG hashes); the SignerInfo digest follows `signatureAlg`. */
  hashAlg: HashName;
  dataGroups: Map<number, Uint8Array>;
  ds: TestIssuer;
  signatureAlg?: EcdsaSigAlg;
  /** 0 (default) or 1 (LDS 1.8 ldsVersionInfo "0108"/"090000"). */
  ldsVersion?: 0 | 1;
  /** Hash only these DGs (default: all given). */
  cover?: number[];
  certificates?: Uint8Array[];
  sid?: 'issuerSerial' | 'ski';
  sidIssuer?: Uint8Array;
}

export function buildLdsSecurityObject(hashAlg: HashName, dgs: Map<number, Uint8Array>, ldsVersion: 0 | 1, cover?: number[]): Uint8Array {
  const nums = (cover ?? [...dgs.keys()]).slice().sort((a, b) => a - b);
  const list = nums.map((n) => {
    const d = dgs.get(n);
    if (!d) throw new RangeError(`buildSod: DG${n} not supplied`);
    return seq(int(n), octets(hash(hashAlg, d)));
  });
  return seq(int(ldsVersion), hashAlgId(hashAlg), seq(...list), ...(ldsVersion === 1 ? [seq(printable('0108'), printable('090000'))] : []));
}

/** EF.SOD: tag 77 wrapping ContentInfo(SignedData(LDSSecurityObject)). */
export function buildSod(s: SodSpec): Uint8Array {
  const lds = buildLdsSecurityObject(s.hashAlg, s.dataGroups, s.ldsVersion ?? 0, s.cover);
  const cms = buildSignedData({
    eContentType: OID.ldsSecurityObject,
    eContent: lds,
    ds: s.ds,
    signatureAlg: s.signatureAlg ?? 'ecdsa-with-SHA512',
    ...(s.certificates ? { certificates: s.certificates } : {}),
    ...(s.sid ? { sid: s.sid } : {}),
    ...(s.sidIssuer ? { sidIssuer: s.sidIssuer } : {}),
  });
  return tlv(0x77, cms);
}

/** EF.CardSecurity: ContentInfo(SignedData(SecurityInfos)), eContentType id-SecurityObject. */
export function buildCardSecurity(s: { securityInfos: Uint8Array; ds: TestIssuer; hashAlg?: HashName; signatureAlg?: EcdsaSigAlg }): Uint8Array {
  return buildSignedData({ eContentType: OID.securityObject, eContent: s.securityInfos, ds: s.ds, signatureAlg: s.signatureAlg ?? 'ecdsa-with-SHA512', ...(s.hashAlg ? { digestAlg: s.hashAlg } : {}) });
}

/** Seeds of the standard test PKI (deterministic). */
export const TEST_PKI_SEED = { csca: 'chipid-test-csca-v1', ds: 'chipid-test-ds-v1' } as const;

export interface TestPki {
  csca: TestIssuer;
  ds: TestIssuer;
  keys: { csca: EcKey; ds: EcKey };
}

let cached: TestPki | undefined;

/**
 * The standard test PKI, like Vietnam's: CSCA brainpoolP512r1 (explicit parameters, ecdsa-with-SHA512),
 * DS brainpoolP512r1. Built once per process and reused (certificates are immutable).
 */
export function testPki(): TestPki {
  if (cached) return cached;
  const cscaKey = makeEcKey('brainpoolP512r1', seededRng(TEST_PKI_SEED.csca));
  const dsKey = makeEcKey('brainpoolP512r1', seededRng(TEST_PKI_SEED.ds));
  const csca = makeTestCsca({ key: cscaKey });
  const ds = makeTestDs(csca, { key: dsKey, curve: 'brainpoolP512r1' });
  cached = { csca, ds, keys: { csca: cscaKey, ds: dsKey } };
  return cached;
}

/** Fresh key from an injected Rng (virtual cards with per-card randomness). */
export function freshKey(curve: EcKey['curve'], rng: Rng): EcKey {
  return makeEcKey(curve, rng);
}
