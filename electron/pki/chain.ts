/**
 * DS → CSCA certificate path validation for passive authentication (9303-12 §5, §7.1; RFC 5280 §6 in the
 * reduced two-level eMRTD form). Every CSCA in the trust store is a trust anchor (it came from a verified
 * master list or an operator import); link certificates (a new CSCA key certified by the previous one,
 * 9303-12 §5.5) are anchors too and are additionally linked to their predecessor when it is present.
 * Validity uses the shell model at `at`. Outcomes are data.
 */
import { toAlpha2 } from './country.js';
import { type Crl } from './crl.js';
import { type DistinguishedName, countryOf } from './name.js';
import { verifySignature } from './signature.js';
import { type PkiCheck, type PkiStatus, fail, notPerformed, pass } from './verdict-types.js';
import { type Certificate } from './x509.js';

/** Where the chain finds CSCAs and CRLs; TrustStore implements it. */
export interface IssuerSource {
  /** Certificates whose subject is `issuer` (order-insensitive DN); those whose SKI equals `aki` first. */
  findIssuers(issuer: DistinguishedName, aki?: Uint8Array): Certificate[];
  /** CRLs whose issuer is `issuer`. */
  crlsFor(issuer: DistinguishedName): Crl[];
}

export interface ChainOptions {
  trust: IssuerSource;
  /** Validation time (normally now). */
  at: Date;
  /** MRZ issuing state ('VNM', 'D', …) or alpha-2; when given, the certificates' C must match it. */
  issuingState?: string;
  /** What a CRL past its nextUpdate means. Default 'warn'. */
  staleCrl?: 'warn' | 'fail';
}

export interface ChainLink {
  role: 'DS' | 'CSCA' | 'CSCA (link)';
  subject: string;
  issuer: string;
  serialHex: string;
  fingerprint: string;
  notBefore: Date;
  notAfter: Date;
}

export interface ChainResult {
  status: PkiStatus;
  reason: string;
  path: ChainLink[];
  checks: { name: string; check: PkiCheck }[];
  warnings: string[];
  csca?: Certificate;
}

function link(c: Certificate, role: ChainLink['role']): ChainLink {
  return { role, subject: c.subject.text, issuer: c.issuer.text, serialHex: c.serialHex, fingerprint: c.fingerprint, notBefore: c.notBefore, notAfter: c.notAfter };
}

const day = (d: Date): string => d.toISOString().slice(0, 10);

function validityCheck(c: Certificate, what: string, at: Date): PkiCheck {
  if (at < c.notBefore) return fail(`${what} certificate not yet valid (from ${day(c.notBefore)})`);
  if (at > c.notAfter) return fail(`${what} certificate expired on ${day(c.notAfter)}`);
  return pass(`${what} certificate valid ${day(c.notBefore)} → ${day(c.notAfter)}`);
}

// Certificate-by-issuer results for long-lived objects (trust-store CSCAs): a CSCA's self-signature and
// link signature are computed once, not on every read (a brainpoolP512r1 verification costs ~8 ms).
const sigCache = new WeakMap<Certificate, WeakMap<Certificate, PkiCheck>>();

/** Does `issuer`'s key verify `c`'s signature? Memoised per certificate pair. */
export function signedBy(c: Certificate, issuer: Certificate): PkiCheck {
  let m = sigCache.get(c);
  const hit = m?.get(issuer);
  if (hit) return hit;
  const r = verifySignature({ alg: c.signatureAlgorithm, key: issuer.publicKey, data: c.tbs, signature: c.signature });
  if (!m) sigCache.set(c, (m = new WeakMap()));
  m.set(issuer, r);
  return r;
}

