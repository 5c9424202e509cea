/**
 * CMS SignedData (RFC 5652 §5) as used by EF.SOD (9303-10 §4.6.2), EF.CardSecurity (9303-11 §9.2 /
 * BSI TR-03110-3 A.1.2) and CSCA master lists (9303-12 §9). BER-tolerant; signed attributes keep their exact
 * bytes, re-tagged from [0] IMPLICIT to SET OF (0x31) for verification (RFC 5652 §5.4).
 */
import { ChipIdError, ParseError } from '../emrtd/errors.js';
import { equalBytes, toHex } from '../emrtd/bytes.js';
import { type Asn1, T, child, expectSequence, expectUniversal, isContext, isUniversal, octetsOf, parseAsn1, readOctets, readOid, readSmallInt, readTime } from './asn1.js';
import { type SignatureAlgorithm, parseDigestAlgorithm, parseSignatureAlgorithm } from './algorithms.js';
import { type HashName, hash } from './hash.js';
import { type DistinguishedName, parseName } from './name.js';
import { OID } from './oids.js';
import { verifySignature } from './signature.js';
import { type PkiCheck, fail, notPerformed, pass } from './verdict-types.js';
import { type Certificate, certificateFromNode, serialHexOf } from './x509.js';

export type SignerId = { kind: 'issuerSerial'; issuer: DistinguishedName; serial: Uint8Array; serialHex: string } | { kind: 'ski'; ski: Uint8Array };

export interface SignedAttributes {
  /** DER to verify: the original encoding with its first octet set to 0x31. */
  signedBytes: Uint8Array;
  contentType?: string;
  messageDigest?: Uint8Array;
  signingTime?: Date;
  oids: string[];
}

export interface SignerInfo {
  version: number;
  sid: SignerId;
  digestAlgorithm: HashName;
  signedAttrs?: SignedAttributes;
  signatureAlgorithm: SignatureAlgorithm;
  signature: Uint8Array;
}

export interface SignedData {
  version: number;
  eContentType: string;
  /** eContent octets (constructed BER OCTET STRINGs joined). */
  eContent: Uint8Array;
  certificates: Certificate[];
  /** Certificates in the CMS that could not be parsed (never silently ignored). */
  certificateErrors: string[];
  /** Raw CertificateList DERs from the crls field. */
  crls: Uint8Array[];
  signerInfos: SignerInfo[];
}

function parseSignedAttrs(node: Asn1, where: string): SignedAttributes {
  const signedBytes = node.raw.slice();
  signedBytes[0] = 0x31;
  const out: SignedAttributes = { signedBytes, oids: [] };
  for (const [i, a] of node.children.entries()) {
    const w = `${where}[${i}]`;
    expectSequence(a, w);
    const oid = readOid(child(a, 0, w), w);
    const values = expectUniversal(child(a, 1, w), T.SET, w);
    if (out.oids.includes(oid)) throw new ParseError(w, `attribute ${oid} appears twice`);
    out.oids.push(oid);
    const v = values.children[0];
    if (!v || values.children.length !== 1) {
      if (oid === OID.contentType || oid === OID.messageDigest) throw new ParseError(w, `attribute ${oid} must have exactly one value`);
      continue;
    }
    if (oid === OID.contentType) out.contentType = readOid(v, `${w}.contentType`);
    else if (oid === OID.messageDigest) out.messageDigest = readOctets(v, `${w}.messageDigest`);
    else if (oid === OID.signingTime) {
      try {
        out.signingTime = readTime(v, `${w}.signingTime`);
      } catch {
        /* informational only */
      }
    }
  }
  return out;
}

function parseSignerInfo(node: Asn1, where: string): SignerInfo {
  const s = expectSequence(node, where);
  const version = readSmallInt(child(s, 0, where), `${where}.version`);
  const sidNode = child(s, 1, where);
  let sid: SignerId;
  if (isContext(sidNode, 0)) sid = { kind: 'ski', ski: octetsOf(sidNode, `${where}.sid`) };
  else {
    const ias = expectSequence(sidNode, `${where}.sid`);
    const issuer = parseName(child(ias, 0, where), `${where}.sid.issuer`);
    const serialNode = expectUniversal(child(ias, 1, where), T.INTEGER, `${where}.sid.serialNumber`);
    sid = { kind: 'issuerSerial', issuer, serial: serialNode.content, serialHex: serialHexOf(serialNode.content) };
  }
  const digestAlgorithm = parseDigestAlgorithm(child(s, 2, where), `${where}.digestAlgorithm`);
  let i = 3;
  let signedAttrs: SignedAttributes | undefined;
  const maybeAttrs = child(s, i, where);
  if (isContext(maybeAttrs, 0)) {
    signedAttrs = parseSignedAttrs(maybeAttrs, `${where}.signedAttrs`);
    i++;
  }
  const signatureAlgorithm = parseSignatureAlgorithm(child(s, i, where), `${where}.signatureAlgorithm`);
  const signature = readOctets(child(s, i + 1, where), `${where}.signature`);
  const r: SignerInfo = { version, sid, digestAlgorithm, signatureAlgorithm, signature };
  if (signedAttrs) r.signedAttrs = signedAttrs;
  return r;
}

