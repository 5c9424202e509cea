/**
 * The verdict, computed by the kiosk itself, offline. Tiers, each { status: pass|fail|not_performed, reason }:
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
import { asChipIdError } from '../emrtd/errors.js';
import { verifySod } from '../pki/sod.js';
import type { IssuerSource } from '../pki/chain.js';
import type { KeyPlan } from './access-keys.js';
import { reasonVi } from './reasons-vi.js';

export type CheckStatus = 'pass' | 'fail' | 'not_performed';
export interface Check {
  status: CheckStatus;
  reason: string;
  /** The same in plain Vietnamese, for the people at the counter. */
  reasonVi?: string;
  algorithm?: string;
}
export interface Checks {
  chipDataIntact: Check;
  chipGenuine: Check;
  issuerTrusted: Check;
  documentValid: Check;
  onlineConfirmed: Check;
  [k: string]: Check;
}
export type Verdict = 'verified' | 'not_verified' | 'error';

export interface VerifyContext {
  report: DocumentReport;
  mrz: Mrz | undefined;
  plan?: KeyPlan;
  now: Date;
  trust?: IssuerSource;
}

const np = (reason: string): Check => ({ status: 'not_performed', reason });
export const REQUIRED_TIERS = ['chipDataIntact', 'chipGenuine', 'issuerTrusted', 'documentValid'] as const;

export function verifyRead(raw: Pick<ReadResult, 'files' | 'evidence'>, ctx: VerifyContext): { checks: Checks; verdict: Verdict } {
  const pa = passiveAuthentication(raw.files, ctx);
  const checks: Checks = {
    chipDataIntact: pa.intact,
    chipGenuine: chipGenuine(raw.evidence),
    issuerTrusted: pa.issuer,
    documentValid: documentValid(ctx),
    onlineConfirmed: np('no online confirmation configured (the verdict is the kiosk’s own, offline)'),
    // The protocol checks behind chipGenuine, each { status, reason, algorithm? }.
    chipAuthentication: evidenceCheck(raw.evidence.chipAuthentication, 'the chip offers no Chip Authentication (no DG14 key) or PACE-CAM replaced it'),
    activeAuthentication: evidenceCheck(raw.evidence.activeAuthentication, 'the chip offers no Active Authentication (no DG15)'),
  };
  if (raw.evidence.paceCam) checks.paceCam = evidenceCheck(raw.evidence.paceCam, '');
  for (const [k, c] of Object.entries(checks)) c.reasonVi = reasonVi(k, c);
  const verdict: Verdict = REQUIRED_TIERS.every((t) => checks[t].status === 'pass') ? 'verified' : 'not_verified';
  return { checks, verdict };
}

/** The failing tiers, for "not verified because …". */
export function failingTiers(checks: Checks): string[] {
  return REQUIRED_TIERS.filter((t) => checks[t].status !== 'pass');
}

function passiveAuthentication(files: RawFiles, ctx: VerifyContext): { intact: Check; issuer: Check } {
  if (!files.sod) return { intact: { status: 'fail', reason: 'EF.SOD was not read' }, issuer: np('no EF.SOD, so no document signer') };
  try {
    const v = verifySod(files.sod, {
      dataGroups: files.dataGroups,
      ...(ctx.trust ? { chain: { trust: ctx.trust, at: ctx.now, ...(ctx.mrz ? { issuingState: ctx.mrz.issuingState } : {}) } } : {}),
    });
    const alg = `${v.signature.algorithm ?? v.signer?.signatureAlgorithm.name ?? 'signature'}; DG hashes ${v.lds.hashAlgorithm}`;
    let intact: Check;
    if (v.signature.status !== 'pass') intact = { status: 'fail', reason: `EF.SOD signature: ${v.signature.reason}`, algorithm: alg };
    else if (v.signedAttributes.status !== 'pass') intact = { status: 'fail', reason: `EF.SOD signed content: ${v.signedAttributes.reason}`, algorithm: alg };
    else if (v.hashes.status !== 'pass') intact = { status: v.hashes.status === 'fail' ? 'fail' : 'not_performed', reason: v.hashes.reason, algorithm: alg };
    else intact = { status: 'pass', reason: `EF.SOD signature valid; ${v.hashes.reason}`, algorithm: alg };
    let issuer: Check;
    if (!ctx.trust) issuer = np('no trust store configured');
    else if (v.chain.status === 'pass') {
      const csca = v.chain.path.find((l) => l.role !== 'DS');
      issuer = { status: 'pass', reason: `document signer chains to ${csca?.subject ?? 'a trusted CSCA'}${v.chain.warnings.length ? ` (warning: ${v.chain.warnings.join('; ')})` : ''}` };
    } else issuer = { status: v.chain.status, reason: v.chain.reason };
    return { intact, issuer };
  } catch (e) {
    const err = asChipIdError(e);
    return { intact: { status: 'fail', reason: `EF.SOD unreadable: ${err.message}` }, issuer: np('EF.SOD unreadable') };
  }
}