function countryCheck(ds: Certificate, csca: Certificate, issuingState: string | undefined): PkiCheck {
  const dsIssuerC = countryOf(ds.issuer)?.toUpperCase();
  const dsSubjectC = countryOf(ds.subject)?.toUpperCase();
  const cscaC = countryOf(csca.subject)?.toUpperCase();
  if (!cscaC) return fail('CSCA certificate has no country (C) attribute');
  if (dsIssuerC !== cscaC) return fail(`DS issuer country ${dsIssuerC ?? 'missing'} differs from the CSCA country ${cscaC}`);
  if (dsSubjectC && dsSubjectC !== cscaC) return fail(`DS subject country ${dsSubjectC} differs from the CSCA country ${cscaC}`);
  if (issuingState !== undefined) {
    const mrz = toAlpha2(issuingState);
    if (!mrz) return fail(`issuing state "${issuingState}" is not a known country code`);
    if (mrz !== cscaC) return fail(`document issuing state ${issuingState} (${mrz}) differs from the certificate country ${cscaC}`);
    return pass(`country ${cscaC} matches issuing state ${issuingState}`);
  }
  return pass(`DS and CSCA country ${cscaC} (issuing state not checked)`);
}

function keyUsageChecks(ds: Certificate, csca: Certificate, warnings: string[]): { ds: PkiCheck; csca: PkiCheck } {
  let dsCheck: PkiCheck;
  const ku = ds.extensions.keyUsage;
  if (!ku) {
    dsCheck = pass('DS certificate has no keyUsage extension (9303-12 requires digitalSignature)');
    warnings.push('DS certificate lacks the keyUsage extension');
  } else dsCheck = ku.digitalSignature ? pass('DS keyUsage includes digitalSignature') : fail('DS keyUsage lacks digitalSignature');
  let cscaCheck: PkiCheck;
  const cku = csca.extensions.keyUsage;
  const bc = csca.extensions.basicConstraints;
  if (bc && !bc.ca) cscaCheck = fail('CSCA basicConstraints cA is false');
  else if (!cku) {
    cscaCheck = pass('CSCA certificate has no keyUsage extension');
    warnings.push('CSCA certificate lacks the keyUsage extension');
  } else cscaCheck = cku.keyCertSign ? pass('CSCA keyUsage includes keyCertSign') : fail('CSCA keyUsage lacks keyCertSign');
  return { ds: dsCheck, csca: cscaCheck };
}

function crlCheck(ds: Certificate, trust: IssuerSource, opts: ChainOptions, warnings: string[]): PkiCheck {
  const crls = trust.crlsFor(ds.issuer);
  if (crls.length === 0) return notPerformed(`no CRL from "${ds.issuer.text}" in the trust store`);
  // A CRL may be signed by any key generation of the CSCA (9303-12 §7.1.4): try every certificate of that name.
  const verified: Crl[] = [];
  for (const crl of crls) {
    const signers = trust.findIssuers(crl.issuer, crl.authorityKeyId);
    const ok = signers.some((s) => verifySignature({ alg: crl.signatureAlgorithm, key: s.publicKey, data: crl.tbs, signature: crl.signature }).status === 'pass');
    if (ok) verified.push(crl);
    else warnings.push(`CRL ${crl.fingerprint.slice(0, 16)} from "${crl.issuer.text}" has no valid CSCA signature; ignored`);
  }
  if (verified.length === 0) return notPerformed('no CRL with a valid CSCA signature');
  for (const crl of verified) {
    const hit = crl.revoked.find((r) => r.serialHex === ds.serialHex);
    if (hit) return fail(`DS certificate (serial ${ds.serialHex}) is revoked since ${day(hit.revocationDate)}`);
  }
  const newest = verified.reduce((a, b) => (b.thisUpdate > a.thisUpdate ? b : a));
  if (newest.nextUpdate && newest.nextUpdate < opts.at) {
    const msg = `newest CRL is stale (nextUpdate ${day(newest.nextUpdate)})`;
    if ((opts.staleCrl ?? 'warn') === 'fail') return fail(msg);
    warnings.push(msg);
    return pass(`DS not revoked; ${msg}`);
  }
  return pass(`DS not revoked (CRL of ${day(newest.thisUpdate)})`);
}

