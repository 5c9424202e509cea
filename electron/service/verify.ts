/**
 * The verdict: tiers chipDataIntact, chipGenuine, issuerTrusted, documentValid, onlineConfirmed, each
 * { status: pass|fail|not_performed, reason }; `verified` only when the first four pass.
 */
import type { DocumentReport } from '../emrtd/document.js';
import type { Mrz } from '../emrtd/mrz.js';
import type { ReadResult } from '../emrtd/read.js';
import type { KeyPlan } from './access-keys.js';

export type CheckStatus = 'pass' | 'fail' | 'not_performed';
export interface Check {
  status: CheckStatus;
  reason: string;
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
  plan: KeyPlan;
  now: Date;
  trust?: unknown;
}

const np = (reason: string): Check => ({ status: 'not_performed', reason });

export function verifyRead(_raw: ReadResult, ctx: VerifyContext): { checks: Checks; verdict: Verdict } {
  const checks: Checks = {
    chipDataIntact: np('passive authentication not available yet'),
    chipGenuine: np('chip authentication not available yet'),
    issuerTrusted: np('trust store not available yet'),
    documentValid: documentValid(ctx),
    onlineConfirmed: np('no online check configured'),
  };
  const tiers = ['chipDataIntact', 'chipGenuine', 'issuerTrusted', 'documentValid'] as const;
  const verdict: Verdict = tiers.every((t) => checks[t].status === 'pass') ? 'verified' : 'not_verified';
  return { checks, verdict };
}

function documentValid(ctx: VerifyContext): Check {
  const id = ctx.report.identity;
  const problems: string[] = [];
  if (id.dateOfExpiry && id.dateOfExpiry < ctx.now.toISOString().slice(0, 10)) problems.push('document expired');
  if (ctx.plan.enteredId && id.idNumber && ctx.plan.enteredId !== id.idNumber) problems.push('ID number entered does not match the chip');
  if (ctx.plan.qr && ctx.plan.qr.layout === 'cccd-2021' && id.dateOfBirth && ctx.plan.qr.dateOfBirth !== id.dateOfBirth) problems.push('QR date of birth does not match the chip');
  if (problems.length) return { status: 'fail', reason: problems.join('; ') };
  if (!id.idNumber && !ctx.mrz) return np('no document data read');
  return { status: 'pass', reason: id.dateOfExpiry ? `valid until ${id.dateOfExpiry}` : 'no expiry date on the document' };
}