function evidenceCheck(e: unknown, absent: string): Check {
  if (e && typeof e === 'object' && 'status' in e) {
    const c = e as Check;
    return { status: c.status, reason: c.reason, ...(c.algorithm ? { algorithm: c.algorithm } : {}) };
  }
  return np(absent);
}

function chipGenuine(evidence: Record<string, unknown>): Check {
  const order = ['paceCam', 'chipAuthentication', 'activeAuthentication'] as const;
  const found = order.map((k) => [k, evidence[k] as Check | undefined] as const).filter(([, c]) => c && typeof c === 'object' && 'status' in c);
  const failed = found.find(([, c]) => c!.status === 'fail');
  if (failed) return { status: 'fail', reason: `${label(failed[0])}: ${failed[1]!.reason}`, ...(failed[1]!.algorithm ? { algorithm: failed[1]!.algorithm } : {}) };
  const passed = found.filter(([, c]) => c!.status === 'pass');
  if (passed.length) return { status: 'pass', reason: passed.map(([k, c]) => `${label(k)} passed${c!.algorithm ? ` (${c!.algorithm})` : ''}`).join('; ') };
  const why = found.map(([k, c]) => `${label(k)}: ${c!.reason}`).join('; ');
  return np(why || 'the chip offers no Chip Authentication or Active Authentication');
}

const label = (k: string): string => ({ paceCam: 'PACE-CAM', chipAuthentication: 'Chip Authentication', activeAuthentication: 'Active Authentication' })[k] ?? k;

function documentValid(ctx: VerifyContext): Check {
  const id = ctx.report.identity;
  const mrz = ctx.mrz;
  const problems: string[] = [];
  const today = ctx.now.toISOString().slice(0, 10);
  if (!mrz) return np('DG1 (MRZ) was not read');
  if (id.dateOfExpiry && id.dateOfExpiry < today) problems.push(`document expired on ${id.dateOfExpiry}`);
  // DG1 and DG13 must describe the same person (DG13 wins in the report, so compare with the MRZ).
  if (mrz.cccdIdNumber && id.idNumber && mrz.cccdIdNumber !== id.idNumber) problems.push('DG13 ID number differs from DG1');
  if (id.dateOfBirth && mrzDate(mrz.dateOfBirth) && mrzDate(mrz.dateOfBirth) !== id.dateOfBirth.slice(2).replace(/-/g, '')) problems.push('DG13 date of birth differs from DG1');
  if (id.sex && (mrz.sex === 'M' || mrz.sex === 'F') && id.sex !== mrz.sex) problems.push('DG13 sex differs from DG1');
  if (id.fullName && !namesAgree(mrz, id.fullName)) problems.push('DG13 name differs from the MRZ name in DG1');
  const plan = ctx.plan;
  if (plan?.enteredId && id.idNumber && plan.enteredId !== id.idNumber) problems.push('the ID number entered does not match the chip');
  if (plan?.qr && plan.qr.layout === 'cccd-2021') {
    if (id.dateOfBirth && plan.qr.dateOfBirth !== id.dateOfBirth) problems.push('the QR date of birth does not match the chip');
    if (id.fullName && plan.qr.fullName.normalize('NFC').toLocaleUpperCase('vi') !== id.fullName.normalize('NFC').toLocaleUpperCase('vi')) problems.push('the QR name does not match the chip');
  }
  if (problems.length) return { status: 'fail', reason: problems.join('; ') };
  const agreed = ['DG1', ...(ctx.report.document.dataGroups.includes(13) ? ['DG13'] : []), ...(plan?.enteredId ? ['the ID entered'] : []), ...(plan?.qr ? ['the QR'] : [])];
  return { status: 'pass', reason: `${id.dateOfExpiry ? `valid until ${id.dateOfExpiry}` : 'no expiry date'}; ${agreed.join(', ')} agree` };
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
