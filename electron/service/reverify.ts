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
import { dumpFiles, type ReadDump, type RecordedCheck } from './read-card.js';
import { verifyRead, type Check, type Checks, type Verdict } from './verify.js';

export interface ReverifyOptions {
  /** CSCAs for the chain (none: issuerTrusted not performed). */
  trust?: IssuerSource;
  /** The verifier's chosen check date (--at). */
  at?: Date;
  /** Kiosk keys whose signature vouches for what cannot be re-proved. */
  kioskKeys: readonly KioskPublicKey[];
  now?: Date;
}

const RECORDED = { chipAuthentication: 'Chip Authentication', paceCam: 'PACE-CAM', activeAuthentication: 'Active Authentication' } as const;

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
    reproved: string[];
    /** Checks taken from the reading kiosk's record: under a trusted signature they count, else they do not. */
    recorded: string[];
    vouchedBySignature: boolean;
    /** Files no issuer signature covers (EF.COM, EF.CardAccess): shown, but proof of nothing unless vouched for. */
    notCovered: string[];
  };
}

// Vietnamese for the reasons only re-verification gives (the read-time wording lives in reasons-vi.ts).
const VI = {
  vouched: 'Kiosk đọc thẻ đã ghi nhận kết quả này và ký số tệp; chữ ký được tin cậy nên kết quả được tính.',
  recordedPass: 'Kiosk đọc thẻ ghi nhận là đạt, nhưng không thể kiểm chứng lại khi không có thẻ: chưa tính là đạt.',
  recordedFail: 'Kiosk đọc thẻ ghi nhận là không đạt: có thể là thẻ sao chép.',
  recordedNone: 'Kiosk đọc thẻ ghi nhận là chưa kiểm tra.',
  aaPass: 'Chữ ký của chip trên thử thách đã lưu được kiểm chứng lại bằng khóa DG15 (Xác thực chủ động đạt).',
  aaFail: 'Chữ ký của chip trên thử thách đã lưu không khớp khóa DG15: thẻ sao chép hoặc tệp đã bị sửa.',
  trusted: 'Tệp có chữ ký số hợp lệ của một kiosk được tin cậy.',
  untrusted: 'Tệp được ký bởi một kiosk chưa được tin cậy ở đây; chỉ tính những gì kiểm chứng lại được từ dữ liệu.',
  absent: 'Tệp không có chữ ký của kiosk; chỉ tính những gì kiểm chứng lại được từ dữ liệu.',
  invalid: 'Chữ ký của kiosk trên tệp không hợp lệ: tệp đã bị sửa sau khi lưu. Không dùng tệp này làm bằng chứng.',
} as const;

/** A claim of the reading kiosk: counts under a trusted signature; otherwise only a recorded failure counts. */
function recordedClaim(c: RecordedCheck, vouched: SignatureCheck | undefined, why: string): Check {
  const alg = c.algorithm ? { algorithm: c.algorithm } : {};
  if (vouched?.status === 'trusted') return { status: c.status, reason: `recorded by the reading kiosk and covered by its trusted signature (key ${vouched.keyId}): ${c.status} — ${c.reason}`, reasonVi: VI.vouched, ...alg };
  if (c.status === 'pass') return { status: 'not_performed', reason: `recorded by the reading kiosk: pass (${why})`, reasonVi: VI.recordedPass, ...alg };
  if (c.status === 'fail') return { status: 'fail', reason: `recorded by the reading kiosk: fail — ${c.reason}`, reasonVi: VI.recordedFail, ...alg };
  return { status: 'not_performed', reason: `recorded by the reading kiosk: not performed — ${c.reason}`, reasonVi: VI.recordedNone };
}

export function reverifyDump(dump: ReadDump, opts: ReverifyOptions): ReverifyResult {
  const signature = checkDocumentSignature(dump, dump.signature, opts.kioskKeys);
  const vouched = signature.status === 'trusted' ? signature : undefined;
  const checkDateSource: CheckDateSource = opts.at ? 'given' : vouched ? 'signed createdAt' : 'now';
  const at = opts.at ?? (vouched ? new Date(dump.createdAt) : (opts.now ?? new Date()));

  const files = dumpFiles(dump);
  const described = describeDocument(files, dump.access, at);
  const evidence: Record<string, unknown> = {};
  const reproved = ['chipDataIntact', 'issuerTrusted', 'documentValid'];
  const recorded: string[] = [];
  for (const k of ['chipAuthentication', 'paceCam'] as const) {
    const c = dump.evidence[k];
    if (!c) continue;
    evidence[k] = recordedClaim(c, vouched, 'not re-provable offline');
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
      reasonVi: r.status === 'pass' ? VI.aaPass : VI.aaFail,
      ...(r.algorithm ? { algorithm: r.algorithm } : {}),
    };
    reproved.push('activeAuthentication');
  } else if (aa) {
    evidence.activeAuthentication = recordedClaim(aa, vouched, aa.status === 'pass' ? `not re-provable offline: ${dg15 ? 'no stored challenge and signature' : 'DG15 is not in the dump'}` : '');
    recorded.push('activeAuthentication');
  }

  const { checks, verdict: base } = verifyRead({ files, evidence }, { report: described.report, mrz: described.mrz, now: at, ...(opts.trust ? { trust: opts.trust } : {}) });
  // verifyRead words the read-time reasons; the claims and re-proofs above keep their own Vietnamese.
  for (const k of Object.keys(RECORDED)) {
    const vi = (evidence[k] as Check | undefined)?.reasonVi;
    if (vi && checks[k]) checks[k].reasonVi = vi;
  }
  const kioskSignature: Check =
    signature.status === 'trusted'
      ? { status: 'pass', reason: signature.reason, reasonVi: VI.trusted, algorithm: 'Ed25519' }
      : signature.status === 'invalid'
        ? { status: 'fail', reason: signature.reason, reasonVi: VI.invalid, algorithm: 'Ed25519' }
        : { status: 'not_performed', reason: signature.reason, reasonVi: signature.status === 'untrusted' ? VI.untrusted : VI.absent };
  const verdict: Verdict = signature.status === 'invalid' ? 'not_verified' : base;
  const chipAuthentication = checks.chipAuthentication ?? { status: 'not_performed', reason: 'not in the dump' };
  const activeAuthentication = checks.activeAuthentication ?? { status: 'not_performed', reason: 'not in the dump' };
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
