/**
 * The verdict, computed by the kiosk itself, offline. The tiers (their names, labels and reason codes are
 * the tier table in contract/tiers.ts), each a coded Check worded from that table:
 *  1. chipDataIntact — EF.SOD signature and signed attributes, every data group read matches its hash;
 *  2. chipGenuine    — Chip Authentication, Active Authentication or PACE-CAM passed;
 *  3. issuerTrusted  — the document signer chains to a trusted CSCA, not revoked;
 *  4. documentValid  — not expired; DG1, DG13 and what staff entered (ID, QR) agree;
 *  5. onlineConfirmed — reserved for an optional online check.
 * `verified` only when 1–4 pass; otherwise `not_verified`.
 */
import type { DocumentReport } from '../emrtd/document.js';
import type { Mrz } from '../emrtd/mrz.js';
import type { RawFiles, ReadResult } from '../emrtd/read.js';
import type { Outcome } from '../emrtd/outcome.js';
import { asChipIdError } from '../emrtd/errors.js';
import { verifySod, type SodVerification } from '../pki/sod.js';
import type { IssuerSource } from '../pki/chain.js';
import { reasonText, type CheckStatus, type Checks, type CodedCheck as Check, type GenuineVia, type ReasonCode, type ReasonParams, type TierName, type Verdict } from '../contract/tiers.js';
import type { KeyPlan } from './access-keys.js';

export interface VerifyContext {
  report: DocumentReport;
  mrz: Mrz | undefined;
  plan?: KeyPlan;
  now: Date;
  trust?: IssuerSource;
  /** The tiers that must pass for `verified`: the counter's workflow's (default REQUIRED_TIERS, verify-only). */
  requiredTiers?: readonly TierName[];
}

/** What a check found, before it is worded: a code, its parameters, further codes, technical detail. */
interface Finding {
  code: ReasonCode;
  params?: ReasonParams;
  also?: { code: ReasonCode; params?: ReasonParams }[];
  detail?: string;
  algorithm?: string;
}

/** A finding → a Check worded in English and Vietnamese from the one reason table. */
export function check(status: CheckStatus, f: Finding): Check {
  const parts = [{ code: f.code, ...(f.params ? { params: f.params } : {}) }, ...(f.also ?? [])];
  return {
    status,
    code: f.code,
    ...(f.params ? { params: f.params } : {}),
    ...(f.also?.length ? { also: f.also } : {}),
    reason: parts.map((p) => reasonText(p.code, p.params, 'en')).join('; '),
    reasonVi: parts.map((p) => reasonText(p.code, p.params, 'vi')).join(' '),
    ...(f.detail ? { detail: f.detail } : {}),
    ...(f.algorithm ? { algorithm: f.algorithm } : {}),
  };
}
const np = (code: ReasonCode, more: Omit<Finding, 'code'> = {}): Check => check('not_performed', { code, ...more });

/** The baseline a verified read means: the verify-only workflow's tiers, and the default of verifyRead. */
export const REQUIRED_TIERS: readonly TierName[] = ['chipDataIntact', 'chipGenuine', 'issuerTrusted', 'documentValid'];

export function verifyRead(raw: Pick<ReadResult, 'files' | 'evidence'>, ctx: VerifyContext): { checks: Checks; verdict: Verdict } {
  const pa = passiveAuthentication(raw.files, ctx);
  const ca = protocolCheck(raw.evidence.chipAuthentication, 'CA');
  const aa = protocolCheck(raw.evidence.activeAuthentication, 'AA');
  const cam = raw.evidence.paceCam ? protocolCheck(raw.evidence.paceCam, 'PACE-CAM') : undefined;
  const checks: Checks = {
    chipDataIntact: pa.intact,
    chipGenuine: chipGenuine([...(cam ? [cam] : []), ca, aa]),
    issuerTrusted: pa.issuer,
    documentValid: documentValid(ctx),
    onlineConfirmed: np('ONLINE_NOT_CONFIGURED'),
    // The protocol checks behind chipGenuine.
    chipAuthentication: ca.check,
    activeAuthentication: aa.check,
    ...(cam ? { paceCam: cam.check } : {}),
  };
  return { checks, verdict: verdictOf(checks, ctx.requiredTiers) };
}

/** `verified` when every required tier passed. */
export function verdictOf(checks: Checks, required: readonly TierName[] = REQUIRED_TIERS): Verdict {
  return required.every((t) => checks[t].status === 'pass') ? 'verified' : 'not_verified';
}

/** The failing tiers, for "not verified because …". */
export function failingTiers(checks: Checks, required: readonly TierName[] = REQUIRED_TIERS): string[] {
  return required.filter((t) => checks[t].status !== 'pass');
}