/** Validates DS → CSCA at `opts.at`. */
export function validateChain(ds: Certificate, opts: ChainOptions): ChainResult {
  const warnings: string[] = [];
  const checks: { name: string; check: PkiCheck }[] = [];
  const path: ChainLink[] = [link(ds, 'DS')];
  const candidates = opts.trust.findIssuers(ds.issuer, ds.extensions.authorityKeyId);
  if (candidates.length === 0) {
    return { status: 'not_performed', reason: `no CSCA "${ds.issuer.text}" in the trust store`, path, checks, warnings };
  }
  // Several certificates may carry the issuing key (a self-signed CSCA and its link certificate, re-issues):
  // prefer one valid at `at`, then a self-signed one.
  let csca: Certificate | undefined;
  let last: PkiCheck | undefined;
  let best = -1;
  for (const c of candidates) {
    const r = signedBy(ds, c);
    if (r.status !== 'pass') {
      if (!csca) last = r;
      continue;
    }
    const score = (opts.at >= c.notBefore && opts.at <= c.notAfter ? 2 : 0) + (c.issuer.key === c.subject.key ? 1 : 0);
    if (score > best) {
      best = score;
      csca = c;
      last = r;
    }
  }
  if (!csca) {
    const r = `DS certificate signature does not verify with any of ${candidates.length} CSCA certificate(s) of "${ds.issuer.text}"`;
    const st: PkiStatus = last?.status === 'not_performed' && candidates.length === 1 ? 'not_performed' : 'fail';
    checks.push({ name: 'dsSignature', check: st === 'fail' ? fail(r, last?.algorithm) : notPerformed(last?.reason ?? r, last?.algorithm) });
    return { status: st, reason: st === 'fail' ? r : (last?.reason ?? r), path, checks, warnings };
  }
  checks.push({ name: 'dsSignature', check: { ...last!, reason: `DS certificate signed by CSCA serial ${csca.serialHex}: ${last!.reason}` } });
  const selfSigned = csca.issuer.key === csca.subject.key && signedBy(csca, csca).status === 'pass';
  path.push(link(csca, selfSigned ? 'CSCA' : 'CSCA (link)'));
  if (!selfSigned) {
    const prev = opts.trust.findIssuers(csca.issuer, csca.extensions.authorityKeyId).find((p) => p !== csca && signedBy(csca!, p).status === 'pass');
    if (prev) {
      path.push(link(prev, 'CSCA'));
      checks.push({ name: 'linkCertificate', check: pass(`link certificate verified by CSCA serial ${prev.serialHex}`) });
    } else warnings.push('CSCA is a link certificate whose predecessor is not in the trust store (trusted as an anchor)');
  }
  checks.push({ name: 'dsValidity', check: validityCheck(ds, 'DS', opts.at) });
  checks.push({ name: 'cscaValidity', check: validityCheck(csca, 'CSCA', opts.at) });
  const ku = keyUsageChecks(ds, csca, warnings);
  checks.push({ name: 'dsKeyUsage', check: ku.ds });
  checks.push({ name: 'cscaKeyUsage', check: ku.csca });
  checks.push({ name: 'country', check: countryCheck(ds, csca, opts.issuingState) });
  checks.push({ name: 'revocation', check: crlCheck(ds, opts.trust, opts, warnings) });
  const failed = checks.find((c) => c.check.status === 'fail');
  if (failed) return { status: 'fail', reason: failed.check.reason, path, checks, warnings, csca };
  return { status: 'pass', reason: `DS chains to CSCA "${csca.subject.text}" (serial ${csca.serialHex})`, path, checks, warnings, csca };
}

/** An IssuerSource over plain lists (tests, or certificates shipped beside the app). */
export function issuersFrom(certs: Certificate[], crls: Crl[] = []): IssuerSource {
  return {
    findIssuers: (issuer, aki) => rankIssuers(certs.filter((c) => c.subject.key === issuer.key), aki),
    crlsFor: (issuer) => crls.filter((c) => c.issuer.key === issuer.key),
  };
}

/** Orders candidate issuers: SKI = AKI first. */
export function rankIssuers(cands: Certificate[], aki: Uint8Array | undefined): Certificate[] {
  if (!aki) return cands;
  const hex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  const a = hex(aki);
  const score = (c: Certificate): number => (c.extensions.subjectKeyId && hex(c.extensions.subjectKeyId) === a ? 0 : 1);
  return [...cands].sort((x, y) => score(x) - score(y));
}
