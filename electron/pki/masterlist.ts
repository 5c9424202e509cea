/**
 * CSCA master lists (9303-12 §9): CMS SignedData, eContentType id-icao-cscaMasterList (2.23.136.1.1.2),
 * eContent CscaMasterList ::= SEQUENCE { version INTEGER, certList SET OF Certificate }. The signer is a
 * Master List Signer certificate carried in the CMS, issued by the publishing state's CSCA (the root).
 */
import { ParseError } from '../emrtd/errors.js';
import { type Asn1, T, child, expectSequence, expectUniversal, parseAsn1, readSmallInt } from './asn1.js';
import { signedBy } from './chain.js';
import { type SignedData, parseSignedData, verifySignerInfo } from './cms.js';
import { OID } from './oids.js';
import { type PkiCheck, fail, notPerformed, pass } from './verdict-types.js';
import { type Certificate, certificateFromNode } from './x509.js';

export interface MasterListContent {
  version: number;
  /** Every certificate that parsed, in list order. */
  certificates: Certificate[];
  /** Certificates that did not parse, by index: reported, never silently dropped. */
  errors: { index: number; error: string; der: Uint8Array }[];
  /** Total entries in certList. */
  total: number;
}

export interface MasterListVerification {
  signature: PkiCheck;
  signedAttributes: PkiCheck;
  /** The ML signer certificate verified by one of the configured roots. */
  signerChain: PkiCheck;
  /** Signer certificate validity at `at` (informational). */
  signerValidity: PkiCheck;
  /** true only when signature, signed attributes and signer chain all pass. */
  verified: boolean;
  signerCertificate?: Certificate;
  root?: Certificate;
}

export interface MasterList extends MasterListContent {
  signedData: SignedData;
  verification: MasterListVerification;
}

export function parseCscaMasterList(eContent: Uint8Array, where = 'CscaMasterList'): MasterListContent {
  const s = expectSequence(parseAsn1(eContent, where), where);
  const version = readSmallInt(child(s, 0, where), `${where}.version`);
  const set: Asn1 = expectUniversal(child(s, 1, where), T.SET, `${where}.certList`);
  const certificates: Certificate[] = [];
  const errors: MasterListContent['errors'] = [];
  for (const [i, n] of set.children.entries()) {
    try {
      certificates.push(certificateFromNode(n, `${where}.certList[${i}]`));
    } catch (e) {
      errors.push({ index: i, error: e instanceof Error ? e.message : String(e), der: n.raw });
    }
  }
  return { version, certificates, errors, total: set.children.length };
}

/**
 * Parses a master list and verifies it: CMS signature by the ML signer, the signer certificate by one of
 * `roots`. Without roots (or when verification fails) the content is still returned, marked unverified.
 */
export function readMasterList(bytes: Uint8Array, opts: { roots?: Certificate[]; at?: Date } = {}): MasterList {
  const signedData = parseSignedData(bytes, 'MasterList');
  if (signedData.eContentType !== OID.cscaMasterList) {
    throw new ParseError('MasterList', `eContentType ${signedData.eContentType} is not id-icao-cscaMasterList`);
  }
  const content = parseCscaMasterList(signedData.eContent);
  const sv = verifySignerInfo(signedData, { expectedContentType: OID.cscaMasterList });
  const roots = opts.roots ?? [];
  const signer = sv.signerCertificate;
  let signerChain: PkiCheck;
  let root: Certificate | undefined;
  if (!signer) signerChain = notPerformed('master list signer certificate not found in the CMS');
  else if (roots.length === 0) signerChain = notPerformed('no root configured: unverified source');
  else {
    root = roots.find((r) => r.subject.key === signer.issuer.key && signedBy(signer, r).status === 'pass');
    signerChain = root
      ? pass(`master list signer issued by "${root.subject.text}" (serial ${root.serialHex})`)
      : fail(`master list signer "${signer.subject.text}" is not signed by any configured root`);
  }
  const at = opts.at ?? new Date();
  const signerValidity = !signer
    ? notPerformed('no signer certificate')
    : at < signer.notBefore || at > signer.notAfter
      ? fail(`master list signer certificate not valid at ${at.toISOString().slice(0, 10)}`)
      : pass('master list signer certificate valid');
  const verified = sv.signature.status === 'pass' && sv.signedAttributes.status === 'pass' && signerChain.status === 'pass';
  const verification: MasterListVerification = { signature: sv.signature, signedAttributes: sv.signedAttributes, signerChain, signerValidity, verified };
  if (signer) verification.signerCertificate = signer;
  if (root) verification.root = root;
  return { ...content, signedData, verification };
}

/** Vietnam's CSCA as published in the German master list (CCCD.md "Trust anchors"). */
export const VIETNAM_CSCA_SUBJECT = 'C=VN, O=Vietnam Government Information Security Commission, CN=CSCA ePassport Vietnam';

/**
 * Extracts Vietnam's CSCA certificates (subject C=VN, CN=CSCA ePassport Vietnam) from a master list whose
 * signature verifies under `roots`, keeping only self-signed ones whose self-signature verifies. Throws when
 * the list is unverified, so an unverified source can never become the shipped default.
 */
export function extractVietnamCsca(mlBytes: Uint8Array, roots: Certificate[], at?: Date): Certificate[] {
  const ml = readMasterList(mlBytes, at ? { roots, at } : { roots });
  if (!ml.verification.verified) {
    throw new ParseError('MasterList', `not verified: ${ml.verification.signature.reason}; ${ml.verification.signerChain.reason}`);
  }
  return ml.certificates.filter((c) => {
    const cn = c.subject.rdns.flat().find((a) => a.type === OID.commonName)?.value;
    const country = c.subject.rdns.flat().find((a) => a.type === OID.countryName)?.value;
    return country === 'VN' && cn === 'CSCA ePassport Vietnam' && c.issuer.key === c.subject.key && signedBy(c, c).status === 'pass';
  });
}
