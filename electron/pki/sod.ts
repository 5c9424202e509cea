/**
 * EF.SOD and passive authentication (9303-10 §4.6.2, 9303-11 §5.1 / 9303-12): tag 77 wrapping CMS
 * SignedData whose eContent is an LDSSecurityObject v0 or v1 (v1 adds ldsVersionInfo, LDS 1.8).
 * Data groups are hashed exactly as they came off the chip.
 */
import { ParseError } from '../emrtd/errors.js';
import { equalBytes } from '../emrtd/bytes.js';
import { T, child, expectSequence, expectUniversal, parseAsn1, readOctets, readSmallInt, readString } from './asn1.js';
import { parseDigestAlgorithm } from './algorithms.js';
import { type ChainOptions, type ChainResult, validateChain } from './chain.js';
import { type SignedData, type SignerVerification, parseSignedData, verifySignerInfo } from './cms.js';
import { type HashName, hash } from './hash.js';
import { OID } from './oids.js';
import { type PkiCheck, fail, notPerformed, pass } from './verdict-types.js';
import { type Certificate } from './x509.js';

export interface LdsSecurityObject {
  version: 0 | 1;
  hashAlgorithm: HashName;
  /** DG number → hash from the SOD. */
  hashes: Map<number, Uint8Array>;
  ldsVersion?: string;
  unicodeVersion?: string;
}

export interface ParsedSod {
  signedData: SignedData;
  lds: LdsSecurityObject;
}

/** LDSSecurityObject (9303-10 §4.6.2.3). */
export function parseLdsSecurityObject(der: Uint8Array, where = 'LDSSecurityObject'): LdsSecurityObject {
  const s = expectSequence(parseAsn1(der, where), where);
  const v = readSmallInt(child(s, 0, where), `${where}.version`);
  if (v !== 0 && v !== 1) throw new ParseError(where, `version ${v} not 0 or 1`);
  const hashAlgorithm = parseDigestAlgorithm(child(s, 1, where), `${where}.hashAlgorithm`);
  const list = expectSequence(child(s, 2, where), `${where}.dataGroupHashValues`);
  const hashes = new Map<number, Uint8Array>();
  for (const [i, e] of list.children.entries()) {
    const w = `${where}.dataGroupHashValues[${i}]`;
    expectSequence(e, w);
    const dg = readSmallInt(child(e, 0, w), `${w}.dataGroupNumber`);
    if (dg < 1 || dg > 16) throw new ParseError(w, `data group number ${dg} out of range`);
    if (hashes.has(dg)) throw new ParseError(w, `DG${dg} listed twice`);
    hashes.set(dg, readOctets(child(e, 1, w), `${w}.dataGroupHashValue`));
  }
  const out: LdsSecurityObject = { version: v, hashAlgorithm, hashes };
  const info = s.children[3];
  if (v === 1) {
    if (!info) throw new ParseError(where, 'v1 without ldsVersionInfo');
    expectSequence(info, `${where}.ldsVersionInfo`);
    out.ldsVersion = readString(expectUniversal(child(info, 0, where), T.PrintableString, `${where}.ldsVersion`), where);
    out.unicodeVersion = readString(expectUniversal(child(info, 1, where), T.PrintableString, `${where}.unicodeVersion`), where);
  }
  return out;
}

/** Unwraps tag 77 (application 23) if present and returns the ContentInfo bytes. */
export function unwrapSod(bytes: Uint8Array): Uint8Array {
  const outer = parseAsn1(bytes, 'EF.SOD', { allowTrailing: true });
  if (outer.cls === 1 && outer.tagNo === 23) {
    const ci = outer.children[0];
    if (!ci) throw new ParseError('EF.SOD', 'tag 77 is empty');
    return ci.raw;
  }
  return outer.raw;
}

export function parseSod(bytes: Uint8Array): ParsedSod {
  const signedData = parseSignedData(unwrapSod(bytes), 'EF.SOD');
  return { signedData, lds: parseLdsSecurityObject(signedData.eContent, 'EF.SOD.LDSSecurityObject') };
}

