/**
 * Test PKI, part 1: keys, certificates and CRLs for the virtual CCCD and tamper tests. Everything is DER,
 * deterministic for a given Rng (ECDSA nonces per RFC 6979), and shaped like Vietnam's real CSCA:
 * ecdsa-with-SHA512 on brainpoolP512r1 with explicit domain parameters. TEST ONLY — names say so.
 */
import { type Rng, bigIntToBytes, bytesToBigInt, concat } from '../emrtd/bytes.js';
import { type Curve, type CurveName, curveByName, encodeEcParametersParts } from '../pki/curves.js';
import { bitString, bool, explicit, int, octets, oid, printable, seq, setOf, time, utf8, implicitPrim } from '../pki/der.js';
import { type HashName, HASH_OID, hash } from '../pki/hash.js';
import { OID } from '../pki/oids.js';
import { type Certificate, parseCertificate } from '../pki/x509.js';
import { type Crl, parseCrl } from '../pki/crl.js';
import { sha256 } from '@noble/hashes/sha2.js';

export interface EcKey {
  curve: CurveName;
  secretKey: Uint8Array;
  /** Uncompressed SEC 1 point. */
  publicKey: Uint8Array;
}

/** A deterministic Rng: SHA-256 in counter mode over a seed string. For tests and fixtures only. */
export function seededRng(seed: string): Rng {
  let counter = 0;
  const seedBytes = new TextEncoder().encode(seed);
  return (n: number) => {
    const out = new Uint8Array(n);
    for (let o = 0; o < n; o += 32) {
      const block = sha256(concat(seedBytes, Uint8Array.of(counter >>> 24, (counter >>> 16) & 0xff, (counter >>> 8) & 0xff, counter & 0xff)));
      counter++;
      out.set(block.subarray(0, Math.min(32, n - o)), o);
    }
    return out;
  };
}

/** Generates a key pair from `rng` (secret uniformly reduced into [1, n-1]). */
export function makeEcKey(curveName: CurveName, rng: Rng): EcKey {
  const c = curveByName(curveName);
  const d = (bytesToBigInt(rng(c.orderBytes + 16)) % (c.params.n - 1n)) + 1n;
  const secretKey = bigIntToBytes(d, c.orderBytes);
  return { curve: curveName, secretKey, publicKey: c.ecdsa.getPublicKey(secretKey, false) };
}

export type EcdsaSigAlg = 'ecdsa-with-SHA1' | 'ecdsa-with-SHA224' | 'ecdsa-with-SHA256' | 'ecdsa-with-SHA384' | 'ecdsa-with-SHA512';

const SIG: Record<EcdsaSigAlg, { oid: string; hash: HashName }> = {
  'ecdsa-with-SHA1': { oid: OID.ecdsaWithSHA1, hash: 'sha1' },
  'ecdsa-with-SHA224': { oid: OID.ecdsaWithSHA224, hash: 'sha224' },
  'ecdsa-with-SHA256': { oid: OID.ecdsaWithSHA256, hash: 'sha256' },
  'ecdsa-with-SHA384': { oid: OID.ecdsaWithSHA384, hash: 'sha384' },
  'ecdsa-with-SHA512': { oid: OID.ecdsaWithSHA512, hash: 'sha512' },
};

/** The hash an ECDSA signature algorithm names. */
export const sigHash = (alg: EcdsaSigAlg): HashName => SIG[alg].hash;

export const sigAlgId = (alg: EcdsaSigAlg): Uint8Array => seq(oid(SIG[alg].oid));
export const hashAlgId = (h: HashName): Uint8Array => seq(oid(HASH_OID[h]));

/** DER Ecdsa-Sig-Value over hash(data), deterministic (RFC 6979). */
export function ecdsaSign(key: EcKey, alg: EcdsaSigAlg, data: Uint8Array): Uint8Array {
  const c = curveByName(key.curve);
  return c.ecdsa.sign(hash(SIG[alg].hash, data), key.secretKey, { prehash: false, lowS: false, format: 'der' });
}

