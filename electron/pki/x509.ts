/**
 * X.509 v3 certificates (RFC 5280 §4.1) as profiled for eMRTD PKI (9303-12 §7.1). Our own ASN.1 walk:
 * generic X.509 parsers reject EC keys with explicit domain parameters, which real CSCAs use.
 */
import { ParseError } from '../emrtd/errors.js';
import { toHex } from '../emrtd/bytes.js';
import { type Asn1, T, child, expectSequence, isContext, isUniversal, parseAsn1, readBitStringBits, readBitStringBytes, readInt, readOctets, readOid, readTime, readString } from './asn1.js';
import { type PublicKey, type SignatureAlgorithm, parseSignatureAlgorithm, parseSpki } from './algorithms.js';
import { type DistinguishedName, parseName } from './name.js';
import { hash } from './hash.js';
import { OID } from './oids.js';

export interface KeyUsage {
  digitalSignature: boolean;
  nonRepudiation: boolean;
  keyEncipherment: boolean;
  dataEncipherment: boolean;
  keyAgreement: boolean;
  keyCertSign: boolean;
  cRLSign: boolean;
}

export interface Extensions {
  keyUsage?: KeyUsage;
  basicConstraints?: { ca: boolean; pathLen?: number };
  subjectKeyId?: Uint8Array;
  authorityKeyId?: Uint8Array;
  /** URIs from cRLDistributionPoints fullName. */
  crlDistributionPoints: string[];
  /** Every extension present, with its criticality. */
  present: { oid: string; critical: boolean }[];
}

export interface Certificate {
  der: Uint8Array;
  /** The exact TBSCertificate bytes the issuer signed. */
  tbs: Uint8Array;
  version: number;
  /** Serial number content octets as encoded (matching uses these). */
  serial: Uint8Array;
  /** Upper-case hex of the serial with leading zero octets removed. */
  serialHex: string;
  /** signatureAlgorithm outside the TBS (the one used to verify). */
  signatureAlgorithm: SignatureAlgorithm;
  /** The OID of the TBS `signature` field; RFC 5280 §4.1.1.2 requires it to equal the outer one. */
  tbsSignatureOid: string;
  signature: Uint8Array;
  issuer: DistinguishedName;
  subject: DistinguishedName;
  notBefore: Date;
  notAfter: Date;
  publicKey: PublicKey;
  spki: Uint8Array;
  extensions: Extensions;
  /** SHA-256 of the DER, upper-case hex. */
  fingerprint: string;
}

function parseKeyUsage(value: Uint8Array, where: string): KeyUsage {
  const { bytes } = readBitStringBits(parseAsn1(value, where), where);
  const bit = (i: number): boolean => (((bytes[i >> 3] ?? 0) >> (7 - (i & 7))) & 1) === 1;
  return {
    digitalSignature: bit(0),
    nonRepudiation: bit(1),
    keyEncipherment: bit(2),
    dataEncipherment: bit(3),
    keyAgreement: bit(4),
    keyCertSign: bit(5),
    cRLSign: bit(6),
  };
}

function parseBasicConstraints(value: Uint8Array, where: string): { ca: boolean; pathLen?: number } {
  const s = expectSequence(parseAsn1(value, where), where);
  let ca = false;
  let pathLen: number | undefined;
  for (const c of s.children) {
    if (isUniversal(c, T.BOOLEAN)) ca = c.content[0] !== 0;
    else if (isUniversal(c, T.INTEGER)) pathLen = Number(readInt(c, where));
  }
  return pathLen === undefined ? { ca } : { ca, pathLen };
}

function parseAki(value: Uint8Array, where: string): Uint8Array | undefined {
  const s = expectSequence(parseAsn1(value, where), where);
  const kid = s.children.find((c) => isContext(c, 0));
  return kid ? kid.content : undefined;
}

function parseCrlDp(value: Uint8Array, where: string): string[] {
  const out: string[] = [];
  const walk = (n: Asn1): void => {
    // GeneralName uniformResourceIdentifier [6] IA5String
    if (n.cls === 2 && n.tagNo === 6 && !n.constructed) out.push(readString(n, where));
    for (const c of n.children) walk(c);
  };
  walk(parseAsn1(value, where));
  return out;
}