/** Parses a ContentInfo holding SignedData. */
export function parseSignedData(contentInfo: Uint8Array | Asn1, where = 'CMS'): SignedData {
  const root = contentInfo instanceof Uint8Array ? parseAsn1(contentInfo, where) : contentInfo;
  const ci = expectSequence(root, where);
  const ct = readOid(child(ci, 0, where), `${where}.contentType`);
  if (ct !== OID.signedData) throw new ParseError(where, `content type ${ct} is not SignedData`);
  const wrapper = child(ci, 1, where);
  if (!isContext(wrapper, 0)) throw new ParseError(where, 'SignedData content not [0] EXPLICIT');
  const w = `${where}.SignedData`;
  const sd = expectSequence(child(wrapper, 0, where), w);
  const version = readSmallInt(child(sd, 0, w), `${w}.version`);
  expectUniversal(child(sd, 1, w), T.SET, `${w}.digestAlgorithms`);
  const eci = expectSequence(child(sd, 2, w), `${w}.encapContentInfo`);
  const eContentType = readOid(child(eci, 0, w), `${w}.eContentType`);
  const ecWrap = eci.children[1];
  if (!ecWrap || !isContext(ecWrap, 0)) throw new ParseError(`${w}.encapContentInfo`, 'eContent absent (detached content not supported)');
  const eContent = readOctets(child(ecWrap, 0, w), `${w}.eContent`);
  const certificates: Certificate[] = [];
  const certificateErrors: string[] = [];
  const crls: Uint8Array[] = [];
  let signerSet: Asn1 | undefined;
  for (const c of sd.children.slice(3)) {
    if (isContext(c, 0)) {
      for (const [k, certNode] of c.children.entries()) {
        if (!isUniversal(certNode, T.SEQUENCE)) {
          certificateErrors.push(`${w}.certificates[${k}]: not an X.509 certificate (choice tag ${certNode.tagNo})`);
          continue;
        }
        try {
          certificates.push(certificateFromNode(certNode, `${w}.certificates[${k}]`));
        } catch (e) {
          certificateErrors.push(e instanceof Error ? e.message : String(e));
        }
      }
    } else if (isContext(c, 1)) for (const crl of c.children) crls.push(crl.raw);
    else if (isUniversal(c, T.SET)) signerSet = c;
  }
  if (!signerSet) throw new ParseError(w, 'signerInfos missing');
  const signerInfos = signerSet.children.map((n, k) => parseSignerInfo(n, `${w}.signerInfos[${k}]`));
  if (signerInfos.length === 0) throw new ParseError(w, 'no SignerInfo');
  return { version, eContentType, eContent, certificates, certificateErrors, crls, signerInfos };
}

/** Does `cert` match the SignerIdentifier? Issuer compared order-insensitively (see name.ts). */
export function matchesSid(cert: Certificate, sid: SignerId): boolean {
  if (sid.kind === 'ski') return !!cert.extensions.subjectKeyId && equalBytes(cert.extensions.subjectKeyId, sid.ski);
  return cert.serialHex === sid.serialHex && cert.issuer.key === sid.issuer.key;
}

export function describeSid(sid: SignerId): string {
  return sid.kind === 'ski' ? `subjectKeyIdentifier ${toHex(sid.ski)}` : `issuer "${sid.issuer.text}" serial ${sid.serialHex}`;
}

export interface SignerVerification {
  /** Signature over the signed attributes (or eContent when there are none). */
  signature: PkiCheck;
  /** content-type attribute = expected eContentType and message-digest = hash(eContent). */
  signedAttributes: PkiCheck;
  signer: SignerInfo;
  signerCertificate?: Certificate;
}

/**
 * Verifies the first SignerInfo of `sd`. The signer certificate is looked up among the CMS certificates,
 * then `extraCerts` (a DS certificate delivered separately). Outcomes are Checks; nothing throws.
 */
export function verifySignerInfo(sd: SignedData, opts: { expectedContentType: string; extraCerts?: Certificate[] }): SignerVerification {
  const si = sd.signerInfos[0]!;
  const candidates = [...sd.certificates, ...(opts.extraCerts ?? [])];
  const signerCertificate = candidates.find((c) => matchesSid(c, si.sid));
  const algName = si.signatureAlgorithm.name;
  let signedAttributes: PkiCheck;
  if (sd.eContentType !== opts.expectedContentType) {
    signedAttributes = fail(`eContentType is ${sd.eContentType}, expected ${opts.expectedContentType}`);
  } else if (!si.signedAttrs) {
    signedAttributes = notPerformed('SignerInfo has no signed attributes (the signature covers the content directly)');
  } else if (si.signedAttrs.contentType !== opts.expectedContentType) {
    signedAttributes = fail(`content-type attribute is ${si.signedAttrs.contentType ?? 'missing'}, expected ${opts.expectedContentType}`);
  } else if (!si.signedAttrs.messageDigest) {
    signedAttributes = fail('message-digest attribute missing');
  } else if (!equalBytes(si.signedAttrs.messageDigest, hash(si.digestAlgorithm, sd.eContent))) {
    signedAttributes = fail(`message-digest attribute does not match the ${si.digestAlgorithm} of the signed content`);
  } else {
    signedAttributes = pass(`content type and ${si.digestAlgorithm} message digest match`);
  }
  if (!signerCertificate) {
    const out: SignerVerification = {
      signature: notPerformed(`signer certificate (${describeSid(si.sid)}) not found`, algName),
      signedAttributes,
      signer: si,
    };
    return out;
  }
  const data = si.signedAttrs ? si.signedAttrs.signedBytes : sd.eContent;
  let signature: PkiCheck;
  try {
    signature = verifySignature({ alg: si.signatureAlgorithm, key: signerCertificate.publicKey, data, signature: si.signature, digestHash: si.digestAlgorithm });
  } catch (e) {
    if (!(e instanceof ChipIdError)) throw e;
    signature = notPerformed(e.message, algName);
  }
  return { signature, signedAttributes, signer: si, signerCertificate };
}
