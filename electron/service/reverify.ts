/**
 * Re-verification of a saved read (chipid verify DUMP), offline, trusting the file for nothing it cannot
 * prove:
 *  - chipDataIntact and issuerTrusted are re-proved from the bytes (passive authentication);
 *  - Active Authentication is re-proved from the stored challenge and signature against DG15;
 *  - Chip Authentication and PACE-CAM cannot be re-proved offline (they prove a live session): what the
 *    reading kiosk recorded is reported as "recorded by the reading kiosk", which is not a pass — unless a
 *    kiosk signature the verifier trusts covers the dump; a recorded failure always counts;
 *  - the check date is the one given (--at), else the dump's createdAt under a trusted signature, else now;
 *  - a signature that does not verify fails the dump.
 */
import { describeDocument, type DocumentReport } from '../emrtd/document.js';
import { verifySavedActiveAuthentication } from '../emrtd/aa/saved.js';
import type { IssuerSource } from '../pki/chain.js';
import { checkDocumentSignature, type KioskPublicKey, type SignatureCheck } from './kiosk-signature.js';
import type { Evidence } from '../emrtd/read.js';
import type { Outcome } from '../emrtd/outcome.js';
import type { Checks, CodedCheck as Check, Verdict } from '../contract/tiers.js';
import { dumpFiles, type ReadDump, type RecordedCheck } from './read-card.js';
import { check, verifyRead } from './verify.js';

/** The checks a saved read holds only as the reading kiosk's record (or, for AA, as bytes to re-prove). */
type RecordedName = 'chipAuthentication' | 'paceCam' | 'activeAuthentication';

export interface ReverifyOptions {
  /** CSCAs for the chain (none: issuerTrusted not performed). */
  trust?: IssuerSource;
  /** The verifier's chosen check date (--at). */
  at?: Date;
  /** Kiosk keys whose signature vouches for what cannot be re-proved. */
  kioskKeys: readonly KioskPublicKey[];
  now?: Date;
}

export type CheckDateSource = 'given' | 'signed createdAt' | 'now';

export interface ReverifyResult {
  document: DocumentReport['document'];
  identity: DocumentReport['identity'];
  access: ReadDump['access'];
  /** verifyRead's checks (CA and AA always present) plus `kioskSignature`. */
  checks: Checks & Record<'chipAuthentication' | 'activeAuthentication' | 'kioskSignature', Check>;
  verdict: Verdict;
  verifiedAt: string;
  reverification: {
    checkDateSource: CheckDateSource;
    signature: SignatureCheck;
    /** Checks computed here from the dump's bytes. */
    reproved: ('chipDataIntact' | 'issuerTrusted' | 'documentValid' | 'activeAuthentication')[];
    /** Checks taken from the reading kiosk's record: under a trusted signature they count, else they do not. */
    recorded: RecordedName[];
    vouchedBySignature: boolean;
    /** Files no issuer signature covers (EF.COM, EF.CardAccess): shown, but proof of nothing unless vouched for. */
    notCovered: string[];
  };
}

/**
 * A claim of the reading kiosk, as protocol evidence for verifyRead: under a trusted signature it counts as
 * recorded; otherwise only a recorded failure counts (a recorded pass is marked afterwards as not re-provable).
 */
function recordedClaim(c: RecordedCheck, vouched: SignatureCheck | undefined, why = 'not re-provable offline'): Outcome {
  // Only the outcome: a dump's AA bytes are base64 text, not the protocol's challenge and signature.
  const claim = (status: Outcome['status'], reason: string): Outcome => ({ status, reason, ...(c.algorithm !== undefined ? { algorithm: c.algorithm } : {}) });
  if (vouched?.status === 'trusted') return claim(c.status, `recorded by the reading kiosk and covered by its trusted signature (key ${vouched.keyId}): ${c.reason}`);
  if (c.status === 'pass') return claim('not_performed', `recorded by the reading kiosk: pass (${why})`);
  return claim(c.status, `recorded by the reading kiosk: ${c.reason}`);
}

const SIGNATURE_CODES = { trusted: 'KIOSK_SIGNATURE_TRUSTED', invalid: 'KIOSK_SIGNATURE_INVALID', untrusted: 'KIOSK_SIGNATURE_UNTRUSTED', absent: 'KIOSK_SIGNATURE_ABSENT' } as const;