function parseExtensions(node: Asn1 | undefined, where: string): Extensions {
  const ext: Extensions = { crlDistributionPoints: [], present: [] };
  if (!node) return ext;
  const list = expectSequence(child(node, 0, where), where);
  for (const [i, e] of list.children.entries()) {
    const w = `${where}[${i}]`;
    expectSequence(e, w);
    const oid = readOid(child(e, 0, w), w);
    let critical = false;
    let vNode = child(e, 1, w);
    if (isUniversal(vNode, T.BOOLEAN)) {
      critical = vNode.content[0] !== 0;
      vNode = child(e, 2, w);
    }
    const value = readOctets(vNode, w);
    ext.present.push({ oid, critical });
    const wx = `${w}(${oid})`;
    if (oid === OID.keyUsage) ext.keyUsage = parseKeyUsage(value, wx);
    else if (oid === OID.basicConstraints) ext.basicConstraints = parseBasicConstraints(value, wx);
    else if (oid === OID.subjectKeyIdentifier) ext.subjectKeyId = readOctets(parseAsn1(value, wx), wx);
    else if (oid === OID.authorityKeyIdentifier) {
      const k = parseAki(value, wx);
      if (k) ext.authorityKeyId = k;
    } else if (oid === OID.cRLDistributionPoints) ext.crlDistributionPoints = parseCrlDp(value, wx);
  }
  return ext;
}

export function serialHexOf(content: Uint8Array): string {
  let s = 0;
  while (s < content.length - 1 && content[s] === 0) s++;
  return toHex(content.subarray(s));
}

/** Parses a DER certificate. `where` names the source in errors ("SOD.certificates[0]"). */
export function parseCertificate(der: Uint8Array, where = 'Certificate'): Certificate {
  const root = parseAsn1(der, where, { allowTrailing: false });
  return certificateFromNode(root, where);
}

/** Parses a certificate already decoded as part of a larger structure (CMS certificates, master lists). */
export function certificateFromNode(root: Asn1, where: string): Certificate {
  const cert = expectSequence(root, where);
  const tbsNode = expectSequence(child(cert, 0, where), `${where}.tbsCertificate`);
  const sigAlg = parseSignatureAlgorithm(child(cert, 1, where), `${where}.signatureAlgorithm`);
  const signature = readBitStringBytes(child(cert, 2, where), `${where}.signature`);
  const w = `${where}.tbs`;
  let i = 0;
  let version = 1;
  const first = child(tbsNode, 0, w);
  if (isContext(first, 0)) {
    version = Number(readInt(child(first, 0, w), `${w}.version`)) + 1;
    i = 1;
  }
  const serialNode = child(tbsNode, i, w);
  if (!isUniversal(serialNode, T.INTEGER)) throw new ParseError(`${w}.serialNumber`, 'not an INTEGER');
  const tbsSigAlg = expectSequence(child(tbsNode, i + 1, w), `${w}.signature`);
  const tbsSignatureOid = readOid(child(tbsSigAlg, 0, w), `${w}.signature`);
  const issuer = parseName(child(tbsNode, i + 2, w), `${w}.issuer`);
  const validity = expectSequence(child(tbsNode, i + 3, w), `${w}.validity`);
  const notBefore = readTime(child(validity, 0, w), `${w}.notBefore`);
  const notAfter = readTime(child(validity, 1, w), `${w}.notAfter`);
  const subject = parseName(child(tbsNode, i + 4, w), `${w}.subject`);
  const spkiNode = child(tbsNode, i + 5, w);
  const publicKey = parseSpki(spkiNode, `${w}.subjectPublicKeyInfo`);
  const extNode = tbsNode.children.slice(i + 6).find((c) => isContext(c, 3));
  const extensions = parseExtensions(extNode, `${w}.extensions`);
  return {
    der: root.raw,
    tbs: tbsNode.raw,
    version,
    serial: serialNode.content,
    serialHex: serialHexOf(serialNode.content),
    signatureAlgorithm: sigAlg,
    tbsSignatureOid,
    signature,
    issuer,
    subject,
    notBefore,
    notAfter,
    publicKey,
    spki: spkiNode.raw,
    extensions,
    fingerprint: toHex(hash('sha256', root.raw)),
  };
}

export function isSelfIssued(c: Certificate): boolean {
  return c.issuer.key === c.subject.key;
}