function curveOf(key: EcKey): Curve {
  return curveByName(key.curve);
}

/** SubjectPublicKeyInfo; `explicitParams` writes ECParameters instead of the curve OID (RFC 3279 §2.3.5). */
export function ecSpki(key: EcKey, explicitParams: boolean): Uint8Array {
  const c = curveOf(key);
  let params: Uint8Array;
  if (explicitParams) {
    const p = encodeEcParametersParts(c.params);
    params = seq(int(1), seq(oid(OID.primeField), int(p.p)), seq(octets(p.a), octets(p.b)), octets(p.base), int(p.n), int(p.h));
  } else params = oid(c.oid!);
  return seq(seq(oid(OID.ecPublicKey), params), bitString(key.publicKey));
}

export type NameSpec = ReadonlyArray<readonly ['C' | 'O' | 'OU' | 'CN' | 'SERIALNUMBER', string]>;
const ATTR_OID = { C: OID.countryName, O: OID.organizationName, OU: OID.organizationalUnitName, CN: OID.commonName, SERIALNUMBER: OID.serialNumber };

export function encodeName(spec: NameSpec): Uint8Array {
  return seq(...spec.map(([t, v]) => setOf(seq(oid(ATTR_OID[t]), t === 'C' || t === 'SERIALNUMBER' ? printable(v) : utf8(v)))));
}

export interface TestIssuer {
  cert: Certificate;
  der: Uint8Array;
  key: EcKey;
  name: NameSpec;
  sigAlg: EcdsaSigAlg;
}

function ext(oidStr: string, critical: boolean, value: Uint8Array): Uint8Array {
  return critical ? seq(oid(oidStr), bool(true), octets(value)) : seq(oid(oidStr), octets(value));
}

/** SKI = SHA-1 of the subjectPublicKey bits (RFC 5280 §4.2.1.2 method 1). */
export const keyId = (key: EcKey): Uint8Array => hash('sha1', key.publicKey);

interface CertSpec {
  serial: bigint;
  issuer: NameSpec;
  subject: NameSpec;
  notBefore: Date;
  notAfter: Date;
  spki: Uint8Array;
  extensions: Uint8Array[];
  signer: EcKey;
  sigAlg: EcdsaSigAlg;
}

export function signCertificate(s: CertSpec): Uint8Array {
  const tbs = seq(
    explicit(0, int(2)),
    int(s.serial),
    sigAlgId(s.sigAlg),
    encodeName(s.issuer),
    seq(time(s.notBefore), time(s.notAfter)),
    encodeName(s.subject),
    s.spki,
    explicit(3, seq(...s.extensions)),
  );
  return seq(tbs, sigAlgId(s.sigAlg), bitString(ecdsaSign(s.signer, s.sigAlg, tbs)));
}

export interface CscaOptions {
  curve?: CurveName;
  explicitParams?: boolean;
  country?: string;
  commonName?: string;
  notBefore?: Date;
  notAfter?: Date;
  serial?: bigint;
  sigAlg?: EcdsaSigAlg;
  /** Pre-made key (fast fixtures); otherwise generated from `rng`. */
  key?: EcKey;
  rng?: Rng;
}

/** A self-signed test CSCA (defaults: brainpoolP512r1, explicit parameters, ecdsa-with-SHA512, VN). */
export function makeTestCsca(o: CscaOptions = {}): TestIssuer {
  const curve = o.curve ?? 'brainpoolP512r1';
  const key = o.key ?? makeEcKey(curve, o.rng ?? seededRng('chipid-test-csca'));
  const country = o.country ?? 'VN';
  const name: NameSpec = [['C', country], ['O', 'ChipID TEST PKI'], ['CN', o.commonName ?? `TEST CSCA ${country} (not a real authority)`]];
  const sigAlg = o.sigAlg ?? 'ecdsa-with-SHA512';
  const der = signCertificate({
    serial: o.serial ?? 0x1001n,
    issuer: name,
    subject: name,
    notBefore: o.notBefore ?? new Date('2022-06-29T00:00:00Z'),
    notAfter: o.notAfter ?? new Date('2037-10-01T00:00:00Z'),
    spki: ecSpki(key, o.explicitParams ?? true),
    extensions: [
      ext(OID.basicConstraints, true, seq(bool(true), int(0))),
      ext(OID.keyUsage, true, bitString(Uint8Array.of(0x06), 1)),
      ext(OID.subjectKeyIdentifier, false, octets(keyId(key))),
    ],
    signer: key,
    sigAlg,
  });
  return { cert: parseCertificate(der, 'TestCSCA'), der, key, name, sigAlg };
}