export function reverifyDump(dump: ReadDump, opts: ReverifyOptions): ReverifyResult {
  const signature = checkDocumentSignature(dump, dump.signature, opts.kioskKeys);
  const vouched = signature.status === 'trusted' ? signature : undefined;
  const checkDateSource: CheckDateSource = opts.at ? 'given' : vouched ? 'signed createdAt' : 'now';
  const at = opts.at ?? (vouched ? new Date(dump.createdAt) : (opts.now ?? new Date()));

  const files = dumpFiles(dump);
  const described = describeDocument(files, dump.access, at);
  const evidence: Evidence = {};
  const reproved: ReverifyResult['reverification']['reproved'] = ['chipDataIntact', 'issuerTrusted', 'documentValid'];
  const recorded: RecordedName[] = [];
  for (const k of ['chipAuthentication', 'paceCam'] as const) {
    const c = dump.evidence[k];
    if (!c) continue;
    evidence[k] = recordedClaim(c, vouched);
    recorded.push(k);
  }
  const aa = dump.evidence.activeAuthentication;
  const dg15 = files.dataGroups.get(15);
  if (aa?.challenge !== undefined && aa.signature !== undefined && dg15) {
    const b = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64'));
    const r = verifySavedActiveAuthentication(dg15, files.dataGroups.get(14), b(aa.challenge), b(aa.signature));
    evidence.activeAuthentication = {
      status: r.status,
      reason: `re-proved offline from the stored challenge and the chip’s signature against DG15: ${r.reason}`,
      ...(r.algorithm ? { algorithm: r.algorithm } : {}),
    };
    reproved.push('activeAuthentication');
  } else if (aa) {
    evidence.activeAuthentication = recordedClaim(aa, vouched, `not re-provable offline: ${dg15 ? 'no stored challenge and signature' : 'DG15 is not in the dump'}`);
    recorded.push('activeAuthentication');
  }

  const { checks, verdict: base } = verifyRead({ files, evidence }, { report: described.report, mrz: described.mrz, now: at, ...(opts.trust ? { trust: opts.trust } : {}) });
  // What stands only on the reading kiosk's record is worded as such: a pass under its trusted signature,
  // otherwise not a pass (a recorded failure keeps its own wording).
  for (const k of recorded) {
    const c = checks[k];
    if (!c || c.status === 'fail') continue;
    const keep = { ...(c.detail ? { detail: c.detail } : {}), ...(c.algorithm ? { algorithm: c.algorithm } : {}) };
    if (c.status === 'pass' && vouched) checks[k] = check('pass', { code: 'RECORDED_VOUCHED', ...keep });
    else if (evidence[k]?.reason.startsWith('recorded by the reading kiosk: pass')) checks[k] = check('not_performed', { code: 'RECORDED_NOT_REPROVABLE', ...keep });
  }
  const kioskSignature = check(signature.status === 'trusted' ? 'pass' : signature.status === 'invalid' ? 'fail' : 'not_performed', {
    code: SIGNATURE_CODES[signature.status],
    detail: signature.reason,
    ...(signature.status === 'trusted' || signature.status === 'invalid' ? { algorithm: 'Ed25519' } : {}),
  });
  const verdict: Verdict = signature.status === 'invalid' ? 'not_verified' : base;
  const chipAuthentication = checks.chipAuthentication ?? check('not_performed', { code: 'CA_NOT_OFFERED' });
  const activeAuthentication = checks.activeAuthentication ?? check('not_performed', { code: 'AA_NOT_OFFERED' });
  return {
    document: described.report.document,
    identity: described.report.identity,
    access: dump.access,
    checks: { ...checks, chipAuthentication, activeAuthentication, kioskSignature },
    verdict,
    verifiedAt: at.toISOString(),
    reverification: {
      checkDateSource,
      signature,
      reproved,
      recorded,
      vouchedBySignature: vouched !== undefined,
      notCovered: vouched ? [] : [...(files.com ? ['EF.COM'] : []), ...(files.cardAccess ? ['EF.CardAccess'] : [])],
    },
  };
}