function passiveAuthentication(files: RawFiles, ctx: VerifyContext): { intact: Check; issuer: Check } {
  if (!files.sod) return { intact: check('fail', { code: 'SOD_NOT_READ' }), issuer: np('NO_DOCUMENT_SIGNER') };
  let v: SodVerification;
  try {
    v = verifySod(files.sod, {
      dataGroups: files.dataGroups,
      ...(ctx.trust ? { chain: { trust: ctx.trust, at: ctx.now, ...(ctx.mrz ? { issuingState: ctx.mrz.issuingState } : {}) } } : {}),
    });
  } catch (e) {
    return { intact: check('fail', { code: 'SOD_UNREADABLE', detail: asChipIdError(e).message }), issuer: np('NO_DOCUMENT_SIGNER') };
  }
  const algorithm = `${v.signature.algorithm ?? v.signer?.signatureAlgorithm.name ?? 'signature'}; DG hashes ${v.lds.hashAlgorithm}`;
  let intact: Check;
  if (v.signature.status !== 'pass') intact = check('fail', { code: 'SOD_SIGNATURE_INVALID', detail: v.signature.reason, algorithm });
  else if (v.signedAttributes.status !== 'pass') intact = check('fail', { code: 'SOD_CONTENT_INVALID', detail: v.signedAttributes.reason, algorithm });
  else if (v.hashes.status === 'fail') {
    const bad = v.perDg.filter((d) => d.status === 'fail');
    const codes = bad.map((d) => ({ code: (v.lds.hashes.has(d.dg) ? 'DG_HASH_MISMATCH' : 'DG_NOT_SIGNED') as ReasonCode, params: { dg: d.dg } }));
    intact = check('fail', { ...codes[0]!, ...(codes.length > 1 ? { also: codes.slice(1) } : {}), detail: v.hashes.reason, algorithm });
  } else if (v.hashes.status !== 'pass') intact = np('DG_NONE_CHECKED', { detail: v.hashes.reason, algorithm });
  else intact = check('pass', { code: 'SOD_VALID', detail: v.hashes.reason, algorithm });
  return { intact, issuer: issuerTrusted(v, ctx) };
}

/** The chain's failing step (by name) → its code. */
const CHAIN_CODES: Record<string, ReasonCode> = {
  dsSignature: 'DS_SIGNATURE_INVALID',
  dsValidity: 'CERT_NOT_VALID',
  cscaValidity: 'CERT_NOT_VALID',
  dsKeyUsage: 'CERT_KEY_USAGE',
  cscaKeyUsage: 'CERT_KEY_USAGE',
  country: 'COUNTRY_MISMATCH',
  revocation: 'DS_REVOKED',
};

function issuerTrusted(v: SodVerification, ctx: VerifyContext): Check {
  const c = v.chain;
  const detail = [c.reason, ...c.warnings.map((w) => `warning: ${w}`)].join('; ');
  if (!ctx.trust) return np('NO_TRUST_STORE');
  if (c.status === 'pass') {
    const csca = c.path.find((l) => l.role !== 'DS');
    return check('pass', { code: 'ISSUER_TRUSTED', ...(csca ? { params: { csca: csca.subject } } : {}), detail });
  }
  if (!v.dsCertificate) return np('NO_DOCUMENT_SIGNER', { detail });
  const ds = c.path.find((l) => l.role === 'DS');
  if (c.checks.length === 0) return np('CSCA_UNKNOWN', { ...(ds ? { params: { csca: ds.issuer } } : {}), detail });
  const failed = c.checks.find((x) => x.check.status === c.status);
  let code: ReasonCode = (failed && CHAIN_CODES[failed.name]) ?? 'CHAIN_FAILED';
  if (c.status !== 'fail') return np('DS_SIGNATURE_NOT_CHECKED', { detail });
  if (code === 'DS_REVOKED' && !/revoked/i.test(failed?.check.reason ?? '')) code = 'CRL_STALE';
  return check('fail', { code, detail });
}

interface Protocol {
  via: GenuineVia;
  check: Check;
}
const PROTOCOL_CODES: Record<GenuineVia, { pass: ReasonCode; fail: ReasonCode; absent: ReasonCode; np: ReasonCode }> = {
  CA: { pass: 'CA_PASSED', fail: 'CA_FAILED', absent: 'CA_NOT_OFFERED', np: 'CA_NOT_PERFORMED' },
  AA: { pass: 'AA_PASSED', fail: 'AA_FAILED', absent: 'AA_NOT_OFFERED', np: 'AA_NOT_PERFORMED' },
  'PACE-CAM': { pass: 'PACE_CAM_PASSED', fail: 'PACE_CAM_FAILED', absent: 'PACE_CAM_NOT_PERFORMED', np: 'PACE_CAM_NOT_PERFORMED' },
};

/** The protocol layer's outcome → a coded check; its own words become the detail. */
function protocolCheck(e: Outcome | undefined, via: GenuineVia): Protocol {
  const codes = PROTOCOL_CODES[via];
  if (!e) return { via, check: np(codes.absent) };
  const { status, reason, algorithm } = e;
  const more = { ...(reason ? { detail: reason } : {}), ...(algorithm !== undefined ? { algorithm } : {}) };
  if (status === 'pass') return { via, check: check('pass', { code: codes.pass, ...more }) };
  if (status === 'fail') return { via, check: check('fail', { code: codes.fail, ...more }) };
  const absent = /offers no|no DG1[45]|^no DG15$|replaced|without Chip Authentication Mapping/i.test(reason);
  return { via, check: np(absent ? codes.absent : codes.np, more) };
}