export interface DgResult {
  dg: number;
  status: 'pass' | 'fail' | 'not_read';
  reason: string;
}

export interface SodVerification {
  /** The DS signature over the signed attributes. */
  signature: PkiCheck;
  /** content-type attribute and message digest over the LDSSecurityObject. */
  signedAttributes: PkiCheck;
  /** Every data group read matches its SOD hash, and none was read that the SOD does not list. */
  hashes: PkiCheck;
  perDg: DgResult[];
  /** DS → CSCA chain (not_performed when no chain options were given or no CSCA is known). */
  chain: ChainResult;
  dsCertificate?: Certificate;
  lds: LdsSecurityObject;
  signedData: SignedData;
  signer: SignerVerification['signer'];
}

export interface SodOptions {
  /** Data groups as read from the chip (full TLV including the DG tag). */
  dataGroups: Map<number, Uint8Array>;
  /** A DS certificate delivered outside the SOD (some documents omit it from the CMS). */
  dsCertificate?: Certificate;
  chain?: ChainOptions;
}

/** Compares read DGs with the SOD's hashes. A DG read but absent from the SOD fails (data injection). */
export function checkDgHashes(lds: LdsSecurityObject, dataGroups: Map<number, Uint8Array>): { hashes: PkiCheck; perDg: DgResult[] } {
  const perDg: DgResult[] = [];
  const all = new Set<number>([...lds.hashes.keys(), ...dataGroups.keys()]);
  for (const dg of [...all].sort((a, b) => a - b)) {
    const expected = lds.hashes.get(dg);
    const data = dataGroups.get(dg);
    if (!data) perDg.push({ dg, status: 'not_read', reason: `DG${dg} is in the SOD but was not read` });
    else if (!expected) perDg.push({ dg, status: 'fail', reason: `DG${dg} was read but the SOD has no hash for it (possible data injection)` });
    else if (equalBytes(hash(lds.hashAlgorithm, data), expected)) perDg.push({ dg, status: 'pass', reason: `DG${dg} ${lds.hashAlgorithm} matches` });
    else perDg.push({ dg, status: 'fail', reason: `DG${dg} ${lds.hashAlgorithm} does not match the SOD` });
  }
  const failed = perDg.filter((d) => d.status === 'fail');
  const checked = perDg.filter((d) => d.status === 'pass');
  let hashes: PkiCheck;
  if (failed.length > 0) hashes = fail(failed.map((d) => d.reason).join('; '), lds.hashAlgorithm);
  else if (checked.length === 0) hashes = notPerformed('no data group was supplied', lds.hashAlgorithm);
  else hashes = pass(`${checked.map((d) => `DG${d.dg}`).join(', ')} match the SOD`, lds.hashAlgorithm);
  return { hashes, perDg };
}

/** Passive authentication of EF.SOD: signature, signed attributes, DG hashes and (optionally) the chain. */
export function verifySod(sodBytes: Uint8Array, opts: SodOptions): SodVerification {
  const { signedData, lds } = parseSod(sodBytes);
  const sv = verifySignerInfo(signedData, {
    expectedContentType: OID.ldsSecurityObject,
    ...(opts.dsCertificate ? { extraCerts: [opts.dsCertificate] } : {}),
  });
  const { hashes, perDg } = checkDgHashes(lds, opts.dataGroups);
  const chain = chainFor(sv.signerCertificate, opts.chain);
  const out: SodVerification = { signature: sv.signature, signedAttributes: sv.signedAttributes, hashes, perDg, chain, lds, signedData, signer: sv.signer };
  if (sv.signerCertificate) out.dsCertificate = sv.signerCertificate;
  return out;
}

export function chainFor(ds: Certificate | undefined, opts: ChainOptions | undefined): ChainResult {
  if (!ds) return { status: 'not_performed', reason: 'no document signer certificate', path: [], checks: [], warnings: [] };
  if (!opts) return { status: 'not_performed', reason: 'no trust store configured', path: [], checks: [], warnings: [] };
  return validateChain(ds, opts);
}