export interface DsOptions {
  curve?: CurveName;
  explicitParams?: boolean;
  commonName?: string;
  /** Subject country; defaults to the CSCA's. */
  country?: string;
  notBefore?: Date;
  notAfter?: Date;
  serial?: bigint;
  key?: EcKey;
  rng?: Rng;
  /** Key usage bits byte (default 0x80 = digitalSignature). */
  keyUsage?: number;
}

/** A document signer issued by `csca` (defaults: brainpoolP256r1, named curve, digitalSignature). */
export function makeTestDs(csca: TestIssuer, o: DsOptions = {}): TestIssuer {
  const curve = o.curve ?? 'brainpoolP256r1';
  const key = o.key ?? makeEcKey(curve, o.rng ?? seededRng('chipid-test-ds'));
  const country = o.country ?? csca.name.find(([t]) => t === 'C')?.[1] ?? 'VN';
  const name: NameSpec = [['C', country], ['O', 'ChipID TEST PKI'], ['CN', o.commonName ?? 'TEST Document Signer']];
  const kuBits = o.keyUsage ?? 0x80;
  let unused = 0;
  while (unused < 7 && ((kuBits >> unused) & 1) === 0) unused++;
  const der = signCertificate({
    serial: o.serial ?? 0x2001n,
    issuer: csca.name,
    subject: name,
    notBefore: o.notBefore ?? new Date('2024-01-01T00:00:00Z'),
    notAfter: o.notAfter ?? new Date('2035-01-01T00:00:00Z'),
    spki: ecSpki(key, o.explicitParams ?? false),
    extensions: [
      ext(OID.keyUsage, true, bitString(Uint8Array.of(kuBits), kuBits === 0 ? 0 : unused)),
      ext(OID.authorityKeyIdentifier, false, seq(implicitPrim(0, keyId(csca.key)))),
      ext(OID.subjectKeyIdentifier, false, octets(keyId(key))),
    ],
    signer: csca.key,
    sigAlg: csca.sigAlg,
  });
  return { cert: parseCertificate(der, 'TestDS'), der, key, name, sigAlg: 'ecdsa-with-SHA512' };
}

/** A CSCA-signed CRL (RFC 5280 §5.1) revoking `revokedSerials`. */
export function makeCrl(csca: TestIssuer, revokedSerials: bigint[], o: { thisUpdate: Date; nextUpdate: Date; crlNumber?: bigint }): { der: Uint8Array; crl: Crl } {
  const entries = revokedSerials.map((s) => seq(int(s), time(o.thisUpdate)));
  const tbs = seq(
    int(1),
    sigAlgId(csca.sigAlg),
    encodeName(csca.name),
    time(o.thisUpdate),
    time(o.nextUpdate),
    ...(entries.length ? [seq(...entries)] : []),
    explicit(0, seq(ext(OID.cRLNumber, false, int(o.crlNumber ?? 1n)), ext(OID.authorityKeyIdentifier, false, seq(implicitPrim(0, keyId(csca.key)))))),
  );
  const der = seq(tbs, sigAlgId(csca.sigAlg), bitString(ecdsaSign(csca.key, csca.sigAlg, tbs)));
  return { der, crl: parseCrl(der, 'TestCRL') };
}