function chipGenuine(found: Protocol[]): Check {
  const failed = found.find((p) => p.check.status === 'fail');
  if (failed) return check('fail', { code: failed.check.code, ...(failed.check.detail ? { detail: failed.check.detail } : {}), ...(failed.check.algorithm ? { algorithm: failed.check.algorithm } : {}) });
  const passed = found.filter((p) => p.check.status === 'pass');
  if (passed.length) {
    const algorithm = passed.map((p) => p.check.algorithm).filter(Boolean).join('; ');
    return check('pass', { code: 'CHIP_GENUINE', params: { via: passed.map((p) => p.via) }, ...(algorithm ? { algorithm } : {}) });
  }
  const detail = found.map((p) => `${p.via}: ${p.check.detail ?? p.check.code}`).join('; ');
  const offered = found.some((p) => !p.check.code.endsWith('_NOT_OFFERED'));
  return np(offered ? 'GENUINE_NOT_CHECKED' : 'GENUINE_NOT_OFFERED', { detail });
}

/** documentValid. Its reasons carry no technical detail: the values behind them are the holder's. */
function documentValid(ctx: VerifyContext): Check {
  const id = ctx.report.identity;
  const mrz = ctx.mrz;
  const problems: { code: ReasonCode; params?: ReasonParams }[] = [];
  const today = ctx.now.toISOString().slice(0, 10);
  if (!mrz) return np('MRZ_NOT_READ');
  if (id.dateOfExpiry && id.dateOfExpiry < today) problems.push({ code: 'EXPIRED', params: { date: id.dateOfExpiry } });
  // DG1 and DG13 must describe the same person (DG13 wins in the report, so compare with the MRZ).
  if (mrz.cccdIdNumber && id.idNumber && mrz.cccdIdNumber !== id.idNumber) problems.push({ code: 'DG13_ID_MISMATCH' });
  if (id.dateOfBirth && mrzDate(mrz.dateOfBirth) && mrzDate(mrz.dateOfBirth) !== id.dateOfBirth.slice(2).replace(/-/g, '')) problems.push({ code: 'DG13_DOB_MISMATCH' });
  if (id.sex && (mrz.sex === 'M' || mrz.sex === 'F') && id.sex !== mrz.sex) problems.push({ code: 'DG13_SEX_MISMATCH' });
  if (id.fullName && !namesAgree(mrz, id.fullName)) problems.push({ code: 'DG13_NAME_MISMATCH' });
  const plan = ctx.plan;
  if (plan?.enteredId && id.idNumber && plan.enteredId !== id.idNumber) problems.push({ code: 'ENTERED_ID_MISMATCH' });
  if (plan?.qr && plan.qr.layout === 'cccd-2021') {
    if (id.dateOfBirth && plan.qr.dateOfBirth !== id.dateOfBirth) problems.push({ code: 'QR_DOB_MISMATCH' });
    if (id.fullName && plan.qr.fullName.normalize('NFC').toLocaleUpperCase('vi') !== id.fullName.normalize('NFC').toLocaleUpperCase('vi')) problems.push({ code: 'QR_NAME_MISMATCH' });
  }
  if (problems.length) return check('fail', { ...problems[0]!, ...(problems.length > 1 ? { also: problems.slice(1) } : {}) });
  const agreed = ['DG1', ...(ctx.report.document.dataGroups.includes(13) ? ['DG13'] : []), ...(plan?.enteredId ? ['entered'] : []), ...(plan?.qr ? ['QR'] : [])];
  return id.dateOfExpiry ? check('pass', { code: 'VALID_UNTIL', params: { date: id.dateOfExpiry, agreed } }) : check('pass', { code: 'NO_EXPIRY', params: { agreed } });
}

/** MRZ letters of a Vietnamese name (9303-3 §6: no diacritics, Đ → D), spaces for separators. */
export function mrzLetters(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[Đđ]/g, 'D')
    .toUpperCase()
    .replace(/[^A-Z]+/g, ' ')
    .trim();
}

/** The MRZ name may be truncated (TD1 has 30 characters): one must be a prefix of the other. */
function namesAgree(mrz: Mrz, fullName: string): boolean {
  const fromMrz = mrzLetters([mrz.primaryIdentifier, mrz.secondaryIdentifier ?? ''].join(' ')).replace(/ /g, '');
  const fromDg13 = mrzLetters(fullName).replace(/ /g, '');
  if (!fromMrz || !fromDg13) return true;
  return fromDg13.startsWith(fromMrz) || fromMrz.startsWith(fromDg13);
}

const mrzDate = (yymmdd: string): string | undefined => (/^\d{6}$/.test(yymmdd) ? yymmdd : undefined);
